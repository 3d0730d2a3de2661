// Transformer: shapes and parameter table, causal masking (a later token never changes earlier
// logits), the KV-cache path giving the full path's logits step by step, dropout only in
// training, conditioning labels that matter, gradients reaching every parameter.
#include <QtTest>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "model/Bf16Gemv.h"
#include "model/CpuAutocast.h"
#include "model/KvCache.h"
#include "model/Transformer.h"

using namespace mozart::model;

namespace {

ModelConfig small() {
    ModelConfig c;
    c.vocabSize = 37;
    c.width = 32;
    c.heads = 4;
    c.layers = 2;
    c.feedForward = 64;
    c.maxContext = 48;
    c.dropout = 0.1;
    return c;
}

// The variants every path must agree on.
std::vector<std::pair<const char*, ModelConfig>> variants() {
    std::vector<std::pair<const char*, ModelConfig>> out;
    out.push_back({"learned, tied, gelu", small()});
    auto c = small();
    c.positions = PositionEncoding::Sinusoidal;
    c.scaleEmbedding = true;
    c.tieEmbeddings = false;
    c.activation = Activation::Relu;
    out.push_back({"sinusoidal, untied, relu", c});
    c = small();
    c.conditioningLabels = 5;
    out.push_back({"labels added", c});
    c.conditioning = Conditioning::Prefix;
    out.push_back({"labels prefix", c});
    return out;
}

at::Tensor randomTokens(std::int64_t batch, std::int64_t length, std::int64_t vocab,
                        std::uint64_t seed) {
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    return at::randint(0, vocab, {batch, length}, gen, at::kLong);
}

at::Tensor labelsFor(const ModelConfig& c, std::int64_t batch) {
    return c.conditioned() ? at::arange(batch, at::kLong).remainder(c.conditioningLabels)
                           : at::Tensor();
}

double maxDiff(const at::Tensor& a, const at::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

}  // namespace

class TstTransformer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { at::set_num_threads(1); }  // tests run side by side under CTest

    void shapesAndParameters() {
        for (const auto& [name, c] : variants()) {
            Transformer model(c, 1);
            const auto specs = parameterSpecs(c);
            const auto& params = model.namedParameters();
            QCOMPARE(params.size(), specs.size());
            std::int64_t count = 0;
            for (std::size_t i = 0; i < specs.size(); ++i) {
                QCOMPARE(params[i].name, specs[i].name);
                QCOMPARE(params[i].tensor.sizes().vec(), specs[i].shape);
                QVERIFY(params[i].tensor.requires_grad());
                count += params[i].tensor.numel();
            }
            QCOMPARE(count, parameterCount(c));
            const auto logits = model.forward(randomTokens(3, 11, c.vocabSize, 2), labelsFor(c, 3));
            QCOMPARE(logits.sizes().vec(), (std::vector<std::int64_t>{3, 11, c.vocabSize}));
            QCOMPARE(logits.scalar_type(), at::kFloat);
            // Longest allowed sequence fits, one more does not.
            model.setTraining(false);
            QCOMPARE(model.forward(randomTokens(1, c.maxTokens(), c.vocabSize, 3), labelsFor(c, 1))
                         .size(1),
                     c.maxTokens());
            QVERIFY_THROWS_EXCEPTION(
                std::invalid_argument,
                model.forward(randomTokens(1, c.maxTokens() + 1, c.vocabSize, 3), labelsFor(c, 1)));
        }
    }

