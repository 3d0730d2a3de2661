#include "model/FusedBlock.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <c10/core/impl/LocalDispatchKeySet.h>
#include <torch/csrc/autograd/custom_function.h>

#include <cmath>

#include "model/BlockKernels.h"
#include "model/Dropout.h"
#include "model/FusedAttention.h"

namespace mozart::model {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

std::uint16_t* bits(const at::Tensor& t) {
    return reinterpret_cast<std::uint16_t*>(t.data_ptr<at::BFloat16>());
}

at::Tensor bf16(const at::Tensor& t) { return t.to(at::kBFloat16).contiguous(); }

// Rows 0..n split over the threads, at least `grain` per chunk.
template <class F>
void rows(std::int64_t n, F&& f, std::int64_t grain = 16) {
    at::parallel_for(0, n, grain, [&](std::int64_t r0, std::int64_t r1) { f(r0, r1); });
}

// A named span in torch's profiler (model_speed --profile); nearly free when it is off.
class Section {
public:
    explicit Section(const char* name) { open(name); }
    void next(const char* name) {
        record_.reset();
        open(name);
    }

private:
    void open(const char* name) {
        record_ = std::make_unique<at::RecordFunction>(at::RecordScope::USER_SCOPE);
        if (record_->isActive()) record_->before(name);
    }
    std::unique_ptr<at::RecordFunction> record_;
};

std::int64_t asInt(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t asSeed(const at::IValue& v) { return static_cast<std::uint64_t>(v.toInt()); }

// q (times 1/sqrt(hd)), k, v [B*H, T, hd] bf16 from h1 [B*T, D] bf16: one product, bias added.
void projectQkv(const at::Tensor& h1, const at::Tensor& wQkv, const at::Tensor& bQkv,
                std::int64_t B, std::int64_t H, at::Tensor& q, at::Tensor& k, at::Tensor& v) {
    const auto N = h1.size(0), T = N / B, hd = h1.size(1) / H;
    auto qkv = at::mm(h1, wQkv.t());
    q = at::empty({B * H, T, hd}, h1.options()), k = at::empty_like(q), v = at::empty_like(q);
    const float qScale = float(1.0 / std::sqrt(double(hd)));
    rows(N, [&](std::int64_t r0, std::int64_t r1) {
        kernels::table().splitQkv(bits(qkv), bQkv.data_ptr<float>(), bits(q), bits(k), bits(v),
                                  r0, r1, T, H, hd, qScale);
    });
}

// The feed-forward branch's hidden layer: up = h2 Wup^T, then in place bias, activation and
// dropout (ReLU; saved, its zeros are the backward's mask) or bias alone (GELU; the saved
// pre-activation) with the activation and dropout written to the returned matrix.
at::Tensor hiddenForward(const at::Tensor& h2, const at::Tensor& wUp, const at::Tensor& bUp,
                         bool gelu, const kernels::DropoutSpec& drop, at::Tensor& up) {
    const auto& kern = kernels::table();
    const auto N = h2.size(0), F = wUp.size(0);
    up = at::mm(h2, wUp.t());  // [N, F]
    auto act = gelu ? at::empty_like(up) : up;
    rows(N, [&](std::int64_t r0, std::int64_t r1) {
        if (gelu)
            kern.biasGelu(bits(up), bUp.data_ptr<float>(), bits(act), r0, r1, F, drop);
        else
            kern.biasRelu(bits(up), bUp.data_ptr<float>(), r0, r1, F, drop);
    });
    return act;
}

struct FeedForwardGrads {
    at::Tensor dx2, dNorm2W, dNorm2B, dUpW, dUpB, dDownW, dDownB;
};

// Backward of y = x2 + drop2(dropF(act(LN2(x2) Wup^T + bup)) Wdown^T + bdown), from dy [N, D].
FeedForwardGrads feedForwardBackward(AutogradContext* ctx, const at::Tensor& dy) {
    const auto& kern = kernels::table();
    auto& s = ctx->saved_data;
    const auto need = [&](std::size_t input) { return ctx->needs_input_grad(input); };
    const at::Tensor none;
    const auto N = dy.size(0), D = dy.size(1);
    const double dropout = s["dropout"].toDouble();
    const bool training = s["training"].toBool(), gelu = s["gelu"].toBool();
    const auto x2 = s["x2"].toTensor(), h2 = s["h2"].toTensor(), up = s["up"].toTensor();
    const auto wUp = s["wUp"].toTensor(), wDown = s["wDown"].toTensor();
    const auto F = wUp.size(0);
    FeedForwardGrads r;
    auto g2 = at::empty({N, D}, dy.options());
    auto g2b = at::empty({N, D}, h2.options());
    const auto drop2 = kernels::makeDropout(dropout, training, asSeed(s["seed2"]));
    rows(N, [&](std::int64_t r0, std::int64_t r1) {
        kern.dropoutGrad(dy.data_ptr<float>(), g2.data_ptr<float>(), bits(g2b), r0, r1, D, drop2);
    });
    r.dDownB = need(12) ? g2.sum(0) : none;
    auto dUp = at::mm(g2b, wDown);  // [N, F]
    auto dUpB = at::empty({F}, dy.options());
    const auto dropF =
        kernels::makeDropout(s["dropoutF"].toDouble(), training, asSeed(s["seedF"]));
    // GELU's output (times its dropout mask), recomputed by the gradient loop, for the down
    // weight's gradient; ReLU's was saved.
    auto act = !gelu ? up : need(11) ? at::empty_like(up) : none;
    at::parallel_for(0, F, 256, [&](std::int64_t c0, std::int64_t c1) {
        if (gelu)
            kern.geluGradColumns(bits(dUp), bits(up), act.defined() ? bits(act) : nullptr, N, F,
                                 c0, c1, dUpB.data_ptr<float>(), dropF);
        else
            kern.reluGradColumns(bits(dUp), bits(up), N, F, c0, c1, dUpB.data_ptr<float>(),
                                 dropF.active ? dropF.scale : 1.0f);
    });
    r.dUpB = dUpB;
    r.dDownW = need(11) ? at::mm(g2b.t(), act).to(at::kFloat) : none;
    act = at::Tensor();
    r.dUpW = need(9) ? at::mm(dUp.t(), h2).to(at::kFloat) : none;
    auto dh2 = at::mm(dUp, wUp).to(at::kFloat);
    dUp = at::Tensor();
    auto ln2 = at::native_layer_norm_backward(dh2, x2, {D}, s["mean2"].toTensor(),
                                              s["rstd2"].toTensor(), s["norm2W"].toTensor(),
                                              s["norm2B"].toTensor(), {true, need(7), need(8)});
    r.dx2 = std::get<0>(ln2).add_(dy);
    r.dNorm2W = std::get<1>(ln2), r.dNorm2B = std::get<2>(ln2);
    return r;
}

struct BlockFunction : torch::autograd::Function<BlockFunction> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& xIn, const at::Tensor& norm1W,
                              const at::Tensor& norm1B, const at::Tensor& qkvW,
                              const at::Tensor& qkvB, const at::Tensor& outW,
                              const at::Tensor& outB, const at::Tensor& norm2W,
                              const at::Tensor& norm2B, const at::Tensor& upW,
                              const at::Tensor& upB, const at::Tensor& downW,
                              const at::Tensor& downB, std::int64_t heads, double eps,
                              double dropout, bool training, std::int64_t attentionBlock,
                              bool gelu, double dropoutF) {
        // Our operands are already bf16 where they should be; autocast would only get in the way.
        c10::impl::ExcludeDispatchKeyGuard noAutocast(c10::DispatchKey::AutocastCPU);
        const auto& kern = kernels::table();
        const auto B = xIn.size(0), T = xIn.size(1), D = xIn.size(2), N = B * T, H = heads;
        const auto x = xIn.reshape({N, D}).to(at::kFloat).contiguous();
        auto wQkv = bf16(qkvW), wOut = bf16(outW), wUp = bf16(upW), wDown = bf16(downW);
        auto bQkv = qkvB.to(at::kFloat).contiguous(), bOut = outB.to(at::kFloat).contiguous();
        auto bUp = upB.to(at::kFloat).contiguous(), bDown = downB.to(at::kFloat).contiguous();

        Section section("fused.fwd.qkv");
        auto ln1 = at::native_layer_norm(x, {D}, norm1W, norm1B, eps);
        auto h1 = bf16(std::get<0>(ln1));
        at::Tensor q, k, v;
        projectQkv(h1, wQkv, bQkv, B, H, q, k, v);

        section.next("fused.fwd.attention");
        FusedAttentionState attention;
        const auto seedAttention = drawDropoutSeed();
        attention.dropout = kernels::makeDropout(dropout, training, seedAttention);
        attention.blockSize = attentionBlock;
        auto att = fusedAttentionForward(q, k, v, B, attention);

        // Drawn in the plain path's order (its fastDropout calls); the feed-forward seed only when
        // that dropout is on, so models without it keep their random stream.
        const auto seed1 = drawDropoutSeed();
        const auto seedF = training && dropoutF > 0.0 ? drawDropoutSeed() : 0;
        const auto seed2 = drawDropoutSeed();
        const auto drop1 = kernels::makeDropout(dropout, training, seed1);
        const auto dropF = kernels::makeDropout(dropoutF, training, seedF);
        const auto drop2 = kernels::makeDropout(dropout, training, seed2);
        section.next("fused.fwd.out");
        auto proj = at::mm(att, wOut.t());
        auto x2 = at::empty({N, D}, x.options());
        rows(N, [&](std::int64_t r0, std::int64_t r1) {
            kern.biasDropoutResidual(x.data_ptr<float>(), bits(proj), bOut.data_ptr<float>(),
                                     x2.data_ptr<float>(), r0, r1, D, drop1);
        });
        section.next("fused.fwd.ffn");
        auto ln2 = at::native_layer_norm(x2, {D}, norm2W, norm2B, eps);
        auto h2 = bf16(std::get<0>(ln2));
        at::Tensor up;  // ReLU: its dropped-out output, GELU: the pre-activation
        auto act = hiddenForward(h2, wUp, bUp, gelu, dropF, up);
        auto down = at::mm(act, wDown.t());
        act = at::Tensor();
        auto y = at::empty({N, D}, x.options());
        rows(N, [&](std::int64_t r0, std::int64_t r1) {
            kern.biasDropoutResidual(x2.data_ptr<float>(), bits(down), bDown.data_ptr<float>(),
                                     y.data_ptr<float>(), r0, r1, D, drop2);
        });

        // What the backward needs; freed with the node (at once when nothing records gradients).
        {
            auto& s = ctx->saved_data;
            s["x"] = x, s["x2"] = x2, s["h1"] = h1, s["h2"] = h2, s["up"] = up, s["att"] = att;
            s["q"] = q, s["k"] = k, s["v"] = v;
            s["mean1"] = std::get<1>(ln1), s["rstd1"] = std::get<2>(ln1);
            s["mean2"] = std::get<1>(ln2), s["rstd2"] = std::get<2>(ln2);
            s["norm1W"] = norm1W, s["norm1B"] = norm1B, s["norm2W"] = norm2W, s["norm2B"] = norm2B;
            s["wQkv"] = wQkv, s["wOut"] = wOut, s["wUp"] = wUp, s["wDown"] = wDown;
            s["probs"] = attention.probs;
            s["seedA"] = asInt(seedAttention), s["seed1"] = asInt(seed1), s["seed2"] = asInt(seed2);
            s["seedF"] = asInt(seedF), s["dropoutF"] = dropoutF;
            s["dropout"] = dropout, s["training"] = training, s["heads"] = heads,
            s["block"] = attentionBlock, s["gelu"] = gelu;
            s["shape"] = std::vector<std::int64_t>{B, T, D};
        }
        return y.view({B, T, D});
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        c10::impl::ExcludeDispatchKeyGuard noAutocast(c10::DispatchKey::AutocastCPU);
        const auto& kern = kernels::table();
        auto& s = ctx->saved_data;
        const auto shape = s["shape"].toIntVector();
        const auto B = shape[0], T = shape[1], D = shape[2], N = B * T;
        const auto H = s["heads"].toInt(), hd = D / H;
        const double dropout = s["dropout"].toDouble();
        const bool training = s["training"].toBool();
        const auto x = s["x"].toTensor(), h1 = s["h1"].toTensor(), att = s["att"].toTensor();
        const auto wQkv = s["wQkv"].toTensor(), wOut = s["wOut"].toTensor();
        const auto dy = grads[0].reshape({N, D}).to(at::kFloat).contiguous();
        // Frozen weights (LoRA: the base model) need no gradient: skip their products.
        const auto need = [&](std::size_t input) { return ctx->needs_input_grad(input); };
        const at::Tensor none;

        Section section("fused.bwd.ffn");
        auto ffn = feedForwardBackward(ctx, dy);
        auto& dx2 = ffn.dx2;

        section.next("fused.bwd.out");
        // Attention branch: x2 = x + drop1(att Wout^T + bout).
        auto g1 = at::empty({N, D}, dy.options());
        auto g1b = at::empty({N, D}, h1.options());
        const auto drop1 = kernels::makeDropout(dropout, training, asSeed(s["seed1"]));
        rows(N, [&](std::int64_t r0, std::int64_t r1) {
            kern.dropoutGrad(dx2.data_ptr<float>(), g1.data_ptr<float>(), bits(g1b), r0, r1, D,
                             drop1);
        });
        auto dOutB = need(6) ? g1.sum(0) : none;
        auto dOutW = need(5) ? at::mm(g1b.t(), att).to(at::kFloat) : none;
        auto dAtt = at::mm(g1b, wOut);
        section.next("fused.bwd.attention");
        FusedAttentionState attention;
        attention.probs = s["probs"].toTensorVector();
        s["probs"] = at::IValue();
        attention.dropout = kernels::makeDropout(dropout, training, asSeed(s["seedA"]));
        attention.blockSize = s["block"].toInt();
        const float qScale = float(1.0 / std::sqrt(double(hd)));
        auto dQkv = fusedAttentionBackward(dAtt, att, s["q"].toTensor(), s["k"].toTensor(),
                                           s["v"].toTensor(), B, qScale, attention);
        section.next("fused.bwd.qkv");
        auto dQkvB = at::empty({dQkv.size(1)}, dy.options());
        at::parallel_for(0, dQkv.size(1), 128, [&](std::int64_t c0, std::int64_t c1) {
            kern.columnSums(bits(dQkv), N, dQkv.size(1), c0, c1, dQkvB.data_ptr<float>());
        });
        auto dQkvW = need(3) ? at::mm(dQkv.t(), h1).to(at::kFloat) : none;
        std::tuple<at::Tensor, at::Tensor, at::Tensor> ln1;
        if (need(0) || need(1) || need(2)) {
            auto dh1 = at::mm(dQkv, wQkv).to(at::kFloat);
            ln1 = at::native_layer_norm_backward(
                dh1, x, {D}, s["mean1"].toTensor(), s["rstd1"].toTensor(), s["norm1W"].toTensor(),
                s["norm1B"].toTensor(), {need(0), need(1), need(2)});
        }
        auto dx = need(0) ? std::get<0>(ln1).add_(dx2).view({B, T, D}) : none;
        // (none also for heads, eps, dropout, training, attentionBlock, gelu, dropoutF)
        return {dx,
                std::get<1>(ln1),
                std::get<2>(ln1),
                dQkvW,
                dQkvB,
                dOutW,
                dOutB,
                ffn.dNorm2W,
                ffn.dNorm2B,
                ffn.dUpW,
                ffn.dUpB,
                ffn.dDownW,
                ffn.dDownB,
                none,
                none,
                none,
                none,
                none,
                none,
                none};
    }
};

}  // namespace

at::Tensor fusedBlock(const at::Tensor& x, const FusedBlockWeights& w, const FusedBlockOptions& o) {
    return BlockFunction::apply(x, w.norm1W, w.norm1B, w.qkvW, w.qkvB, w.outW, w.outB, w.norm2W,
                                w.norm2B, w.upW, w.upB, w.downW, w.downB, o.heads, o.normEpsilon,
                                o.dropout, o.training, o.attentionBlock,
                                o.activation == Activation::Gelu, o.feedForwardDropout);
}

}  // namespace mozart::model
