// Dropout: inverted dropout whose mask comes from a counter-based hash instead of ATen's
// bernoulli_, which in LibTorch 1.13 draws each element serially from a Mersenne Twister and
// cost a quarter of a CPU training step (attention weights alone are B*H*T*T elements a layer).
//
// The mask is a pure function of (seed, element index), so results do not depend on the thread
// count; the seed is drawn from ATen's default CPU generator, so at::manual_seed() makes a run
// reproducible. Gradients flow as for x * mask.
#pragma once

#include <ATen/core/Tensor.h>

namespace mozart::model {

// Returns x when p == 0 or !training; else x * mask with mask in {0, 1/(1-p)} (float32, so
// the result is float32 or wider). Keep probability is quantized to 1/65536.
at::Tensor fastDropout(const at::Tensor& x, double p, bool training);

// A fresh seed from ATen's default CPU generator (what fastDropout uses for each call).
std::uint64_t drawDropoutSeed();

// The mask alone, for a given seed (tests; reuse across tensors of the same shape).
at::Tensor dropoutMask(at::IntArrayRef shape, double p, std::uint64_t seed);

}  // namespace mozart::model
