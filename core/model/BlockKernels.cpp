// The portable copy of the fused block's loops, the DropoutSpec maker and the run-time choice
// between this copy and the AVX-512 one (BlockKernelsAvx512.cpp).
#include "model/BlockKernels.h"

#include <cmath>
#include <cstdint>

#define MOZART_KERNEL_NS mozart_kernels_portable
#include "model/BlockKernelsImpl.inc"
#undef MOZART_KERNEL_NS

namespace mozart::model::kernels {

const Table& avx512Table();  // BlockKernelsAvx512.cpp

DropoutSpec makeDropout(double p, bool training, std::uint64_t seed) {
    DropoutSpec d;
    if (!training || p <= 0.0) return d;
    d.active = true;
    d.key = mozart_kernels_portable::mix(seed + 0x9e3779b97f4a7c15ULL);
    d.threshold = std::uint32_t(std::lround((1.0 - p) * 65536.0));
    d.scale = d.threshold == 0 ? 0.0f : float(65536.0 / double(d.threshold));
    return d;
}

const Table& portableTable() {
    static const Table t = mozart_kernels_portable::makeTable();
    return t;
}

const Table& table() {
    static const Table& t = [&]() -> const Table& {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
            __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
            __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi2"))
            return avx512Table();
        return portableTable();
    }();
    return t;
}

}  // namespace mozart::model::kernels
