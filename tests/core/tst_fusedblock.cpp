// FusedBlock: the fused bf16 training block computes what a plain float32 ATen block with the
// same math computes (output and every gradient, within bf16 tolerances), for ReLU and GELU,
// with dropout off and with dropout on (the reference rebuilt from the same seeds through model/Dropout's masks),
// feed-forward dropout (after the activation) included; its
// loops keep the right fraction and scale and agree with fastDropout's masks, on both the
// portable and the AVX-512 copy; both copies' GELU loops agree with at::gelu (value and
// derivative) and with each other; and the Transformer (ReLU and GELU) takes the fused path under CpuAutocast
// without changing its results beyond bf16 rounding.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <QtTest>
#include <cmath>

#include "model/BlockKernels.h"
#include "model/CpuAutocast.h"
#include "model/Dropout.h"
#include "model/FusedBlock.h"
#include "model/Transformer.h"

using namespace mozart::model;

namespace {

at::Tensor randn(at::IntArrayRef shape, std::uint64_t seed, double std = 1.0) {
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    return at::randn(shape, gen, at::kFloat) * std;
}

FusedBlockWeights randomWeights(std::int64_t D, std::int64_t F, std::uint64_t seed) {
    FusedBlockWeights w;
    auto p = [&](at::IntArrayRef shape, double std, double mean = 0.0) {
        return (randn(shape, seed++, std) + mean).requires_grad_(true);
    };
    w.norm1W = p({D}, 0.1, 1.0), w.norm1B = p({D}, 0.1);
    w.qkvW = p({3 * D, D}, 0.3), w.qkvB = p({3 * D}, 0.1);
    w.outW = p({D, D}, 0.2), w.outB = p({D}, 0.1);
    w.norm2W = p({D}, 0.1, 1.0), w.norm2B = p({D}, 0.1);
    w.upW = p({F, D}, 0.2), w.upB = p({F}, 0.1);
    w.downW = p({D, F}, 0.2), w.downB = p({D}, 0.1);
    return w;
}

std::vector<at::Tensor> list(const FusedBlockWeights& w) {
    return {w.norm1W, w.norm1B, w.qkvW, w.qkvB, w.outW,  w.outB,
            w.norm2W, w.norm2B, w.upW,  w.upB,  w.downW, w.downB};
}

struct Masks {
    at::Tensor attention, residual1, feedForward, residual2;  // undefined: no dropout
};

// The same block in plain float32 ATen ops, masks given.
at::Tensor referenceBlock(const at::Tensor& x, const FusedBlockWeights& w, std::int64_t H,
                          double eps, const Masks& m, Activation activation) {
    const auto B = x.size(0), T = x.size(1), D = x.size(2), hd = D / H;
    auto h = at::layer_norm(x, {D}, w.norm1W, w.norm1B, eps);
    auto qkv = at::linear(h, w.qkvW, w.qkvB).view({B, T, 3, H, hd}).permute({2, 0, 3, 1, 4});
    auto scores = at::matmul(qkv[0], qkv[1].transpose(-2, -1)) / std::sqrt(double(hd));
    auto future = at::ones({T, T}, at::kBool).triu(1);
    auto p = at::softmax(scores.masked_fill(future, -INFINITY), -1);
    if (m.attention.defined()) p = p * m.attention.view({B, H, T, T});
    auto att = at::matmul(p, qkv[2]).transpose(1, 2).reshape({B, T, D});
    auto branch = at::linear(att, w.outW, w.outB);
    if (m.residual1.defined()) branch = branch * m.residual1.view({B, T, D});
    auto x2 = x + branch;
    h = at::linear(at::layer_norm(x2, {D}, w.norm2W, w.norm2B, eps), w.upW, w.upB);
    h = activation == Activation::Gelu ? at::gelu(h) : at::relu(h);
    if (m.feedForward.defined()) h = h * m.feedForward.view({B, T, -1});
    branch = at::linear(h, w.downW, w.downB);
    if (m.residual2.defined()) branch = branch * m.residual2.view({B, T, D});
    return x2 + branch;
}

// |a - b| / |b| over the whole tensor (norms).
double relativeError(const at::Tensor& a, const at::Tensor& b) {
    return (a.to(at::kFloat) - b).norm().item<double>() / b.norm().item<double>();
}

// Output and gradients (input and all weights) of fused vs reference for one setting.
// clearOfZero: up-projection biases of +-3 keep ReLU's inputs away from zero, where a bf16
// rounding flips an element on or off and the up weights' gradients of both bf16 paths differ
// from float32's by seed-dependent noise (0.2x to 5x each other's error over a few seeds).
void compareWithReference(double dropout, std::int64_t attentionBlock, Activation activation,
                          double feedForwardDropout = 0.0, bool clearOfZero = false) {
    const std::int64_t B = 2, T = 40, D = 32, H = 4, F = 64;
    const auto w = randomWeights(D, F, 100);
    const auto x = randn({B, T, D}, 7).requires_grad_(true);
    if (clearOfZero) {
        at::NoGradGuard noGrad;
        w.upB.add_(at::sign(w.upB) * 3.0);
    }
    const auto target = randn({B, T, D}, 8);
    FusedBlockOptions o;
    o.heads = H;
    o.dropout = dropout;
    o.feedForwardDropout = feedForwardDropout;
    o.training = dropout > 0 || feedForwardDropout > 0;
    o.attentionBlock = attentionBlock;
    o.activation = activation;

    at::manual_seed(42);
    Masks masks;
    if (o.training) {  // the seeds the fused block draws, in its order (the plain path's)
        const auto seedA = drawDropoutSeed(), seed1 = drawDropoutSeed();
        const auto seedF = feedForwardDropout > 0 ? drawDropoutSeed() : 0;
        const auto seed2 = drawDropoutSeed();
        if (dropout > 0) {
            masks.attention = dropoutMask({B * H, T, T}, dropout, seedA);
            masks.residual1 = dropoutMask({B * T, D}, dropout, seed1);
            masks.residual2 = dropoutMask({B * T, D}, dropout, seed2);
        }
        if (feedForwardDropout > 0)
            masks.feedForward = dropoutMask({B * T, F}, feedForwardDropout, seedF);
    }
    at::manual_seed(42);
    const auto fused = fusedBlock(x, w, o);
    QCOMPARE(fused.scalar_type(), at::kFloat);
    (fused * target).sum().backward();
    std::vector<at::Tensor> fusedGrads{x.grad().clone()};
    for (auto& p : list(w)) fusedGrads.push_back(p.grad().clone());
    x.grad().zero_();
    for (auto& p : list(w)) p.grad().zero_();

    const auto expected = referenceBlock(x, w, H, o.normEpsilon, masks, activation);
    (expected * target).sum().backward();
    const auto context = std::string(activation == Activation::Gelu ? "gelu" : "relu") + ", dropout " +
                         std::to_string(dropout) + ", feed-forward dropout " +
                         std::to_string(feedForwardDropout) + ", block " + std::to_string(attentionBlock);
    const double outErr = relativeError(fused.detach(), expected.detach());
    QVERIFY2(outErr < 1e-2, (context + ": output " + std::to_string(outErr)).c_str());
    std::vector<at::Tensor> grads{x.grad().clone()};
    for (auto& p : list(w)) grads.push_back(p.grad().clone());
    // bf16 rounding alone moves gradients by a few percent: the yardstick is LibTorch's own
    // bf16 autocast running the reference block.
    std::vector<at::Tensor> autocastGrads;
    {
        x.grad().zero_();
        for (auto& p : list(w)) p.grad().zero_();
        at::Tensor y;
        {
            CpuAutocast ac;
            y = referenceBlock(x, w, H, o.normEpsilon, masks, activation);
        }
        (y.to(at::kFloat) * target).sum().backward();
        autocastGrads.push_back(x.grad().clone());
        for (auto& p : list(w)) autocastGrads.push_back(p.grad().clone());
    }
    for (std::size_t i = 0; i < grads.size(); ++i) {
        const double err = relativeError(fusedGrads[i], grads[i]);
        const double yardstick = relativeError(autocastGrads[i], grads[i]);
        QVERIFY2(err < 1.5 * yardstick + 1e-2,
                 (context + ": gradient " + std::to_string(i) + " off by " + std::to_string(err) +
                  ", autocast by " + std::to_string(yardstick))
                     .c_str());
    }
}

std::uint16_t bf16Bits(float f) {
    const at::BFloat16 b(f);
    return b.x;
}

float fromBits(std::uint16_t b) {
    at::BFloat16 v;
    v.x = b;
    return float(v);
}

}  // namespace