    // The parameter table written out by hand (not derived from parameterSpecs, which the model
    // itself is built from): names, shapes and count of the untied, conditioned small() model.
    void parameterTableByHand() {
        auto c = small();
        c.tieEmbeddings = false;
        c.conditioningLabels = 5;
        std::vector<std::pair<std::string, std::vector<std::int64_t>>> expected{
            {"tok_embed.weight", {37, 32}}, {"pos_embed.weight", {48, 32}}, {"label_embed.weight", {5, 32}}};
        for (const char* b : {"blocks.0.", "blocks.1."}) {
            const std::string p = b;
            for (const auto& entry : std::vector<std::pair<std::string, std::vector<std::int64_t>>>{
                     {"norm1.weight", {32}}, {"norm1.bias", {32}}, {"attn.qkv.weight", {96, 32}},
                     {"attn.qkv.bias", {96}}, {"attn.out.weight", {32, 32}}, {"attn.out.bias", {32}},
                     {"norm2.weight", {32}}, {"norm2.bias", {32}}, {"ffn.up.weight", {64, 32}},
                     {"ffn.up.bias", {64}}, {"ffn.down.weight", {32, 64}}, {"ffn.down.bias", {32}}})
                expected.push_back({p + entry.first, entry.second});
        }
        expected.push_back({"norm.weight", {32}});
        expected.push_back({"norm.bias", {32}});
        expected.push_back({"head.weight", {37, 32}});
        expected.push_back({"head.bias", {37}});
        Transformer model(c, 1);
        const auto& params = model.namedParameters();
        QCOMPARE(params.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(params[i].name, expected[i].first);
            QCOMPARE(params[i].tensor.sizes().vec(), expected[i].second);
        }
        // 37*32 + 48*32 + 5*32 + 2 * (4*32*32 + 2*64*32 + 9*32 + 64) + 2*32 + 37*32 + 37
        QCOMPARE(parameterCount(c), std::int64_t(37 * 32 + 48 * 32 + 5 * 32 + 2 * (4096 + 4096 + 288 + 64) + 64 +
                                                 37 * 32 + 37));
        // Every parameter takes part in the forward pass: each one gets a gradient.
        model.setTraining(false);
        const at::Tensor logits = model.forward(randomTokens(2, 9, c.vocabSize, 4), labelsFor(c, 2));
        logits.pow(2).mean().backward();
        for (const auto& p : params) {
            QVERIFY2(p.tensor.grad().defined(), p.name.c_str());
            QVERIFY2(p.tensor.grad().abs().sum().item<double>() > 0, p.name.c_str());
        }
    }

