// DatasetStatistics: the figures the dataset browser shows for a folder and for each style
// label: files, pieces, duplicates, errors, notes, tokens, duration, a pitch histogram and how
// dense the pieces are. Notes, tokens, duration and the histograms count each piece once
// (duplicates removed); `files` counts everything that was found.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/Dataset.h"

namespace mozart::data {

// Notes per second over the pieces that last a positive time, each piece one value.
struct NoteDensitySummary {
    std::size_t pieces = 0;
    double mean = 0, median = 0, min = 0, max = 0;
};

struct GroupStatistics {
    std::string label;       // "" for the whole folder and for files in its root
    std::size_t files = 0;   // MIDI files found: pieces + duplicates + errors
    std::size_t pieces = 0;  // usable and unique
    std::size_t duplicates = 0;
    std::size_t errors = 0;
    std::uint64_t notes = 0;
    std::uint64_t tokens = 0;
    double seconds = 0;
    std::array<std::uint64_t, 128> pitchHistogram{};  // pitched (non-drum) notes per MIDI pitch
    NoteDensitySummary density;
};

struct DatasetStatistics {
    GroupStatistics total;
    // One per label in Dataset::labels() order, then one with an empty label for root files
    // (only when there are any).
    std::vector<GroupStatistics> byLabel;
};

DatasetStatistics computeStatistics(const Dataset& dataset);

}  // namespace mozart::data