class TstFusedBlock : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { at::set_num_threads(1); }

    void matchesReferenceWithoutDropout() {
        compareWithReference(0.0, 128, Activation::Relu);  // one attention block
        compareWithReference(0.0, 16, Activation::Relu);   // three, the last one partial
    }

    void matchesReferenceWithDropout() {
        compareWithReference(0.1, 16, Activation::Relu);
        compareWithReference(0.5, 7, Activation::Relu);
    }

    void geluMatchesReferenceWithoutDropout() {
        compareWithReference(0.0, 128, Activation::Gelu);
        compareWithReference(0.0, 16, Activation::Gelu);
    }

    void geluMatchesReferenceWithDropout() {
        compareWithReference(0.1, 16, Activation::Gelu);
        compareWithReference(0.5, 7, Activation::Gelu);
    }

    // The fourth site of nn.TransformerEncoderLayer: dropout on the activation's output, alone
    // and with the other three, output and every gradient.
    void feedForwardDropoutMatchesReference() {
        for (auto activation : {Activation::Relu, Activation::Gelu}) {
            compareWithReference(0.0, 128, activation, 0.5, true);
            compareWithReference(0.1, 16, activation, 0.1, true);
            compareWithReference(0.5, 7, activation, 0.3, true);
        }
    }

    // Each copy's hidden-layer loops with feed-forward dropout, on rows wider than one mask
    // chunk: the forward keeps exactly dropoutMask's elements (scaled), ReLU's backward scales
    // the kept gradients and drops the others, GELU's regenerates the same mask.
    void feedForwardDropoutKernels() {
        const std::int64_t rows = 3, F = 2500;
        const double p = 0.3;
        const std::uint64_t seed = 99;
        const auto mask = dropoutMask({rows, F}, p, seed).view(-1);
        const auto spec = kernels::makeDropout(p, true, seed), none = kernels::DropoutSpec{};
        for (const auto* table : {&kernels::portableTable(), &kernels::table()}) {
            std::vector<float> bias(F, 0.0f);
            std::vector<std::uint16_t> relu(rows * F, bf16Bits(1.0f)), pre(rows * F, bf16Bits(1.0f));
            std::vector<std::uint16_t> gelu(rows * F), geluPlain(rows * F);
            table->biasRelu(relu.data(), bias.data(), 0, rows, F, spec);
            table->biasGelu(pre.data(), bias.data(), gelu.data(), 0, rows, F, spec);
            std::vector<std::uint16_t> pre2(rows * F, bf16Bits(1.0f));
            table->biasGelu(pre2.data(), bias.data(), geluPlain.data(), 0, rows, F, none);
            std::vector<std::uint16_t> gRelu(rows * F, bf16Bits(2.0f)), gGelu(rows * F, bf16Bits(2.0f)),
                gGeluPlain(rows * F, bf16Bits(2.0f)), act(rows * F);
            std::vector<float> sums(F), sumsPlain(F);
            table->reluGradColumns(gRelu.data(), relu.data(), rows, F, 0, F, sums.data(), spec.scale);
            table->geluGradColumns(gGelu.data(), pre.data(), act.data(), rows, F, 0, F, sums.data(), spec);
            table->geluGradColumns(gGeluPlain.data(), pre.data(), nullptr, rows, F, 0, F,
                                   sumsPlain.data(), none);
            QVERIFY(act == gelu);  // the backward's recomputed activation is the forward's
            // Within one bf16 step (the kernel rounds once, the expectation twice).
            const auto close = [](float got, float want) {
                return want == 0.0f ? got == 0.0f : std::abs(got - want) <= std::abs(want) / 128;
            };
            for (std::int64_t i = 0; i < rows * F; ++i) {
                const float m = mask[i].item<float>();
                const auto where = "element " + std::to_string(i);
                QVERIFY2(fromBits(relu[i]) == fromBits(bf16Bits(m)), where.c_str());
                QVERIFY2(fromBits(gRelu[i]) == fromBits(bf16Bits(2.0f * m)), where.c_str());
                QVERIFY2(close(fromBits(gelu[i]), fromBits(geluPlain[i]) * m), where.c_str());
                QVERIFY2(close(fromBits(gGelu[i]), fromBits(gGeluPlain[i]) * m), where.c_str());
            }
        }
    }

    // Each copy's GELU loops against at::gelu and its derivative in float32 on bf16 inputs
    // (from the far negative tail to large positives, zero included): within the bf16 rounding
    // of the result; the two copies agree to one bf16 step; the recomputed activation of the
    // gradient loop is bit for bit the forward's; the bias is added before the activation and
    // the column sums are those of the gradient written.
    void geluKernelsMatchAten() {
        const std::int64_t rows = 8, F = 250;
        auto x = at::linspace(-12.0, 12.0, rows * F, at::kFloat).view({rows, F});
        x[0][0] = 0.0f, x[0][1] = -30.0f, x[0][2] = 30.0f, x[0][3] = -0.7518f;
        x = x.to(at::kBFloat16).to(at::kFloat);  // exactly representable inputs
        // The kernel adds the bias back in float and rounds the pre-activation to bf16.
        const auto bias = randn({F}, 77, 0.5).to(at::kBFloat16).to(at::kFloat);
        const auto pre = (x - bias).to(at::kBFloat16).to(at::kFloat);
        const auto u0 = (pre + bias).to(at::kBFloat16).to(at::kFloat).contiguous();
        const auto geluRef = at::gelu(u0);
        const auto gradRef = at::gelu_backward(at::ones_like(u0), u0);
        std::vector<std::vector<std::uint16_t>> outputs, grads;
        for (const auto* table : {&kernels::portableTable(), &kernels::table()}) {
            std::vector<std::uint16_t> u(rows * F), a(rows * F), g(rows * F, bf16Bits(1.0f)),
                act(rows * F);
            for (std::int64_t i = 0; i < rows * F; ++i)
                u[i] = bf16Bits(pre.view(-1)[i].item<float>());
            table->biasGelu(u.data(), bias.data_ptr<float>(), a.data(), 0, rows, F,
                            kernels::DropoutSpec{});
            std::vector<float> sums(F, -1.0f);
            table->geluGradColumns(g.data(), u.data(), act.data(), rows, F, 0, F, sums.data(),
                                   kernels::DropoutSpec{});
            std::vector<std::uint16_t> g2(rows * F, bf16Bits(1.0f));
            std::vector<float> sums2(F, -1.0f);
            table->geluGradColumns(g2.data(), u.data(), nullptr, rows, F, 0, F, sums2.data(),
                                   kernels::DropoutSpec{});
            QVERIFY(g2 == g);
            QVERIFY(act == a);
            for (std::int64_t i = 0; i < rows * F; ++i) {
                const float xi = u0.view(-1)[i].item<float>();
                QCOMPARE(fromBits(u[i]), xi);  // the bf16 pre-activation, kept for backward
                // In double, from erfc (accurate in the negative tail, where at::gelu's float
                // 1 + erf(x / sqrt 2) cancels to an absolute error of ~3e-8 |x|).
                const double cdf = 0.5 * std::erfc(-double(xi) / std::sqrt(2.0));
                const double pdf = std::exp(-0.5 * double(xi) * xi) / std::sqrt(2.0 * M_PI);
                const double exact = xi * cdf, exactGrad = cdf + xi * pdf;
                const float want = geluRef.view(-1)[i].item<float>();
                const float got = fromBits(a[i]);
                const auto what = "gelu(" + std::to_string(xi) + ") = " + std::to_string(got) +
                                  ", at::gelu " + std::to_string(want) + ", exact " +
                                  std::to_string(exact);
                QVERIFY2(std::abs(got - exact) <= std::abs(exact) / 256 + 1e-37, what.c_str());
                QVERIFY2(std::abs(got - want) <= std::abs(want) / 256 + 6e-8f * std::abs(xi),
                         what.c_str());
                const float wantGrad = gradRef.view(-1)[i].item<float>();
                const float gotGrad = fromBits(g[i]);
                const auto whatGrad = "gelu'(" + std::to_string(xi) + ") = " +
                                      std::to_string(gotGrad) + ", ATen " +
                                      std::to_string(wantGrad) + ", exact " +
                                      std::to_string(exactGrad);
                // 2e-7: the cancellation of Phi + x phi near its zero at x = -0.75.
                QVERIFY2(std::abs(gotGrad - exactGrad) <= std::abs(exactGrad) / 256 + 2e-7,
                         whatGrad.c_str());
                QVERIFY2(std::abs(gotGrad - wantGrad) <= std::abs(wantGrad) / 256 + 1e-6f,
                         whatGrad.c_str());
            }
            for (std::int64_t c = 0; c < F; ++c) {
                double sum = 0.0;
                for (std::int64_t r = 0; r < rows; ++r) sum += fromBits(g[r * F + c]);
                QVERIFY(std::abs(sums[c] - sum) <= 1e-5 * (1.0 + std::abs(sum)));
                QCOMPARE(sums2[c], sums[c]);
            }
            outputs.push_back(a);
            grads.push_back(g);
        }
        for (std::size_t k = 0; k < 2; ++k) {
            const auto& a = k == 0 ? outputs : grads;
            for (std::int64_t i = 0; i < rows * F; ++i)
                QVERIFY(std::abs(int(a[0][i]) - int(a[1][i])) <= 1);
        }
    }

    // Frozen weights and a frozen input (LoRA's case) get no gradient, the others the same as
    // with everything trained.
    void frozenInputsGetNoGradient() {
        frozenInputsGetNoGradientWith(Activation::Relu);
        frozenInputsGetNoGradientWith(Activation::Gelu);
    }

    // Under CpuAutocast a ReLU model and a GELU model train through the fused blocks.
    void transformerUsesFusedPath() {
        transformerUsesFusedPathWith(Activation::Relu);
        transformerUsesFusedPathWith(Activation::Gelu);
    }

