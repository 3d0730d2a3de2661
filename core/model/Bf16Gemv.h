// Bf16Gemv: y = W x + b with W stored as bfloat16 and x, b, y as float32 - the matrix-vector
// product that dominates decoding one token. Decoding is bound by how fast the weights stream
// from memory, so halving their size nearly halves its time; LibTorch 1.13 has no fast bf16
// gemv, hence this one (AVX-512 or AVX2 chosen at run time, plain C++ otherwise). The products
// are done in float32: only the weights are rounded.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace mozart::model {

// w: bfloat16 [rows, cols] contiguous; x: float [cols]; bias: float [rows] or undefined.
// Returns float [rows]. Splits rows over ATen's threads.
at::Tensor bf16Gemv(const at::Tensor& w, const at::Tensor& x, const at::Tensor& bias);

// The same product on raw pointers, without bias, on the calling thread: y[rows] = W x with W
// bf16 [rows, cols] row-major (as uint16 bit patterns).
void bf16GemvRows(const std::uint16_t* w, const float* x, std::int64_t rows, std::int64_t cols,
                  float* y);

// Which kernel bf16Gemv uses on this CPU: "avx512", "avx2" or "generic".
const char* bf16GemvKernel();

}  // namespace mozart::model
