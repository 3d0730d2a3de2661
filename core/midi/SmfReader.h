// SmfReader: parses Standard MIDI Files (formats 0, 1, 2, and RIFF-wrapped RMID) into a Score.
//
// The Score equals what symusic 0.5.8 reads (`symusic.Score(path)`, ticks), so that tokens match
// MidiTok's: events are split like minimidi splits them (SmfEventCursor.h), tracks are formed per
// (MIDI track, channel, program at note-on) and ordered by (channel, program) within a MIDI track,
// notes pair first-in first-out per (channel, pitch), notes left open are dropped, pedals come from
// CC 64 (MidiTrackSplitter.h), and tempos, time and key signatures and markers are sorted by time
// in symusic's (unstable) order (SymusicOrder.h). Checked on the whole corpus (tst_smfreader).
// Beyond symusic, Score::texts also keeps text, copyright and cue-point events.
//
// Never throws on bad bytes and never hangs. Each problem gives one Diagnostic (file, byte offset,
// what is wrong). File structure: see SmfChunks.h. Inside a track:
// - Rejected, as symusic rejects them: control, program and pitch-bend data bytes above 127.
//   Also rejected (symusic silently keeps them as negative int8 values, or misroutes them):
//   note pitches and note-on velocities above 127; event times beyond 2^31 - 1 ticks.
// - Recovered with a warning (symusic rejects or reads garbage): an event cut off by the end of
//   the chunk or a data byte with no running status to repeat (the rest of that track is dropped);
//   a variable-length number longer than 4 bytes (read as 4, as symusic does); tempo, time or key
//   signature events too short to hold their values (ignored); a key signature mode byte other
//   than 0 or 1 (read as minor; symusic keeps the raw byte); an F7 escape event (read as symusic
//   reads it: F7 alone, its bytes as further events).
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
