// SmfReader: parses Standard MIDI Files (formats 0, 1, 2, and RIFF-wrapped RMID) into a Score.
//
// Follows symusic's reading rules so that the Score tokenizes exactly as in MidiTok: one track per
// (MIDI track, channel, program at note-on), ordered by (channel, program) within a MIDI track;
// FIFO pairing of note-on/note-off per (channel, pitch); notes left open are dropped. Never throws
// on bad bytes and never hangs: a damaged file gives an error, or a partial score with warnings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "midi/MidiError.h"
#include "midi/Score.h"

namespace mozart::midi {

struct ReadResult {
    std::optional<Score> score;          // empty when the file was rejected
    std::optional<Diagnostic> error;     // set when rejected
    std::vector<Diagnostic> warnings;    // problems that were recovered from

    bool ok() const { return score.has_value(); }
};

class SmfReader {
public:
    // Reads and parses a file. `path` names the file in every diagnostic.
    static ReadResult readFile(const std::string& path);
    // Parses bytes already in memory; `name` is used in diagnostics.
    static ReadResult parse(const std::uint8_t* data, std::size_t size, const std::string& name);
};

}  // namespace mozart::midi
