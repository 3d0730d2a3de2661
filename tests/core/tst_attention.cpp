// Attention and Dropout: the blockwise causal attention equals LibTorch's own
// _scaled_dot_product_attention for any block size, the cached path equals it for queries at an
// offset, and the fast dropout keeps the right fraction, scales, is reproducible from the seed
// whatever the thread count, and passes gradients through its mask.
#include <QtTest>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "model/Attention.h"
#include "model/Dropout.h"

using namespace mozart::model;

namespace {

at::Tensor randn(at::IntArrayRef shape, std::uint64_t seed) {
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    return at::randn(shape, gen, at::kFloat);
}

double maxDiff(const at::Tensor& a, const at::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

}  // namespace

class TstAttention : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { at::set_num_threads(1); }

    void causalMatchesReference() {
        for (std::int64_t n : {1, 7, 64, 130}) {
            const auto q = randn({2, 3, n, 8}, 1), k = randn({2, 3, n, 8}, 2),
                       v = randn({2, 3, n, 8}, 3);
            const auto expected =
                std::get<0>(at::_scaled_dot_product_attention(q, k, v, {}, 0.0, false, true));
            for (std::int64_t block : {1, 5, 64, 128, 1000}) {
                const auto got = causalAttention(q, k, v, 0.0, false, block);
                QVERIFY2(maxDiff(got, expected) < 1e-5,
                         (std::to_string(n) + "/" + std::to_string(block)).c_str());
            }
        }
    }

    void cachedMatchesReference() {
        const std::int64_t start = 9, n = 4, m = start + n;
        const auto q = randn({1, 2, n, 8}, 4), k = randn({1, 2, m, 8}, 5),
                   v = randn({1, 2, m, 8}, 6);
        auto allowed = at::arange(m).unsqueeze(0) <= at::arange(start, m).unsqueeze(1);
        const auto expected =
            std::get<0>(at::_scaled_dot_product_attention(q, k, v, allowed, 0.0, false, false));
        QVERIFY(maxDiff(cachedAttention(q, k, v, start), expected) < 1e-5);
        // A single query needs no mask and sees every key.
        const auto one = q.narrow(2, 0, 1);
        const auto full =
            std::get<0>(at::_scaled_dot_product_attention(one, k, v, {}, 0.0, false, false));
        QVERIFY(maxDiff(cachedAttention(one, k, v, m - 1), full) < 1e-5);
    }

    void gradientsMatchReference() {
        auto q = randn({1, 2, 20, 4}, 7).requires_grad_(),
             k = randn({1, 2, 20, 4}, 8).requires_grad_(),
             v = randn({1, 2, 20, 4}, 9).requires_grad_();
        causalAttention(q, k, v, 0.0, true, 6).pow(2).sum().backward();
        const auto gq = q.grad().clone(), gk = k.grad().clone(), gv = v.grad().clone();
        q.mutable_grad().reset(), k.mutable_grad().reset(), v.mutable_grad().reset();
        std::get<0>(at::_scaled_dot_product_attention(q, k, v, {}, 0.0, false, true))
            .pow(2)
            .sum()
            .backward();
        QVERIFY(maxDiff(gq, q.grad()) < 1e-5);
        QVERIFY(maxDiff(gk, k.grad()) < 1e-5);
        QVERIFY(maxDiff(gv, v.grad()) < 1e-5);
    }

    void dropoutKeepsTheRightFraction() {
        for (double p : {0.1, 0.5}) {
            const auto mask = dropoutMask({1000, 1000}, p, 42);
            const double kept = (mask > 0).to(at::kDouble).mean().item<double>();
            QVERIFY2(std::abs(kept - (1 - p)) < 0.002, std::to_string(kept).c_str());
            QVERIFY(std::abs(mask.max().item<double>() - 1 / (1 - p)) < 1e-3);
            QVERIFY(std::abs(mask.mean().item<double>() - 1.0) < 0.005);  // unbiased
        }
        QVERIFY(at::equal(dropoutMask({3, 5}, 0.0, 1), at::ones({3, 5})));
    }

    void dropoutIsReproducible() {
        const auto a = dropoutMask({333, 77}, 0.3, 5);
        QVERIFY(at::equal(a, dropoutMask({333, 77}, 0.3, 5)));
        QVERIFY(!at::equal(a, dropoutMask({333, 77}, 0.3, 6)));
        at::set_num_threads(2);
        QVERIFY(at::equal(a, dropoutMask({333, 77}, 0.3, 5)));
        at::set_num_threads(1);
        // Seeded from ATen's generator.
        const auto x = at::ones({100, 100});
        at::manual_seed(3);
        const auto first = fastDropout(x, 0.2, true);
        at::manual_seed(3);
        QVERIFY(at::equal(first, fastDropout(x, 0.2, true)));
        QVERIFY(!at::equal(first, fastDropout(x, 0.2, true)));
        QVERIFY(fastDropout(x, 0.2, false).is_same(x));
    }

    void dropoutGradientIsTheMask() {
        auto x = randn({50, 40}, 11).requires_grad_();
        const auto y = fastDropout(x, 0.25, true);
        y.sum().backward();
        QVERIFY(at::allclose(x.grad(), y.detach() / x.detach()));
    }
};

QTEST_APPLESS_MAIN(TstAttention)
#include "tst_attention.moc"
