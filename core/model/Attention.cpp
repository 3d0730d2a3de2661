#include "model/Attention.h"

#include <cmath>
#include <limits>
#include <vector>

#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/gt.h>
#include <ATen/ops/masked_fill.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/mul.h>
#include <ATen/ops/softmax.h>

#include "model/Dropout.h"

namespace mozart::model {

namespace {

// True where query (at position qStart + i) must not see key j: j > qStart + i.
at::Tensor futureMask(std::int64_t qStart, std::int64_t n, std::int64_t m) {
    auto qpos = at::arange(qStart, qStart + n, at::TensorOptions().dtype(at::kLong)).unsqueeze(1);
    auto kpos = at::arange(0, m, at::TensorOptions().dtype(at::kLong)).unsqueeze(0);
    return at::gt(kpos, qpos);
}

at::Tensor weights(const at::Tensor& q, const at::Tensor& k, const at::Tensor& mask) {
    auto scores = at::matmul(q, k.transpose(-2, -1));
    if (mask.defined()) scores = scores.masked_fill(mask, -std::numeric_limits<double>::infinity());
    return at::softmax(scores, -1);
}

}  // namespace

at::Tensor causalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                           double dropout, bool training, std::int64_t blockSize) {
    const auto n = q.size(2);
    // Scaling q (n x hd) is cheaper than scaling the scores (n x n).
    const auto qs = at::mul(q, 1.0 / std::sqrt(double(q.size(3))));
    std::vector<at::Tensor> blocks;
    for (std::int64_t s = 0; s < n; s += blockSize) {
        const auto b = std::min(blockSize, n - s);
        // Keys after the block's last query are masked for all its queries: leave them out.
        const auto kb = k.narrow(2, 0, s + b), vb = v.narrow(2, 0, s + b);
        auto w = weights(qs.narrow(2, s, b), kb, futureMask(s, b, s + b));
        blocks.push_back(at::matmul(fastDropout(w, dropout, training), vb));
    }
    return blocks.size() == 1 ? blocks.front() : at::cat(blocks, 2);
}

at::Tensor cachedAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                           std::int64_t start) {
    const auto n = q.size(2);
    const auto qs = at::mul(q, 1.0 / std::sqrt(double(q.size(3))));
    // One new query sees every cached key: no mask.
    const auto mask = n > 1 ? futureMask(start, n, start + n) : at::Tensor();
    return at::matmul(weights(qs, k, mask), v);
}

}  // namespace mozart::model
