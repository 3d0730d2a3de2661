// MidiTokTimeAdjust: MidiTok's helpers for moving times between ticks-per-beat sections
// (_adjust_time_to_tpb, __convert_resampling_ratios_ticks_to_idx) and its bar arithmetic, with
// numpy's slicing and argmax semantics. Internal to the REMI preprocessing.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "remi/ScorePreprocessor.h"

namespace mozart::remi::miditok {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();  // Python's None as a slice end

// numpy's a[first:last] bounds, with last == kNone meaning "to the end".
std::pair<std::size_t, std::size_t> sliceBounds(std::size_t first, std::size_t last, std::size_t size);
// np.argmax(values[first:] >= threshold): 0 when nothing matches.
std::size_t argmaxAtLeast(const std::vector<Tick>& values, std::size_t first, Tick threshold);
// MusicTokenizer.__convert_resampling_ratios_ticks_to_idx (indices kept relative, as MidiTok does).
std::vector<TicksPerBeatSection> sectionsAsIndices(const std::vector<TicksPerBeatSection>& factors,
                                                   const std::vector<Tick>& times);
// MusicTokenizer._adjust_time_to_tpb: each section's values rounded (half to even) to a multiple
// of its factor; `endTick` of every section but the last is read as an index.
void adjustTimeToTpb(std::vector<Tick>& values, const std::vector<TicksPerBeatSection>& sections,
                     std::optional<int> minDuration = std::nullopt);
int ticksPerBeatFor(int denominator, int tpq);  // compute_ticks_per_beat
Tick ticksPerBar(int numerator, int denominator, int tpq);  // compute_ticks_per_bar
Tick floorDiv(Tick a, Tick b);  // Python's //

}  // namespace mozart::remi::miditok