private:
    void frozenInputsGetNoGradientWith(Activation activation) {
        const auto w = randomWeights(32, 64, 30);
        const auto x = randn({2, 20, 32}, 31);
        const auto target = randn({2, 20, 32}, 32);
        FusedBlockOptions o;
        o.heads = 4;
        o.activation = activation;
        (fusedBlock(x, w, o) * target).sum().backward();
        const auto qkvGrad = w.qkvW.grad().clone(), upGrad = w.upW.grad().clone();
        for (auto& p : list(w)) p.mutable_grad() = at::Tensor();
        for (auto p : list(w))
            if (!p.is_same(w.qkvW) && !p.is_same(w.upW)) p.requires_grad_(false);
        (fusedBlock(x, w, o) * target).sum().backward();
        QVERIFY(at::allclose(w.qkvW.grad(), qkvGrad));
        QVERIFY(at::allclose(w.upW.grad(), upGrad));
        for (const auto& p : list(w))
            if (!p.is_same(w.qkvW) && !p.is_same(w.upW)) QVERIFY(!p.grad().defined());
    }

private Q_SLOTS:
    // Each kernel copy: residual dropout keeps ~1-p with the right scale and equals
    // dropoutMask's mask; attention dropout applies the same hash at (row, key) positions.
    void dropoutMasksAndStatistics() {
        const double p = 0.1;
        const std::uint64_t seed = 1234;
        const std::int64_t rows = 64, D = 1000;
        const auto expected = dropoutMask({rows, D}, p, seed);
        const auto spec = kernels::makeDropout(p, true, seed);
        for (const auto* table : {&kernels::portableTable(), &kernels::table()}) {
            std::vector<float> x(rows * D, 0.0f), y(rows * D), bias(D, 0.0f);
            std::vector<std::uint16_t> a(rows * D, bf16Bits(1.0f));
            table->biasDropoutResidual(x.data(), a.data(), bias.data(), y.data(), 0, rows, D, spec);
            const auto got = at::from_blob(y.data(), {rows, D}, at::kFloat);
            QVERIFY(at::equal(got, expected));
            const double kept = (got > 0).to(at::kDouble).mean().item<double>();
            QVERIFY2(std::abs(kept - (1 - p)) < 0.01, std::to_string(kept).c_str());
            QVERIFY(std::abs(got.max().item<double>() - 1 / (1 - p)) < 1e-3);

            // Softmax of equal scores: row i spreads 1/(i+1) over keys 0..i.
            const std::int64_t n = 9, T = 9, bh = 3;
            std::vector<std::uint16_t> s(n * n, bf16Bits(0.5f)), probs(n * n);
            table->softmaxDropout(s.data(), probs.data(), n, n, 1, spec, std::uint64_t(bh * T * T),
                                  std::uint64_t(T));
            const auto attMask = dropoutMask({bh + 1, T, T}, p, seed)[bh];
            for (std::int64_t i = 0; i < n; ++i)
                for (std::int64_t j = 0; j < n; ++j) {
                    const float pij = j <= i ? 1.0f / float(i + 1) : 0.0f;
                    QVERIFY(std::abs(fromBits(probs[i * n + j]) - pij) < 4e-3);
                    const float dropped = pij * attMask[i][j].item<float>();
                    QVERIFY(std::abs(fromBits(s[i * n + j]) - dropped) < 5e-3);
                }
        }
    }

    void sameSeedSameResult() {
        const auto w = randomWeights(32, 64, 5);
        const auto x = randn({2, 24, 32}, 6);
        FusedBlockOptions o;
        o.heads = 4;
        o.dropout = 0.1;
        o.training = true;
        at::manual_seed(3);
        const auto a = fusedBlock(x, w, o);
        const auto b = fusedBlock(x, w, o);
        at::manual_seed(3);
        QVERIFY(at::equal(a, fusedBlock(x, w, o)));
        QVERIFY(!at::equal(a, b));
        o.training = false;
        QVERIFY(at::equal(fusedBlock(x, w, o), fusedBlock(x, w, o)));
    }

