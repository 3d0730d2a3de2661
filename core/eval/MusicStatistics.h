// MusicStatistics: eleven numbers that describe a piece, after MusPy's metrics
// (muspy/metrics/metrics.py), computed on a midi::Score. Used the same way for generated pieces
// and for the corpus (both as the tokenizer sees them, see CorpusPieces.h), so their
// distributions can be compared (StatisticDistribution.h).
//
// Definitions (a "beat" is a quarter note, MusPy's resolution unit; drums are left out exactly
// where MusPy leaves them out: everything but the empty-beat rate and groove consistency):
// - pitch range: highest minus lowest pitch; 0 without a pitched note (MusPy returns 0 too).
// - pitch classes used: distinct pitch classes (0..12).
// - pitch / pitch-class entropy: Shannon entropy in bits of the normalised note-count histogram
//   over the 128 pitches / 12 pitch classes.
// - polyphony: the mean number of pitches sounding, over the time where at least one sounds
//   (MusPy's binary piano roll: a pitch doubled by two tracks counts once). Measured exactly on
//   the score's ticks instead of a resampled grid.
// - scale consistency: the largest share of notes inside one major or natural-minor scale.
// - note density: pitched notes per beat, over the piece's length (the end of its last note).
// - empty-beat rate: the share of beats of the piece in which no note (drums included) sounds.
//   A note sounds in the beats its time span [start, end) overlaps; MusPy also marks the beat its
//   end falls in and counts one beat past the end, so a piece of 8 one-beat notes gives 0 of 8
//   here and 0 of 9 there, and a whole empty bar out of three gives 1/3 here and 3/13 in MusPy.
// - groove consistency: 1 - (summed Hamming distances of the onset patterns of neighbouring bars)
//   / (summed bar lengths), onsets (drums included) quantised to 24 steps per beat, MusPy's
//   default resolution. Bars follow the score's time signatures (MusPy assumes one). The piece
//   has as many bars as its notes reach into (MusPy adds an empty one when the last note ends on
//   a bar line).
// - mean note duration (beats) and mean velocity of the pitched notes.
// NaN where the statistic is undefined (no note; fewer than two bars for groove consistency).
#pragma once

#include <array>
#include <cstddef>
#include <string>

#include "midi/Score.h"

namespace mozart::eval {

enum class Statistic : int {
    PitchRange,
    PitchClassesUsed,
    PitchEntropy,
    PitchClassEntropy,
    Polyphony,
    ScaleConsistency,
    NoteDensity,
    EmptyBeatRate,
    GrooveConsistency,
    MeanDuration,
    MeanVelocity,
};
constexpr std::size_t kStatisticCount = 11;

struct StatisticInfo {
    const char* key;    // JSON key, e.g. "pitch_range"
    const char* name;   // for tables and plots, e.g. "Pitch range"
    const char* unit;   // "semitones", "bits", "" ...
    double low, high;   // the range histograms are drawn over (values outside go to the end bins)
};
const StatisticInfo& statisticInfo(Statistic statistic);
inline const StatisticInfo& statisticInfo(std::size_t index) { return statisticInfo(Statistic(int(index))); }

using StatisticValues = std::array<double, kStatisticCount>;

StatisticValues computeStatistics(const midi::Score& score);

// The single statistics, for tests and for callers that need one.
double pitchRange(const midi::Score& score);
double pitchClassesUsed(const midi::Score& score);
double pitchEntropy(const midi::Score& score);
double pitchClassEntropy(const midi::Score& score);
double polyphony(const midi::Score& score);
double scaleConsistency(const midi::Score& score);
double noteDensity(const midi::Score& score);
double emptyBeatRate(const midi::Score& score);
double grooveConsistency(const midi::Score& score);
double meanDuration(const midi::Score& score);
double meanVelocity(const midi::Score& score);

}  // namespace mozart::eval
