// DatasetSplit: divides a dataset's pieces into train, validation and test parts, per piece and
// after duplicates are removed, so no piece (nor a copy of it) is ever in two parts. Windows are
// cut afterwards, inside each part: validation loss measures music the model has not seen.
//
// Each piece's part comes from its own key alone: u = SHA-256(seed, key) read as a number in
// [0, 1), then train when u < train fraction, validation when u < train + validation, else test
// (fractions are normalised to sum to 1). The key is the piece's note digest (its byte digest
// when it has no notes), which every duplicate shares. Hence:
// - adding or removing files never moves another piece to another part, and which copy of a
//   duplicate is kept does not matter; re-running with the same seed gives the same split;
// - raising the validation fraction only moves pieces from train to validation, and so on;
// - part sizes follow the fractions only on average (binomially): a 5 % part of 350 pieces holds
//   17 +- 4 of them, and a tiny folder may get an empty part (the caller should warn).
// Shuffling a sorted list would give exact sizes but reshuffles everything when one file is added,
// leaking former validation pieces into training across runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/Dataset.h"
#include "data/Sha256.h"

namespace mozart::data {

enum class DatasetPart : std::uint8_t { Train, Validation, Test };
const char* partName(DatasetPart part);  // "train", "validation", "test"

struct SplitConfig {
    std::uint64_t seed = 0;
    double train = 0.9;
    double validation = 0.05;
    double test = 0.05;
};

struct DatasetSplit {
    // Indices into Dataset::pieces(), duplicates excluded, in path order.
    std::vector<std::size_t> train, validation, test;
    const std::vector<std::size_t>& part(DatasetPart p) const {
        return p == DatasetPart::Train ? train : p == DatasetPart::Validation ? validation : test;
    }
};

// nullopt with `error` when the fractions are negative, not finite or all zero.
std::optional<DatasetSplit> splitDataset(const Dataset& dataset, const SplitConfig& config, std::string* error);

// The key a piece is split by, and the part a key falls in (config assumed valid).
Sha256Digest splitKey(const PieceRecord& record);
DatasetPart partForKey(const Sha256Digest& key, const SplitConfig& config);

}  // namespace mozart::data
