#include "model/Bf16Gemv.h"

#include <cstring>
#include <stdexcept>

#include <immintrin.h>

#include <ATen/Parallel.h>
#include <ATen/ops/empty.h>

namespace mozart::model {

namespace {

using Kernel = void (*)(const std::uint16_t*, const float*, std::int64_t, std::int64_t,
                        std::int64_t, float*);

inline float bf16ToFloat(std::uint16_t v) {
    const std::uint32_t bits = std::uint32_t(v) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

// Rows [r0, r1) of W x into y (no bias).
void rowsGeneric(const std::uint16_t* w, const float* x, std::int64_t cols, std::int64_t r0,
                 std::int64_t r1, float* y) {
    for (std::int64_t r = r0; r < r1; ++r) {
        const std::uint16_t* row = w + r * cols;
        float sum = 0.0f;
        for (std::int64_t c = 0; c < cols; ++c) sum += bf16ToFloat(row[c]) * x[c];
        y[r] = sum;
    }
}

__attribute__((target("avx2,fma"))) void rowsAvx2(const std::uint16_t* w, const float* x,
                                                  std::int64_t cols, std::int64_t r0,
                                                  std::int64_t r1, float* y) {
    for (std::int64_t r = r0; r < r1; ++r) {
        const std::uint16_t* row = w + r * cols;
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
        std::int64_t c = 0;
        for (; c + 16 <= cols; c += 16) {
            // bf16 -> f32 is a 16-bit left shift of the bit pattern.
            const __m256i raw = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + c));
            const __m256 lo = _mm256_castsi256_ps(
                _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm256_castsi256_si128(raw)), 16));
            const __m256 hi = _mm256_castsi256_ps(
                _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm256_extracti128_si256(raw, 1)), 16));
            acc0 = _mm256_fmadd_ps(lo, _mm256_loadu_ps(x + c), acc0);
            acc1 = _mm256_fmadd_ps(hi, _mm256_loadu_ps(x + c + 8), acc1);
        }
        alignas(32) float lanes[8];
        _mm256_store_ps(lanes, _mm256_add_ps(acc0, acc1));
        float sum = 0.0f;
        for (float v : lanes) sum += v;
        for (; c < cols; ++c) sum += bf16ToFloat(row[c]) * x[c];
        y[r] = sum;
    }
}

// GCC 12 warns about the intentionally undefined upper halves inside its own AVX-512 headers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
__attribute__((target("avx512f"))) void rowsAvx512(const std::uint16_t* w, const float* x,
                                                   std::int64_t cols, std::int64_t r0,
                                                   std::int64_t r1, float* y) {
    for (std::int64_t r = r0; r < r1; ++r) {
        const std::uint16_t* row = w + r * cols;
        __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
        std::int64_t c = 0;
        for (; c + 32 <= cols; c += 32) {
            const __m512i raw = _mm512_loadu_si512(row + c);
            const __m512 lo = _mm512_castsi512_ps(
                _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_castsi512_si256(raw)), 16));
            const __m512 hi = _mm512_castsi512_ps(
                _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_extracti64x4_epi64(raw, 1)), 16));
            acc0 = _mm512_fmadd_ps(lo, _mm512_loadu_ps(x + c), acc0);
            acc1 = _mm512_fmadd_ps(hi, _mm512_loadu_ps(x + c + 16), acc1);
        }
        float sum = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
        for (; c < cols; ++c) sum += bf16ToFloat(row[c]) * x[c];
        y[r] = sum;
    }
}

#pragma GCC diagnostic pop

struct Choice {
    Kernel kernel;
    const char* name;
};

Choice choose() {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return {rowsAvx512, "avx512"};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return {rowsAvx2, "avx2"};
    return {rowsGeneric, "generic"};
}

const Choice& chosen() {
    static const Choice c = choose();
    return c;
}

}  // namespace

const char* bf16GemvKernel() { return chosen().name; }

void bf16GemvRows(const std::uint16_t* w, const float* x, std::int64_t rows, std::int64_t cols,
                  float* y) {
    chosen().kernel(w, x, cols, 0, rows, y);
}

at::Tensor bf16Gemv(const at::Tensor& w, const at::Tensor& x, const at::Tensor& bias) {
    if (w.scalar_type() != at::kBFloat16 || w.dim() != 2 || !w.is_contiguous() ||
        x.scalar_type() != at::kFloat || x.numel() != w.size(1))
        throw std::invalid_argument(
            "bf16Gemv: needs contiguous bf16 [rows, cols] and float [cols]");
    const auto rows = w.size(0), cols = w.size(1);
    const auto xc = x.contiguous();
    auto y = at::empty({rows}, at::TensorOptions().dtype(at::kFloat));
    const auto* wp = reinterpret_cast<const std::uint16_t*>(w.data_ptr());
    const float* xp = xc.data_ptr<float>();
    float* yp = y.data_ptr<float>();
    const Kernel kernel = chosen().kernel;
    // ~64 KiB of weights per task: enough to amortize waking a thread.
    const std::int64_t grain = std::max<std::int64_t>(1, 32768 / std::max<std::int64_t>(cols, 1));
    at::parallel_for(0, rows, grain,
                     [&](std::int64_t r0, std::int64_t r1) { kernel(wp, xp, cols, r0, r1, yp); });
    if (bias.defined()) y.add_(bias);
    return y;
}

}  // namespace mozart::model
