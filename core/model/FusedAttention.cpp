#include "model/FusedAttention.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cstring>

namespace mozart::model {

namespace {

std::uint16_t* bits(const at::Tensor& t) {
    return reinterpret_cast<std::uint16_t*>(t.data_ptr<at::BFloat16>());
}

// Rows first..first+count of every (batch, head) of x [B*H, T, hd], as a contiguous tensor.
// at::bmm on a narrowed [B*H, T, hd] view (batch stride T*hd, not count*hd) leaves oneDNN for
// ATen's slow path: 3x slower than copying first, and our copy is one memcpy per head.
at::Tensor rowsOf(const at::Tensor& x, std::int64_t first, std::int64_t count) {
    const auto BH = x.size(0), T = x.size(1), hd = x.size(2);
    if (first == 0 && count == T) return x;
    auto out = at::empty({BH, count, hd}, x.options());
    const auto* src = x.data_ptr<at::BFloat16>();
    auto* dst = out.data_ptr<at::BFloat16>();
    at::parallel_for(0, BH, 8, [&](std::int64_t h0, std::int64_t h1) {
        for (std::int64_t h = h0; h < h1; ++h)
            std::memcpy(dst + h * count * hd, src + (h * T + first) * hd,
                        std::size_t(count * hd) * sizeof(at::BFloat16));
    });
    return out;
}

}  // namespace

at::Tensor fusedAttentionForward(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                 std::int64_t batch, FusedAttentionState& state) {
    const auto BH = q.size(0), T = q.size(1), hd = q.size(2), H = BH / batch;
    const auto& kern = kernels::table();
    auto out = at::empty({batch * T, H * hd}, q.options());
    state.probs.clear();
    for (std::int64_t s = 0; s < T; s += state.blockSize) {
        const auto b = std::min(state.blockSize, T - s), m = s + b;
        auto scores = at::bmm(rowsOf(q, s, b), rowsOf(k, 0, m).transpose(1, 2));
        auto probs = at::empty_like(scores);
        std::uint16_t* sp = bits(scores);
        std::uint16_t* pp = bits(probs);
        const auto& d = state.dropout;
        at::parallel_for(0, BH, 1, [&](std::int64_t h0, std::int64_t h1) {
            for (std::int64_t h = h0; h < h1; ++h)
                kern.softmaxDropout(sp + h * b * m, pp + h * b * m, b, m, s + 1, d,
                                    std::uint64_t((h * T + s) * T), std::uint64_t(T));
        });
        auto blockOut = at::bmm(scores, rowsOf(v, 0, m));  // [BH, b, hd]
        at::parallel_for(0, BH, 8, [&](std::int64_t h0, std::int64_t h1) {
            kern.mergeHeads(bits(blockOut), bits(out), batch, H, T, hd, s, b, h0, h1);
        });
        state.probs.push_back(std::move(probs));
    }
    return out;
}

at::Tensor fusedAttentionBackward(const at::Tensor& dOut, const at::Tensor& out,
                                  const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                  std::int64_t batch, float qScale, FusedAttentionState& state) {
    const auto BH = q.size(0), T = q.size(1), hd = q.size(2), H = BH / batch;
    const auto& kern = kernels::table();
    // dO in the heads layout, and delta_i = sum_j dP_ij P_ij = dO_i . O_i (dropout included:
    // O = (P * mask) V).
    auto dO = at::empty({BH, T, hd}, q.options());
    auto delta = at::empty({BH, T}, q.options().dtype(at::kFloat));
    const auto dOutC = dOut.contiguous();
    at::parallel_for(0, batch * T, 16, [&](std::int64_t r0, std::int64_t r1) {
        kern.splitHeadsGrad(bits(dOutC), bits(out), bits(dO), delta.data_ptr<float>(), r0, r1, T, H,
                            hd);
    });
    const float* dp = delta.data_ptr<float>();
    auto dQ = at::empty({BH, T, hd}, q.options());
    auto dK = at::zeros({BH, T, hd}, q.options().dtype(at::kFloat));
    auto dV = at::zeros({BH, T, hd}, q.options().dtype(at::kFloat));
    std::size_t blockIndex = 0;
    for (std::int64_t s = 0; s < T; s += state.blockSize, ++blockIndex) {
        const auto b = std::min(state.blockSize, T - s), m = s + b;
        auto& probs = state.probs.at(blockIndex);
        const auto dOb = rowsOf(dO, s, b);
        const auto kb = rowsOf(k, 0, m);
        auto grad = at::bmm(dOb, rowsOf(v, 0, m).transpose(1, 2));  // [BH, b, m]
        std::uint16_t* gp = bits(grad);
        std::uint16_t* pp = bits(probs);
        const auto& d = state.dropout;
        at::parallel_for(0, BH, 1, [&](std::int64_t h0, std::int64_t h1) {
            for (std::int64_t h = h0; h < h1; ++h)
                kern.softmaxDropoutBackward(gp + h * b * m, pp + h * b * m, dp + h * T + s, b, m, d,
                                            std::uint64_t((h * T + s) * T), std::uint64_t(T));
        });
        // dK, dV (float) += the block's products (bf16), head by head: rows 0..m of each.
        const auto accumulateInto = [&](const at::Tensor& acc, const at::Tensor& part) {
            float* dst = acc.data_ptr<float>();
            const std::uint16_t* src = bits(part);
            at::parallel_for(0, BH, 8, [&](std::int64_t h0, std::int64_t h1) {
                for (std::int64_t h = h0; h < h1; ++h)
                    kern.accumulate(dst + h * T * hd, src + h * m * hd, m * hd);
            });
        };
        accumulateInto(dV, at::bmm(probs.transpose(1, 2), dOb));
        accumulateInto(dK, at::bmm(grad.transpose(1, 2), rowsOf(q, s, b)));
        dQ.narrow(1, s, b).copy_(at::bmm(grad, kb));
        probs = at::Tensor();  // free as we go
    }
    state.probs.clear();
    auto dqkv = at::empty({batch * T, 3 * H * hd}, q.options());
    at::parallel_for(0, batch * T, 16, [&](std::int64_t r0, std::int64_t r1) {
        kern.mergeQkvGrad(bits(dQ), dK.data_ptr<float>(), dV.data_ptr<float>(), bits(dqkv), r0, r1,
                          T, H, hd, qScale);
    });
    return dqkv;
}

}  // namespace mozart::model
