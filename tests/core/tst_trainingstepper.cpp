// TrainingStepper and its parts: the learning-rate schedule, the loss (label smoothing and the
// structure term against hand computations), the fused AdamW against the textbook update, a
// tiny model whose loss falls, accumulation equal to one big batch, an interrupted step that
// changes nothing.
#include <QtTest>

#include <cmath>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include "model/Transformer.h"
#include "train/AdamW.h"
#include "train/TrainerConfig.h"
#include "train/TrainingLoss.h"
#include "train/TrainingStepper.h"

using namespace mozart;
using namespace mozart::train;

namespace {

model::ModelConfig tinyModel() {
    model::ModelConfig c;
    c.vocabSize = 24;
    c.width = 32;
    c.heads = 4;
    c.layers = 2;
    c.feedForward = 64;
    c.maxContext = 64;
    c.dropout = 0.0;
    return c;
}

// Rows of a repeating pattern (learnable), PAD id 0 never used inside.
at::Tensor patternBatch(std::int64_t rows, std::int64_t length, std::int64_t vocab) {
    at::Tensor b = at::empty({rows, length + 1}, at::kLong);
    auto* p = b.data_ptr<std::int64_t>();
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t t = 0; t <= length; ++t) p[r * (length + 1) + t] = 1 + (r + t * 3) % (vocab - 1);
    return b;
}

}  // namespace

