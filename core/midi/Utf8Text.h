// Utf8Text: turns the raw bytes of a MIDI text event into valid UTF-8 the way symusic does (it uses
// utf8cpp's replace_invalid), so names, lyrics and markers compare equal with symusic's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace mozart::midi {

// Copies valid UTF-8 sequences and writes U+FFFD for each invalid one: one mark per bad lead byte,
// one per malformed sequence together with its continuation bytes, one for a sequence cut off by
// the end of the text (which ends the text).
std::string sanitizeUtf8(const std::uint8_t* data, std::size_t size);

}  // namespace mozart::midi
