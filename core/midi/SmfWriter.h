// SmfWriter: writes a Score as a format 1 Standard MIDI File (tempo track first, then one track
// per Score track). Files are written atomically: a temporary file beside the target, then rename.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "midi/MidiError.h"
#include "midi/Score.h"

namespace mozart::midi {

class SmfWriter {
public:
    static std::vector<std::uint8_t> encode(const Score& score);
    // Returns an error (file, message) when the file cannot be written; the target is untouched then.
    static std::optional<Diagnostic> writeFile(const Score& score, const std::string& path);
};

}  // namespace mozart::midi