    // An override replaces a parameter in both paths, gradients reach what it was made from
    // and not the parameter, and clearing it restores the model.
    void parameterOverride() {
        const auto c = small();
        Transformer model(c, 11);
        model.setTraining(false);
        const auto tokens = randomTokens(1, 9, c.vocabSize, 12);
        at::Tensor before;
        {
            at::NoGradGuard noGrad;
            before = model.forward(tokens);
        }
        const std::string name = "blocks.1.attn.qkv.weight";
        at::Tensor base;
        for (const auto& p : model.namedParameters())
            if (p.name == name) base = p.tensor;
        QVERIFY(base.defined());
        auto delta = at::zeros_like(base).normal_(0.0, 0.05).requires_grad_(true);
        model.setParameterOverride(name, base.detach() + delta);
        const auto changed = model.forward(tokens);
        QVERIFY(maxDiff(before, changed.detach()) > 1e-4);
        {
            at::NoGradGuard noGrad;
            KvCache cache(c, 1);
            QVERIFY(maxDiff(changed.detach(), model.decode(tokens, cache)) < 1e-4);
        }
        changed.pow(2).mean().backward();
        QVERIFY(delta.grad().defined() && delta.grad().abs().sum().item<double>() > 0);
        QVERIFY(!base.grad().defined());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 model.setParameterOverride("no.such.weight", base));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 model.setParameterOverride(name, base.narrow(0, 0, 3)));
        model.clearParameterOverrides();
        at::NoGradGuard noGrad;
        QVERIFY(maxDiff(before, model.forward(tokens)) < 1e-7);
    }

    void sameSeedSameWeights() {
        Transformer a(small(), 7), b(small(), 7), c(small(), 8);
        QVERIFY(at::equal(a.parameters()[0], b.parameters()[0]));
        QVERIFY(!at::equal(a.parameters()[0], c.parameters()[0]));
    }

    void causalMasking() {
        for (const auto& [name, c] : variants()) {
            Transformer model(c, 3);
            model.setTraining(false);
            at::NoGradGuard noGrad;
            auto tokens = randomTokens(2, 20, c.vocabSize, 4);
            const auto labels = labelsFor(c, 2);
            const auto before = model.forward(tokens, labels);
            for (std::int64_t k : {0, 9, 19}) {
                auto changed = tokens.clone();
                changed.select(1, k).add_(1).remainder_(c.vocabSize);
                const auto after = model.forward(changed, labels);
                if (k > 0)
                    QVERIFY2(maxDiff(before.narrow(1, 0, k), after.narrow(1, 0, k)) < 1e-6, name);
                // ... and it does change the logits at and after k.
                QVERIFY2(maxDiff(before.narrow(1, k, 20 - k), after.narrow(1, k, 20 - k)) > 1e-4,
                         name);
            }
        }
    }

    // Token by token through the cache == one pass over the whole sequence, for 40 steps;
    // also with a multi-token prefill at the start and a chunk in the middle.
    void kvCacheMatchesFullPass() {
        for (const auto& [name, c] : variants()) {
            Transformer model(c, 5);
            model.setTraining(false);
            const std::int64_t B = 2, T = 40;
            const auto tokens = randomTokens(B, T, c.vocabSize, 6);
            const auto labels = labelsFor(c, B);
            at::Tensor full;
            {
                at::NoGradGuard noGrad;
                full = model.forward(tokens, labels);
            }
            KvCache cache(c, B);
            double worst = 0;
            for (std::int64_t t = 0; t < T; ++t) {
                const auto step = model.decode(tokens.narrow(1, t, 1), cache, labels);
                QCOMPARE(step.sizes().vec(), (std::vector<std::int64_t>{B, 1, c.vocabSize}));
                worst = std::max(worst, maxDiff(step.select(1, 0), full.select(1, t)));
            }
            QCOMPARE(cache.length(), T + c.prefixLength());
            QVERIFY2(worst < 1e-4, (std::string(name) + ": " + std::to_string(worst)).c_str());

            // Prefill 10, a chunk of 7 at position 10, then single steps.
            cache.clear();
            std::vector<at::Tensor> pieces;
            pieces.push_back(model.decode(tokens.narrow(1, 0, 10), cache, labels));
            pieces.push_back(model.decode(tokens.narrow(1, 10, 7), cache, labels));
            for (std::int64_t t = 17; t < T; ++t)
                pieces.push_back(model.decode(tokens.narrow(1, t, 1), cache, labels));
            const double chunked = maxDiff(at::cat(pieces, 1), full);
            qInfo("%s: largest difference %.2g step by step, %.2g chunked", name, worst, chunked);
            QVERIFY2(chunked < 1e-4,
                     (std::string(name) + " chunked: " + std::to_string(chunked)).c_str());
            QVERIFY(!pieces.back().requires_grad());
        }
    }

    // bf16 weight copies for single-row decoding: close to float32, and remade after the
    // weights change in place.
    void decodeBf16() {
        auto c = small();
        c.width = 64;  // rows long enough for the vector kernels' main loops
        c.feedForward = 96;
        Transformer model(c, 21);
        model.setTraining(false);
        model.setDecodeBf16(true);
        const auto tokens = randomTokens(1, 30, c.vocabSize, 22);
        at::Tensor full;
        {
            at::NoGradGuard noGrad;
            full = model.forward(tokens);
        }
        KvCache cache(c, 1);
        double worst = 0;
        for (std::int64_t t = 0; t < 30; ++t)
            worst =
                std::max(worst, maxDiff(model.decode(tokens.narrow(1, t, 1), cache).select(1, 0),
                                        full.select(1, t)));
        qInfo("bf16 decode: largest difference %.2g", worst);
        QVERIFY2(worst < 2e-2, std::to_string(worst).c_str());
        QVERIFY(worst > 0);  // really took the bf16 path

        // A prefill of all 30 positions at once: one bf16 matrix product per projection.
        cache.clear();
        const double prefill = maxDiff(model.decode(tokens, cache), full);
        qInfo("bf16 prefill: largest difference %.2g", prefill);
        QVERIFY2(prefill < 2e-2, std::to_string(prefill).c_str());
        QVERIFY(prefill > 0);
        model.setDecodeBf16(false);
        cache.clear();
        QVERIFY(maxDiff(model.decode(tokens, cache), full) < 1e-4);  // float32 without it
        model.setDecodeBf16(true);

        // Change the weights in place: the next decode must see them.
        {
            at::NoGradGuard noGrad;
            for (const auto& p : model.parameters()) p.mul_(0.5);
            full = model.forward(tokens);
        }
        cache.clear();
        worst = 0;
        for (std::int64_t t = 0; t < 30; ++t)
            worst =
                std::max(worst, maxDiff(model.decode(tokens.narrow(1, t, 1), cache).select(1, 0),
                                        full.select(1, t)));
        QVERIFY2(worst < 2e-2, std::to_string(worst).c_str());
    }

    // The single-row kernel (one token of one sequence, bf16 weights) against the ATen ops of
    // the general decode path on the same bf16 copies, step by step over most of the context:
    // both read and write the same cache (a prefix label and the prompt go in through the
    // general path), so a wrong cache layout or position shows up in later steps.
    void singleRowKernelMatchesAtenDecode() {
        const std::int64_t heads[] = {2, 1, 4, 2};  // head sizes 32, 64 (own copies), 16
        std::size_t variant = 0;
        for (auto [name, c] : variants()) {
            c.width = 64;  // rows long enough for the vector kernels' main loops
            c.heads = heads[variant++ % 4];
            c.feedForward = 96;
            c.maxContext = 64;
            Transformer fast(c, 31), general(c, 31);
            {
                // Nonzero biases, non-unit norms and larger weights than the initialization's.
                at::NoGradGuard noGrad;
                auto gen = at::make_generator<at::CPUGeneratorImpl>(32);
                const auto a = fast.parameters(), b = general.parameters();
                for (std::size_t i = 0; i < a.size(); ++i) {
                    a[i].add_(at::randn(a[i].sizes(), gen) * 0.1);
                    b[i].copy_(a[i]);
                }
            }
            for (Transformer* m : {&fast, &general}) {
                m->setTraining(false);
                m->setDecodeBf16(true);
            }
            general.setSingleRowKernel(false);
            QVERIFY(fast.singleRowKernel() && !general.singleRowKernel());
            const auto labels = labelsFor(c, 1);
            const auto tokens = randomTokens(1, c.maxTokens(), c.vocabSize, 33);
            KvCache fastCache(c, 1), generalCache(c, 1);
            const std::int64_t prompt = 3;
            QVERIFY(maxDiff(fast.decode(tokens.narrow(1, 0, prompt), fastCache, labels),
                            general.decode(tokens.narrow(1, 0, prompt), generalCache, labels)) <
                    1e-5);
            double worst = 0, scale = 0;
            std::int64_t steps = 0;
            for (std::int64_t t = prompt; t < tokens.size(1); ++t, ++steps) {
                const auto a = fast.decode(tokens.narrow(1, t, 1), fastCache, labels);
                const auto b = general.decode(tokens.narrow(1, t, 1), generalCache, labels);
                QCOMPARE(a.sizes(), b.sizes());
                worst = std::max(worst, maxDiff(a, b));
                scale = std::max(scale, b.abs().max().item<double>());
            }
            QCOMPARE(fastCache.length(), generalCache.length());
            QVERIFY(steps >= 40);
            qInfo("%s: single-row kernel vs ATen decode, %lld steps: largest difference %.2g "
                  "(logits up to %.2g)",
                  name, static_cast<long long>(steps), worst, scale);
            QVERIFY(scale > 0.5);
            QVERIFY(worst > 0);  // really two different kernels (sum order, exp approximation)
            QVERIFY2(worst < 1e-4 * std::max(1.0, scale), (name + std::to_string(worst)).c_str());
        }
    }

    void bf16GemvMatchesReference() {
        for (std::int64_t cols : {7, 32, 100, 256}) {
            auto gen = at::make_generator<at::CPUGeneratorImpl>(cols);
            const auto w = at::randn({37, cols}, gen, at::kFloat).to(at::kBFloat16);
            const auto x = at::randn({cols}, gen, at::kFloat), b = at::randn({37}, gen, at::kFloat);
            const auto expected = at::addmv(b, w.to(at::kFloat), x);
            QVERIFY2(maxDiff(bf16Gemv(w, x, b), expected) < 1e-4, bf16GemvKernel());
            QVERIFY(maxDiff(bf16Gemv(w, x, at::Tensor()), at::mv(w.to(at::kFloat), x)) < 1e-4);
        }
    }

    void cacheCapacity() {
        auto c = small();
        c.maxContext = 8;
        Transformer model(c, 1);
        model.setTraining(false);
        KvCache cache(c, 1);
        QCOMPARE(cache.capacity(), std::int64_t(8));
        model.decode(randomTokens(1, 6, c.vocabSize, 1), cache);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range,
                                 model.decode(randomTokens(1, 3, c.vocabSize, 1), cache));
        QCOMPARE(cache.length(), std::int64_t(6));  // a refused call leaves the cache as it was
        model.decode(randomTokens(1, 2, c.vocabSize, 1), cache);
        QCOMPARE(cache.freePositions(), std::int64_t(0));
        cache.truncate(3);
        QCOMPARE(cache.length(), std::int64_t(3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 model.decode(randomTokens(2, 1, c.vocabSize, 1), cache));
    }

    void dropoutOnlyWhenTraining() {
        auto c = small();
        c.dropout = 0.5;
        Transformer model(c, 9);
        const auto tokens = randomTokens(2, 16, c.vocabSize, 10);
        at::NoGradGuard noGrad;
        model.setTraining(false);
        QVERIFY(!model.isTraining());
        const auto a = model.forward(tokens), b = model.forward(tokens);
        QVERIFY(at::equal(a, b));
        model.setTraining(true);
        QVERIFY(maxDiff(model.forward(tokens), model.forward(tokens)) > 1e-3);
        model.setTraining(false);
        QVERIFY(at::equal(model.forward(tokens), a));
    }

    void labelsMatter() {
        for (auto conditioning : {Conditioning::Added, Conditioning::Prefix}) {
            auto c = small();
            c.conditioningLabels = 3;
            c.conditioning = conditioning;
            Transformer model(c, 11);
            model.setTraining(false);
            at::NoGradGuard noGrad;
            const auto tokens = randomTokens(1, 12, c.vocabSize, 12);
            const auto zero = model.forward(tokens, at::zeros({1}, at::kLong));
            const auto two = model.forward(tokens, at::full({1}, 2, at::kLong));
            QVERIFY(maxDiff(zero, two) > 1e-4);
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, model.forward(tokens));
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                     model.forward(tokens, at::zeros({2}, at::kLong)));
        }
    }

    void gradientsReachEveryParameter() {
        for (const auto& [name, c] : variants()) {
            Transformer model(c, 13);
            const auto tokens = randomTokens(2, 12, c.vocabSize, 14);
            const auto logits = model.forward(tokens, labelsFor(c, 2));
            const auto loss =
                at::cross_entropy_loss(logits.reshape({-1, c.vocabSize}),
                                       randomTokens(2, 12, c.vocabSize, 15).reshape({-1}));
            loss.backward();
            for (const auto& p : model.namedParameters()) {
                QVERIFY2(p.tensor.grad().defined(), p.name.c_str());
                QVERIFY2(p.tensor.grad().abs().sum().item<double>() > 0, p.name.c_str());
            }
        }
    }

    // Under CpuAutocast products run in bf16 while the weights (and their gradients) stay fp32;
    // leaving the scope restores fp32 and the outputs stay close to the fp32 ones.
    void bf16Autocast() {
        Transformer model(small(), 17);
        model.setTraining(false);
        const auto tokens = randomTokens(2, 16, small().vocabSize, 18);
        at::Tensor reduced;
        {
            CpuAutocast autocast;
            reduced = model.forward(tokens);
        }
        QCOMPARE(reduced.scalar_type(), at::kBFloat16);
        const auto full = model.forward(tokens);
        QCOMPARE(full.scalar_type(), at::kFloat);
        QVERIFY2(maxDiff(reduced.to(at::kFloat), full) < 0.05,
                 std::to_string(maxDiff(reduced.to(at::kFloat), full)).c_str());
        reduced.to(at::kFloat).sum().backward();
        for (const auto& p : model.namedParameters())
            QCOMPARE(p.tensor.grad().scalar_type(), at::kFloat);
        {
            CpuAutocast off(false);
            QCOMPARE(model.forward(tokens).scalar_type(), at::kFloat);
        }
    }

    void rejectsBadInput() {
        Transformer model(small(), 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, model.forward(at::zeros({2, 3}, at::kInt)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, model.forward(at::zeros({3}, at::kLong)));
        auto bad = small();
        bad.heads = 5;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Transformer(bad, 0));
    }
};

QTEST_APPLESS_MAIN(TstTransformer)
#include "tst_transformer.moc"
