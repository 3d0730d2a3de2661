#include "data/DatasetStatistics.h"

#include <algorithm>

namespace mozart::data {

namespace {

struct Accumulator {
    GroupStatistics stats;
    std::vector<double> densities;

    void addPiece(const PieceRecord& r) {
        ++stats.pieces;
        stats.notes += r.noteCount;
        stats.tokens += r.tokenCount;
        stats.seconds += r.durationSeconds;
        for (int p = 0; p < 128; ++p) stats.pitchHistogram[p] += r.pitchHistogram[p];
        if (r.durationSeconds > 0) densities.push_back(double(r.noteCount) / r.durationSeconds);
    }

    GroupStatistics finish() {
        auto& d = stats.density;
        d.pieces = densities.size();
        if (!densities.empty()) {
            std::sort(densities.begin(), densities.end());
            double sum = 0;
            for (double v : densities) sum += v;
            d.mean = sum / double(densities.size());
            const std::size_t n = densities.size();
            d.median = n % 2 ? densities[n / 2] : (densities[n / 2 - 1] + densities[n / 2]) / 2;
            d.min = densities.front();
            d.max = densities.back();
        }
        return stats;
    }
};

}  // namespace

DatasetStatistics computeStatistics(const Dataset& dataset) {
    const std::size_t labels = dataset.labels().size();
    Accumulator total;
    std::vector<Accumulator> groups(labels + 1);  // the last one: files in the root
    auto groupOf = [&](int label) -> Accumulator& {
        return groups[label >= 0 && std::size_t(label) < labels ? std::size_t(label) : labels];
    };
    for (const auto& piece : dataset.pieces()) {
        for (Accumulator* a : {&total, &groupOf(piece.label)}) {
            ++a->stats.files;
            if (piece.duplicate)
                ++a->stats.duplicates;
            else
                a->addPiece(piece.record);
        }
    }
    for (const auto& error : dataset.errors()) {
        for (Accumulator* a : {&total, &groupOf(error.label)}) {
            ++a->stats.files;
            ++a->stats.errors;
        }
    }

    DatasetStatistics out;
    out.total = total.finish();
    for (std::size_t i = 0; i < labels; ++i) {
        groups[i].stats.label = dataset.labels()[i];
        out.byLabel.push_back(groups[i].finish());
    }
    if (groups[labels].stats.files > 0) out.byLabel.push_back(groups[labels].finish());
    return out;
}

}  // namespace mozart::data
