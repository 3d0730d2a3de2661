// SmfWriter: writes a Score as a format 1 Standard MIDI File: a conductor track first (tempos,
// time and key signatures, score texts), then one track per Score track (name, program, controls,
// pitch bends, lyrics, notes). Files are written atomically: a temporary file beside the target,
// fsync, then rename.
//
// The file reads back (here, in symusic, mido, FluidSynth) with the same notes, tempos, time and
// key signatures, programs and controls:
// - At one tick a track's events go: name, program, controls and pitch bends, lyrics, note-offs,
//   note-ons; a zero-length note's off follows its own on. Note-ons at one tick keep the order of
//   the Score's notes, which readers keep as note order.
// - Equal-time tempos (and time and key signatures, markers) are written in the order that a
//   reader sorting like symusic turns back into the Score's order (SymusicOrder.h).
// - Channels: drum tracks use channel 10; other tracks keep their channel when it is free (or
//   holds the same program), else take a free one, so that a synthesizer plays each program;
//   past 15 melodic channels, tracks share channels (each keeps its own track, so readers still
//   see its program). A moved track may read back with other pedals, because symusic derives
//   pedals per channel (see MidiTrackSplitter.h).
// Limits, by the nature of MIDI: readers pair a note-off with the oldest open note of its pitch,
// so same-pitch notes on one track that nest (the later one ends first) come back with their
// durations exchanged; a track without notes or lyrics is not read back as a track; pedals are
// written as CC 64 only when the track has no CC 64 controls of its own. Out-of-range values are
// clamped (velocity 1-127, data bytes 0-127, tempo 24 bits); notes with pitch above 127 and
// negative times are not representable and are skipped or clamped to 0.
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
