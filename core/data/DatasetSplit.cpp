#include "data/DatasetSplit.h"

#include <cmath>

namespace mozart::data {

const char* partName(DatasetPart part) {
    switch (part) {
    case DatasetPart::Train: return "train";
    case DatasetPart::Validation: return "validation";
    case DatasetPart::Test: return "test";
    }
    return "?";
}

Sha256Digest splitKey(const PieceRecord& record) {
    return record.noteCount > 0 && record.noteDigest != Sha256Digest{} ? record.noteDigest : record.contentDigest;
}

DatasetPart partForKey(const Sha256Digest& key, const SplitConfig& config) {
    Sha256 hash;
    hash.add(std::string("mozart split 1\n"));
    std::uint8_t seed[8];
    for (int i = 0; i < 8; ++i) seed[i] = std::uint8_t(config.seed >> (8 * i));
    hash.add(seed, 8);
    hash.add(key.data(), key.size());
    // 53 bits, exactly representable: u is in [0, 1).
    const double u = double(leadingBits64(hash.finish()) >> 11) * 0x1p-53;
    const double total = config.train + config.validation + config.test;
    if (u < config.train / total) return DatasetPart::Train;
    if (u < (config.train + config.validation) / total) return DatasetPart::Validation;
    return DatasetPart::Test;
}

std::optional<DatasetSplit> splitDataset(const Dataset& dataset, const SplitConfig& config, std::string* error) {
    for (double f : {config.train, config.validation, config.test}) {
        if (!std::isfinite(f) || f < 0) {
            *error = "split fractions must be finite and not negative";
            return std::nullopt;
        }
    }
    if (config.train + config.validation + config.test <= 0) {
        *error = "split fractions must not all be zero";
        return std::nullopt;
    }
    DatasetSplit split;
    for (std::size_t i : dataset.uniquePieces()) {
        switch (partForKey(splitKey(dataset.pieces()[i].record), config)) {
        case DatasetPart::Train: split.train.push_back(i); break;
        case DatasetPart::Validation: split.validation.push_back(i); break;
        case DatasetPart::Test: split.test.push_back(i); break;
        }
    }
    return split;
}

}  // namespace mozart::data
