#include "generate/TokenSampler.h"

#include <algorithm>
#include <cmath>

namespace mozart::generate {

TokenSampler::TokenSampler(const SamplingSettings& settings, std::uint64_t seed, std::size_t vocabSize)
    : settings_(settings), rng_(seed), vocabSize_(vocabSize) {
    ids_.reserve(vocabSize);
    weights_.reserve(vocabSize);
}

std::int32_t TokenSampler::sample(const float* logits, const std::uint8_t* mask) {
    ids_.clear();
    for (std::size_t i = 0; i < vocabSize_; ++i) {
        if ((mask == nullptr || mask[i] != 0) && std::isfinite(logits[i])) {
            ids_.push_back(static_cast<std::int32_t>(i));
        }
    }
    // One draw per token whatever happens below, so the stream stays aligned across settings.
    const double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
    if (ids_.empty()) return -1;
    const auto higher = [logits](std::int32_t a, std::int32_t b) {
        return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
    };
    std::size_t n = ids_.size();
    if (settings_.topK > 0 && static_cast<std::size_t>(settings_.topK) < n) {
        n = static_cast<std::size_t>(settings_.topK);
        std::nth_element(ids_.begin(), ids_.begin() + static_cast<std::ptrdiff_t>(n - 1), ids_.end(), higher);
        ids_.resize(n);
    }
    if (settings_.topP < 1.0) std::sort(ids_.begin(), ids_.end(), higher);
    float best = logits[ids_[0]];
    for (std::size_t i = 1; i < n; ++i) best = std::max(best, logits[ids_[i]]);
    const double invT = 1.0 / settings_.temperature;
    weights_.resize(n);
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        weights_[i] = std::exp((static_cast<double>(logits[ids_[i]]) - best) * invT);
        total += weights_[i];
    }
    if (settings_.topP < 1.0) {
        // Smallest prefix (most likely first) whose mass reaches topP; the first always stays.
        double cumulative = 0;
        std::size_t keep = 0;
        while (keep < n) {
            cumulative += weights_[keep++];
            if (cumulative >= settings_.topP * total) break;
        }
        n = keep;
        total = cumulative;
    }
    double target = u * total;
    for (std::size_t i = 0; i < n; ++i) {
        target -= weights_[i];
        if (target < 0) return ids_[i];
    }
    return ids_[n - 1];
}

}  // namespace mozart::generate
