// Dropout sites: the prototype shape (what `mozart bench train` trains against the Python
// reference) drops out where the reference's nn.TransformerEncoderLayer does, four times per
// layer and nowhere else, in the float32 path and in the fused bf16 path; the default model keeps
// its own sites (embeddings and three per block, none inside the feed-forward); and the
// feed-forward site is on the activation's output, before the down projection.
//
// Counting: every dropout application draws exactly one seed from ATen's default generator
// (model/Dropout's fastDropout, FusedBlock's sites) and nothing else in a forward pass draws from
// it, so how far a forward pass moves the generator is the number of dropout applications. The
// float32 path computes attention in query blocks of 128, one draw each: the sequences here are
// shorter, so attention is one draw per layer.
#include <QtTest>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cmath>
#include <map>
#include <string>

#include "cli/PrototypeShape.h"
#include "model/CpuAutocast.h"
#include "model/Dropout.h"
#include "model/Transformer.h"

using namespace mozart::model;

namespace {

template <class F>
int dropoutDraws(F&& forward) {
    at::manual_seed(2024);
    forward();
    const auto next = drawDropoutSeed();
    at::manual_seed(2024);
    for (int n = 0; n < 100000; ++n)
        if (drawDropoutSeed() == next) return n;
    return -1;
}

at::Tensor tokens(std::int64_t vocab, std::int64_t length) {
    auto gen = at::make_generator<at::CPUGeneratorImpl>(5);
    return at::randint(1, vocab, {2, length}, gen, at::kLong);
}

// Dropout applications of one training forward pass (and of one in eval mode, in *eval).
int sitesOf(const ModelConfig& c, bool bf16, int* eval = nullptr) {
    Transformer model(c, 1);
    const auto x = tokens(c.vocabSize, 48);
    at::NoGradGuard noGrad;
    CpuAutocast autocast(bf16);
    const int training = dropoutDraws([&] { model.forward(x); });
    model.setTraining(false);
    if (eval) *eval = dropoutDraws([&] { model.forward(x); });
    return training;
}

}  // namespace

class TstDropoutSites : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { at::set_num_threads(1); }

    // nn.TransformerEncoderLayer (PyTorch 1.13): self_attn's dropout on the attention weights,
    // dropout1 after attention, dropout inside _ff_block after the activation, dropout2 after
    // linear2; the reference model adds no dropout of its own.
    void prototypeHasTheReferencesFourSitesPerLayer() {
        QCOMPARE(mozart::cli::kReferenceDropoutSitesPerLayer, 4);
        const auto c = mozart::cli::prototypeShape();
        QCOMPARE(c.dropout, 0.1);
        QCOMPARE(c.feedForwardDropout, 0.1);  // the reference's one p for all four
        QVERIFY(!c.embeddingDropout);
        int eval = -1;
        QCOMPARE(sitesOf(c, false, &eval), 4 * int(c.layers));
        QCOMPARE(eval, 0);
    }

    // The fused path draws its attention and residual seeds whether or not it is training (as
    // before), the feed-forward seed only when that dropout is on: four per block, and the
    // fourth is the feed-forward's.
    void fusedPathHasTheSameSites() {
        auto c = mozart::cli::prototypeShape();
        QCOMPARE(sitesOf(c, true), 4 * int(c.layers));
        c.feedForwardDropout = 0.0;
        QCOMPARE(sitesOf(c, true), 3 * int(c.layers));
    }

    // Models without the new fields (every model file before them, the default model) keep
    // their sites and so their random stream: the embeddings, then three per block.
    void defaultModelKeepsItsSites() {
        const ModelConfig c;
        QCOMPARE(c.feedForwardDropout, 0.0);
        QVERIFY(c.embeddingDropout);
        QCOMPARE(sitesOf(c, false), 1 + 3 * int(c.layers));
        auto prototypeOld = mozart::cli::prototypeShape();
        prototypeOld.feedForwardDropout = 0.0;
        prototypeOld.embeddingDropout = true;
        QCOMPARE(sitesOf(prototypeOld, false), 1 + 3 * int(prototypeOld.layers));
    }

    // With only the feed-forward dropout on, one layer's logits are those of the same block
    // written out with the mask on relu(up) (not on the down projection's output).
    void feedForwardSiteIsAfterTheActivation();
};

void TstDropoutSites::feedForwardSiteIsAfterTheActivation() {
    ModelConfig c;
    c.vocabSize = 40;
    c.width = 32;
    c.heads = 4;
    c.layers = 1;
    c.feedForward = 96;
    c.maxContext = 32;
    c.dropout = 0.0;
    c.feedForwardDropout = 0.5;
    c.activation = Activation::Relu;
    Transformer model(c, 3);
    const auto x = tokens(c.vocabSize, 20);
    at::NoGradGuard noGrad;
    at::manual_seed(7);
    const auto logits = model.forward(x);
    at::manual_seed(7);
    const auto mask = dropoutMask({2, 20, c.feedForward}, 0.5, drawDropoutSeed());

    std::map<std::string, at::Tensor> p;
    for (const auto& t : model.namedParameters()) p[t.name] = t.tensor;
    const std::int64_t B = 2, T = 20, D = c.width, H = c.heads, hd = D / H;
    auto h = at::embedding(p["tok_embed.weight"], x) + p["pos_embed.weight"].narrow(0, 0, T);
    auto n1 = at::layer_norm(h, {D}, p["blocks.0.norm1.weight"], p["blocks.0.norm1.bias"]);
    auto qkv = at::linear(n1, p["blocks.0.attn.qkv.weight"], p["blocks.0.attn.qkv.bias"])
                   .view({B, T, 3, H, hd})
                   .permute({2, 0, 3, 1, 4});
    auto scores = at::matmul(qkv[0], qkv[1].transpose(-2, -1)) / std::sqrt(double(hd));
    scores = scores.masked_fill(at::ones({T, T}, at::kBool).triu(1), -INFINITY);
    auto att = at::matmul(at::softmax(scores, -1), qkv[2]).transpose(1, 2).reshape({B, T, D});
    h = h + at::linear(att, p["blocks.0.attn.out.weight"], p["blocks.0.attn.out.bias"]);
    auto n2 = at::layer_norm(h, {D}, p["blocks.0.norm2.weight"], p["blocks.0.norm2.bias"]);
    auto hidden = at::relu(at::linear(n2, p["blocks.0.ffn.up.weight"], p["blocks.0.ffn.up.bias"]));
    const auto down = [&](const at::Tensor& a) {
        auto y = h + at::linear(a, p["blocks.0.ffn.down.weight"], p["blocks.0.ffn.down.bias"]);
        y = at::layer_norm(y, {D}, p["norm.weight"], p["norm.bias"]);
        return at::linear(y, p["tok_embed.weight"], p["head.bias"]);
    };
    const auto expected = down(hidden * mask);
    const double err = (logits - expected).abs().max().item<double>();
    QVERIFY2(err < 1e-4, std::to_string(err).c_str());
    // The test can fail: without the mask the logits differ by far more.
    QVERIFY((logits - down(hidden)).abs().max().item<double>() > 100 * err + 1e-3);
}

QTEST_APPLESS_MAIN(TstDropoutSites)
#include "tst_dropoutsites.moc"
