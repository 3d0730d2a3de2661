// NoteDigest: a digest of what a piece plays, to find the same music saved under another name
// with other bytes (another track layout, other meta events, another resolution).
//
// Covered: every note's onset, duration, pitch and whether it is a drum note, across all tracks,
// in a canonical order. Left out on purpose, as they do not make another piece: track names and
// order, programs, channels, velocities, tempos, meta events, and a constant time offset (onsets
// count from the first note) or a uniform change of resolution (times are divided by their common
// divisor with the ticks per quarter note). Music that differs in any note is not a duplicate;
// near-duplicates (another arrangement, a few changed notes) are not detected.
#pragma once

#include "data/Sha256.h"
#include "midi/Score.h"

namespace mozart::data {

// All zero bytes for a score without notes (such scores are never note duplicates of each other).
Sha256Digest noteDigest(const midi::Score& score);

}  // namespace mozart::data
