// TrainRunPlan: the options of `mozart train` (and of the Train panel) become a validated plan or
// one refusal naming the option; defaults equal TrainerConfig's; a time-bounded run is recognised;
// an existing run folder is refused unless resumed or overwritten; size presets.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "model/ModelConfig.h"
#include "train/TrainRunPlan.h"

using namespace mozart;

class TestTrainRunPlan : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    train::TrainRunOptions options() const {
        train::TrainRunOptions o;
        o.data = dir_.path().toStdString() + "/midi";
        o.out = dir_.path().toStdString() + "/run";
        return o;
    }

private Q_SLOTS:
    void defaultsAreTheTrainersDefaults() {
        const auto r = train::planTrainRun(options());
        QVERIFY2(r.plan, r.error.message.c_str());
        train::TrainerConfig expected;
        expected.decaySteps = 1000;
        expected.minLearningRate = expected.learningRate / 10;  // the CLI default: lr / 10
        QVERIFY(r.plan->trainer == expected);
        QVERIFY(!train::boundedByTimeOnly(r.plan->trainer));
        QVERIFY(r.plan->model == model::ModelConfig());
    }

    void refusalsNameTheOption_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<bool>("usage");
        QTest::newRow("lr") << "lr" << true;
        QTest::newRow("seq") << "seq" << true;
        QTest::newRow("accumulate") << "accumulate" << true;
        QTest::newRow("lora") << "lora" << true;
        QTest::newRow("model-size") << "model-size" << true;
        QTest::newRow("tokenizer") << "tokenizer" << true;
        QTest::newRow("data") << "data" << true;
        QTest::newRow("fim-rate") << "fim-rate" << true;
    }
    void refusalsNameTheOption() {
        QFETCH(QString, field);
        QFETCH(bool, usage);
        auto o = options();
        if (field == "lr") o.lr = -1;
        if (field == "seq") o.seq = 0;
        if (field == "accumulate") o.accumulate = 3;
        if (field == "lora") o.lora = 4;
        if (field == "model-size") o.modelSize = "huge";
        if (field == "tokenizer") o.tokenizer = dir_.path().toStdString() + "/missing.json";
        if (field == "data") o.data.clear();
        if (field == "fim-rate") o.fimRate = 2;
        const auto r = train::planTrainRun(o);
        QVERIFY(!r.plan);
        QCOMPARE(QString::fromStdString(r.error.field), field);
        QCOMPARE(r.error.usage, usage);
        QVERIFY(!r.error.message.empty());
    }

    void timeBoundedRun() {
        auto o = options();
        o.minutes = 5;
        const auto r = train::planTrainRun(o);
        QVERIFY(r.plan);
        QVERIFY(train::boundedByTimeOnly(r.plan->trainer));
        QCOMPARE(r.plan->trainer.decaySteps, std::int64_t(0));
        o.steps = 300;
        QVERIFY(!train::boundedByTimeOnly(train::planTrainRun(o).plan->trainer));
    }

    void existingRunFolder() {
        auto o = options();
        QVERIFY(QDir().mkpath(QString::fromStdString(o.out)));
        std::ofstream(o.out + "/config.json") << "{}";
        auto r = train::planTrainRun(o);
        QVERIFY(!r.plan);
        QCOMPARE(QString::fromStdString(r.error.field), QString("out"));
        QVERIFY(r.error.message.find("--resume") != std::string::npos && r.error.message.find("--force") != std::string::npos);
        o.force = true;
        QVERIFY(train::planTrainRun(o).plan);
        o.force = false;
        o.resume = true;  // config.json "{}" is no usable run configuration
        r = train::planTrainRun(o);
        QVERIFY(!r.plan);
        QVERIFY2(r.error.message.find("not a usable run configuration") != std::string::npos, r.error.message.c_str());
    }

    void sizePresets() {
        std::int64_t previous = 0;
        for (const auto& name : train::modelSizeNames()) {
            auto c = train::modelSizePreset(name);
            QVERIFY(c);
            QVERIFY(c->validate().empty());
            const std::int64_t n = model::parameterCount(*c);
            QVERIFY2(n > previous, name.c_str());
            previous = n;
        }
        QVERIFY(train::modelSizePreset("standard") == model::ModelConfig());
        QVERIFY(!train::modelSizePreset("huge"));
    }
};

QTEST_GUILESS_MAIN(TestTrainRunPlan)
#include "tst_trainrunplan.moc"