class TestTrainingStepper : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scheduleWarmupThenCosine() {
        TrainerConfig c;
        c.learningRate = 1e-3;
        c.minLearningRate = 1e-4;
        c.warmupSteps = 10;
        c.decaySteps = 110;
        QCOMPARE(learningRateAt(c, 0), 1e-4);
        QVERIFY(std::abs(learningRateAt(c, 4) - 5e-4) < 1e-15);
        QVERIFY(std::abs(learningRateAt(c, 9) - 1e-3) < 1e-15);
        QVERIFY(std::abs(learningRateAt(c, 10) - 1e-3) < 1e-15);
        QVERIFY(std::abs(learningRateAt(c, 60) - 5.5e-4) < 1e-12);  // halfway: mean of peak and floor
        QVERIFY(std::abs(learningRateAt(c, 110) - 1e-4) < 1e-15);
        QVERIFY(std::abs(learningRateAt(c, 500) - 1e-4) < 1e-15);
        const double quarter = 1e-4 + 0.9e-3 * 0.5 * (1 + std::cos(3.14159265358979323846 * 0.25));
        QVERIFY(std::abs(learningRateAt(c, 35) - quarter) < 1e-12);
        c.decaySteps = 0;
        QCOMPARE(learningRateAt(c, 1000), 1e-3);
    }

    void configJsonRoundTripAndRefusal() {
        TrainerConfig c;
        c.labelSmoothing = 0.1;
        c.loraRank = 4;
        TrainerConfig back;
        std::string error;
        QVERIFY(parseTrainerConfig(toJsonString(c), back, &error));
        QVERIFY(back == c);
        QVERIFY(!parseTrainerConfig("{\"learning_rat\": 1}", back, &error));
        QVERIFY(error.find("learning_rat") != std::string::npos);
        QVERIFY(!parseTrainerConfig("{\"batch_size\": 6, \"accumulation_steps\": 4}", back, &error));
        QVERIFY(error.find("accumulation_steps") != std::string::npos);
    }

    void labelSmoothingAgainstHand() {
        const at::Tensor logits = at::tensor({1.0f, 2.0f, 0.5f, -1.0f, 0.0f, 3.0f}).reshape({2, 3});
        const at::Tensor targets = at::tensor({1L, 0L});  // the second target is PAD (id 0)
        LossSettings s;
        s.padId = 0;
        s.labelSmoothing = 0.2;
        const double got = trainingLoss(logits, targets, {}, s, 1.0).item<double>();
        // Row 0 only: lse = log(e^1 + e^2 + e^0.5); nll = lse - 2; mean(-log p) = lse - (1+2+0.5)/3.
        const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(0.5));
        const double expected = 0.8 * (lse - 2.0) + 0.2 * (lse - 3.5 / 3.0);
        QVERIFY2(std::abs(got - expected) < 1e-6, qPrintable(QString::number(got) + " vs " + QString::number(expected)));
    }

    void structureTermAgainstHand() {
        const at::Tensor logits = at::tensor({1.0f, 2.0f, 0.5f, -1.0f, 0.0f, 3.0f}).reshape({2, 3});
        const at::Tensor targets = at::tensor({1L, 2L});
        const at::Tensor forbidden = at::tensor({0, 0, 1, 1, 1, 0}, at::kByte).reshape({2, 3});
        LossSettings s;
        s.padId = 0;
        s.structureWeight = 0.5;
        const double got = trainingLoss(logits, targets, forbidden, s, 2.0).item<double>();
        const double z0 = std::exp(1.0) + std::exp(2.0) + std::exp(0.5);
        const double z1 = std::exp(-1.0) + std::exp(0.0) + std::exp(3.0);
        const double ce = (std::log(z0) - 2.0) + (std::log(z1) - 3.0);
        const double mass = std::exp(0.5) / z0 + (std::exp(-1.0) + 1.0) / z1;
        const double expected = (ce + 0.5 * mass) / 2.0;
        QVERIFY(std::abs(got - expected) < 1e-6);
    }

    void adamwMatchesTextbook() {
        at::Tensor w = at::tensor({0.5f, -1.0f, 2.0f, 0.25f}).reshape({2, 2}).requires_grad_(true);
        at::Tensor bias = at::tensor({0.1f, -0.2f}).requires_grad_(true);
        AdamWSettings s;
        s.beta1 = 0.9;
        s.beta2 = 0.99;
        s.epsilon = 1e-8;
        s.weightDecay = 0.1;
        AdamW opt({{"w", w}, {"b", bias}}, s);
        const std::vector<float> g1 = {0.3f, -0.1f, 0.2f, 0.4f}, g2 = {-0.2f, 0.5f, 0.1f, 0.0f};
        std::vector<double> p = {0.5, -1.0, 2.0, 0.25}, m(4, 0), v(4, 0);
        const double lr = 0.01;
        for (int step = 1; step <= 2; ++step) {
            const auto& g = step == 1 ? g1 : g2;
            w.mutable_grad() = at::tensor(g).reshape({2, 2});
            bias.mutable_grad() = at::tensor({1.0f, 1.0f});
            opt.step(lr, 0.5);
            for (int i = 0; i < 4; ++i) {
                const double gi = 0.5 * g[std::size_t(i)];
                m[i] = 0.9 * m[i] + 0.1 * gi;
                v[i] = 0.99 * v[i] + 0.01 * gi * gi;
                const double mh = m[i] / (1 - std::pow(0.9, step)), vh = v[i] / (1 - std::pow(0.99, step));
                p[i] = p[i] * (1 - lr * 0.1) - lr * mh / (std::sqrt(vh) + 1e-8);
            }
        }
        for (int i = 0; i < 4; ++i) QVERIFY(std::abs(w.view({-1})[i].item<double>() - p[i]) < 1e-6);
        QVERIFY(w.grad().abs().sum().item<double>() == 0.0);  // zeroed in place
        // No decay on the 1-D bias: two steps of +1 gradient move it by exactly 2 * lr.
        QVERIFY(std::abs(bias[0].item<double>() - (0.1 - 0.02)) < 1e-6);
        QCOMPARE(opt.steps(), std::int64_t(2));
    }

    void lossFalls() {
        at::manual_seed(3);
        model::Transformer m(tinyModel(), 7);
        TrainerConfig c;
        c.learningRate = 3e-3;
        c.warmupSteps = 5;
        c.batchSize = 4;
        c.sequenceLength = 32;
        TrainingStepper stepper(m, c);
        const at::Tensor batch = patternBatch(4, 32, 24);
        StepResult first = stepper.step(batch), last;
        QVERIFY(first.completed);
        QCOMPARE(first.tokens, std::int64_t(4 * 32));
        QVERIFY(first.gradNorm > 0);
        QCOMPARE(first.learningRate, 3e-3 / 5);
        for (int i = 0; i < 40; ++i) last = stepper.step(batch);
        QVERIFY2(last.loss < 0.5 * first.loss, qPrintable(QString("%1 -> %2").arg(first.loss).arg(last.loss)));
        QCOMPARE(stepper.stepsDone(), std::int64_t(41));
    }

    void accumulationEqualsOneBatch() {
        at::Tensor batch = patternBatch(4, 16, 24);
        batch.index_put_({0, at::indexing::Slice(10, at::indexing::None)}, 0);  // some PAD targets
        std::vector<double> losses[2];
        std::vector<at::Tensor> weights[2];
        for (int variant = 0; variant < 2; ++variant) {
            model::Transformer m(tinyModel(), 11);
            TrainerConfig c;
            c.batchSize = 4;
            c.accumulationSteps = variant == 0 ? 1 : 2;
            TrainingStepper stepper(m, c);
            for (int i = 0; i < 3; ++i) losses[variant].push_back(stepper.step(batch).loss);
            weights[variant] = m.parameters();
        }
        for (int i = 0; i < 3; ++i) QVERIFY(std::abs(losses[0][i] - losses[1][i]) < 1e-5);
        for (std::size_t k = 0; k < weights[0].size(); ++k)
            QVERIFY((weights[0][k] - weights[1][k]).abs().max().item<double>() < 1e-5);
    }

    void interruptedStepChangesNothing() {
        auto config = tinyModel();
        config.dropout = 0.1;
        model::Transformer m(config, 5);
        TrainerConfig c;
        TrainingStepper stepper(m, c);
        std::atomic<bool> flag{true};
        stepper.setInterruptFlag(&flag);
        const std::vector<at::Tensor> before = [&] {
            std::vector<at::Tensor> v;
            for (auto& t : m.parameters()) v.push_back(t.detach().clone());
            return v;
        }();
        const at::Tensor genBefore = at::detail::getDefaultCPUGenerator().get_state();
        StepResult r = stepper.step(patternBatch(2, 16, 24));
        QVERIFY(!r.completed);
        QCOMPARE(stepper.stepsDone(), std::int64_t(0));
        const auto params = m.parameters();
        for (std::size_t k = 0; k < params.size(); ++k) QVERIFY(at::equal(params[k], before[k]));
        QVERIFY(at::equal(at::detail::getDefaultCPUGenerator().get_state(), genBefore));
        flag = false;
        QVERIFY(stepper.step(patternBatch(2, 16, 24)).completed);
        QCOMPARE(stepper.stepsDone(), std::int64_t(1));
    }

    void interruptDuringBackwardChangesNothing() {
        auto config = tinyModel();
        config.dropout = 0.1;
        model::Transformer m(config, 5);
        TrainerConfig c;
        TrainingStepper stepper(m, c);
        std::atomic<bool> flag{false};
        stepper.setInterruptFlag(&flag);
        // The head's bias gets its gradient first in backward; raising the flag there leaves the
        // rest of the pass to the stepper's hooks.
        for (const auto& p : m.namedParameters())
            if (p.name == "head.bias") p.tensor.register_hook([&](const at::Tensor&) { flag = true; });
        std::vector<at::Tensor> before;
        for (auto& t : m.parameters()) before.push_back(t.detach().clone());
        const at::Tensor genBefore = at::detail::getDefaultCPUGenerator().get_state();
        const StepResult r = stepper.step(patternBatch(2, 16, 24));
        QVERIFY(flag.load());
        QVERIFY(!r.completed);
        QCOMPARE(stepper.stepsDone(), std::int64_t(0));
        const auto params = m.parameters();
        for (std::size_t k = 0; k < params.size(); ++k) {
            QVERIFY(at::equal(params[k], before[k]));
            QVERIFY(!params[k].grad().defined() || params[k].grad().abs().sum().item<double>() == 0);
        }
        QVERIFY(at::equal(at::detail::getDefaultCPUGenerator().get_state(), genBefore));
    }
};

QTEST_APPLESS_MAIN(TestTrainingStepper)
#include "tst_trainingstepper.moc"
