// TokenSampler: picks the next token from one row of logits with temperature, top-k and top-p
// (nucleus) sampling, among the tokens a mask allows. Its random numbers come from its own
// std::mt19937_64 seeded by the caller, never from ATen's global generator, so a seed gives the
// same choices whatever else runs in the process; ties are broken by token id.
//
// Buffers are sized once: sample() does not allocate. One sampler per sequence; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "generate/GenerationSettings.h"

namespace mozart::generate {

class TokenSampler {
public:
    TokenSampler(const SamplingSettings& settings, std::uint64_t seed, std::size_t vocabSize);

    // logits: vocabSize floats; mask: vocabSize bytes, non-zero = allowed (nullptr: all).
    // Returns the chosen id, or -1 when no allowed token has a finite logit.
    std::int32_t sample(const float* logits, const std::uint8_t* mask);

private:
    SamplingSettings settings_;
    std::mt19937_64 rng_;
    std::size_t vocabSize_;
    std::vector<std::int32_t> ids_;
    std::vector<double> weights_;
};

}  // namespace mozart::generate