private:
    // Logits and gradients stay within bf16 rounding of the float32 path, and parameter
    // overrides still train.
    void transformerUsesFusedPathWith(Activation activation) {
        ModelConfig c;
        c.vocabSize = 37;
        c.width = 32;
        c.heads = 4;
        c.layers = 2;
        c.feedForward = 64;
        c.maxContext = 48;
        c.dropout = 0.1;
        c.activation = activation;
        Transformer model(c, 9);
        model.setTraining(false);
        auto gen = at::make_generator<at::CPUGeneratorImpl>(10);
        const auto tokens = at::randint(0, c.vocabSize, {2, 30}, gen, at::kLong);
        const auto targets = at::randint(0, c.vocabSize, {2 * 30}, gen, at::kLong);
        auto lossOf = [&](bool bf16) {
            CpuAutocast autocast(bf16);
            auto logits = model.forward(tokens);
            return std::make_pair(
                logits,
                at::cross_entropy_loss(logits.reshape({-1, c.vocabSize}).to(at::kFloat), targets));
        };
        auto [full, fullLoss] = lossOf(false);
        fullLoss.backward();
        std::vector<at::Tensor> fullGrads;
        for (const auto& p : model.parameters()) {
            fullGrads.push_back(p.grad().clone());
            p.grad().zero_();
        }
        auto [reduced, reducedLoss] = lossOf(true);
        reducedLoss.backward();
        QVERIFY(relativeError(reduced.detach(), full.detach()) < 2e-2);
        // Wiring errors (a weight in the wrong place, a lost gradient) show as O(1) errors; the
        // precise check against the same math is the block-level one above.
        const auto params = model.namedParameters();
        for (std::size_t i = 0; i < params.size(); ++i) {
            const double err = relativeError(params[i].tensor.grad(), fullGrads[i]);
            QVERIFY2(err < 0.15, (params[i].name + ": " + std::to_string(err)).c_str());
        }

        const auto base = model.namedParameters()[4].tensor;  // blocks.0.attn.qkv.weight
        QCOMPARE(model.namedParameters()[4].name, std::string("blocks.0.attn.qkv.weight"));
        auto delta = at::zeros_like(base).requires_grad_(true);
        model.setParameterOverride("blocks.0.attn.qkv.weight", base.detach() + delta);
        lossOf(true).second.backward();
        QVERIFY(delta.grad().defined());
        QVERIFY(relativeError(delta.grad(), fullGrads[4]) < 5e-2);
        model.clearParameterOverrides();
    }
};

QTEST_APPLESS_MAIN(TstFusedBlock)
#include "tst_fusedblock.moc"
