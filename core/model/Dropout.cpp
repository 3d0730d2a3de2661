#include "model/Dropout.h"

#include <cmath>
#include <mutex>

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/mul.h>

namespace mozart::model {

namespace {

// splitmix64's finalizer: a bijective mix whose outputs pass BigCrush for consecutive inputs.
inline std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

}  // namespace

std::uint64_t drawDropoutSeed() {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    return gen.get<at::CPUGeneratorImpl>()->random64();
}

at::Tensor dropoutMask(at::IntArrayRef shape, double p, std::uint64_t seed) {
    auto mask = at::empty(shape, at::TensorOptions().dtype(at::kFloat));
    float* out = mask.data_ptr<float>();
    const std::int64_t n = mask.numel();
    // Each 64-bit hash gives four 16-bit uniforms; keep an element when its uniform is below
    // threshold.
    const std::uint32_t threshold = std::uint32_t(std::lround((1.0 - p) * 65536.0));
    const float scale = threshold == 0 ? 0.0f : float(65536.0 / double(threshold));
    const std::uint64_t key = mix(seed + 0x9e3779b97f4a7c15ULL);
    at::parallel_for(0, (n + 3) / 4, 16384, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t g = begin; g < end; ++g) {
            std::uint64_t bits =
                mix(key + std::uint64_t(g) * 0x9e3779b97f4a7c15ULL);  // splitmix64 stream
            const std::int64_t first = g * 4, last = std::min(first + 4, n);
            for (std::int64_t i = first; i < last; ++i, bits >>= 16)
                out[i] = (bits & 0xffff) < threshold ? scale : 0.0f;
        }
    });
    return mask;
}

at::Tensor fastDropout(const at::Tensor& x, double p, bool training) {
    if (!training || p <= 0.0) return x;
    return at::mul(x, dropoutMask(x.sizes(), p, drawDropoutSeed()));
}

}  // namespace mozart::model
