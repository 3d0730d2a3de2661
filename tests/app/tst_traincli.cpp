// `mozart train` and `mozart eval` as a user runs them, on a tiny generated MIDI folder and a tiny
// model: a run folder with best/last, refusal to overwrite it, eval as JSON, --resume continuing
// the step count, LoRA fine-tuning from the run's model, a tokenizer mismatch refused, Ctrl-C
// saving the last checkpoint. Then the real dataset pipeline on the shared corpus (skipped
// without it).
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "../SharedData.h"

#include <csignal>
#include <cmath>

#include "CliRun.h"

#include "../core/TinyMidiFolder.h"
#include "model/ModelFile.h"

namespace {

const char* kTinyModel =
    R"({"vocab_size": 284, "width": 32, "heads": 4, "layers": 2, "feed_forward": 64, "max_context": 64,
        "conditioning_labels": 2})";

QStringList common(const QString& data, const QString& out) {
    return {"train", "--data", data, "--out", out, "--no-cache", "--split", "0.7,0.3,0", "--batch", "4", "--seq", "32",
            "--threads", "1"};
}

}  // namespace

class TestTrainCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_, modelConfig_;

private Q_SLOTS:
    void initTestCase() {
        for (int i = 0; i < 12; ++i)
            tiny::write(tiny::path(dir_, QString("midi/%1/p%2.mid").arg(i % 2 ? "Mozart" : "Haydn").arg(i)),
                        tiny::melody(i, 48 + 8 * i));
        data_ = dir_.path() + "/midi";
        modelConfig_ = dir_.path() + "/tiny.json";
        QFile f(modelConfig_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kTinyModel);
    }

    void trainEvalResume() {
        const QString run = dir_.path() + "/run";
        auto r = clitest::runMozart(common(data_, run) + QStringList{"--model-config", modelConfig_, "--steps", "6",
                                                                     "--validate-every", "3", "--checkpoint-every", "3"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("steps done after 6 steps"), qPrintable(r.out));
        QVERIFY(r.out.contains("best validation loss"));
        for (const char* f : {"/best/model.safetensors", "/last/model.safetensors", "/last/trainer-state.safetensors",
                              "/config.json", "/metrics.jsonl", "/checkpoints/step-6/model.safetensors"})
            QVERIFY2(QFile::exists(run + f), f);

        // The run folder is not overwritten without --resume or --force.
        r = clitest::runMozart(common(data_, run) + QStringList{"--model-config", modelConfig_, "--steps", "2"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--resume") && r.err.contains("--force"), qPrintable(r.err));

        r = clitest::runMozart({"eval", run + "/best", "--data", data_, "--no-cache", "--split", "0.7,0.3,0", "--part",
                                "validation", "--json", "--threads", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const double loss = j["loss"].toDouble();
        QVERIFY(loss > 0 && std::isfinite(loss));
        QVERIFY(std::abs(j["perplexity"].toDouble() - std::exp(loss)) < 1e-6 * std::exp(loss));
        QVERIFY(j["accuracy"].toDouble() >= 0 && j["accuracy"].toDouble() <= 1);
        QVERIFY(j["tokens"].toInt() > 0);
        r = clitest::runMozart({"eval", run + "/best", "--data", data_, "--no-cache", "--split", "0.7,0.3,0", "--part",
                                "validation", "--threads", "1"});
        QVERIFY(r.exitCode == 0 && r.out.contains("perplexity") && r.out.contains("token accuracy"));

        r = clitest::runMozart(common(data_, run) + QStringList{"--resume", "--steps", "8"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("after 8 steps (2 in this session)"), qPrintable(r.out));
        QFile metrics(run + "/metrics.jsonl");
        QVERIFY(metrics.open(QIODevice::ReadOnly));
        QList<int> steps;
        for (const QByteArray& line : metrics.readAll().split('\n')) {
            const QJsonObject e = QJsonDocument::fromJson(line).object();
            if (e["event"] == "step") steps << e["step"].toInt();
        }
        QCOMPARE(steps, (QList<int>{1, 2, 3, 4, 5, 6, 7, 8}));
    }

    // --samples-every: the studio's samples timeline from the terminal; a sample's recipe makes
    // the same bytes again through `mozart generate --recipe`.
    void samplesTimeline() {
        const QString run = dir_.path() + "/sampled";
        auto r = clitest::runMozart(common(data_, run) + QStringList{"--model-config", modelConfig_, "--steps", "8",
                                                                     "--validate-every", "2", "--samples-every", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("sample at step 4: ") && r.err.contains("sample at step 8: "), qPrintable(r.err));
        for (const char* f : {"step-4.mid", "step-4.json", "step-4.safetensors", "step-8.mid", "step-8.json", "step-8.safetensors"})
            QVERIFY2(QFile::exists(run + "/samples/" + f), f);
        QVERIFY(!QFile::exists(run + "/samples/step-2.mid") && !QFile::exists(run + "/samples/step-6.mid"));
        r = clitest::runMozart({"generate", "--recipe", run + "/samples/step-8.json", "--out", dir_.path() + "/again.mid"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile a(run + "/samples/step-8.mid"), b(dir_.path() + "/again.mid");
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(b.readAll(), a.readAll());
        r = clitest::runMozart(common(data_, dir_.path() + "/never") + QStringList{"--samples-every", "-1"});
        QVERIFY(r.exitCode != 0);
    }

    // A shape file need not know the tokenizer or the folders: what it leaves out comes from the
    // data (vocabulary 284 of the default tokenizer, 2 composer folders, context = --seq).
    void shapeFileWithoutDataKeys() {
        QFile f(dir_.path() + "/shape.json");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"width": 32, "heads": 4, "layers": 2, "feed_forward": 64})");
        f.close();
        const QString run = dir_.path() + "/shaped";
        auto r = clitest::runMozart(common(data_, run) + QStringList{"--model-config", f.fileName(), "--steps", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto info = mozart::model::ModelFile::inspect((run + "/last/model.safetensors").toStdString(), {});
        QVERIFY(info);
        QCOMPARE(info.info.config.vocabSize, std::int64_t(284));
        QCOMPARE(info.info.config.conditioningLabels, std::int64_t(2));
        QCOMPARE(info.info.config.maxContext, std::int64_t(32));
        QCOMPARE(info.info.config.width, std::int64_t(32));
        // A vocabulary the file does state is checked against the tokenizer's.
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(R"({"width": 32, "heads": 4, "layers": 2, "feed_forward": 64, "vocab_size": 300})");
        f.close();
        r = clitest::runMozart(common(data_, dir_.path() + "/wrongvocab") +
                               QStringList{"--model-config", f.fileName(), "--steps", "1"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("300") && r.err.contains("284"), qPrintable(r.err));
    }

    void fineTuneWithLora() {
        const QString base = dir_.path() + "/base";
        auto r = clitest::runMozart(common(data_, base) + QStringList{"--model-config", modelConfig_, "--steps", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString tuned = dir_.path() + "/tuned";
        r = clitest::runMozart(common(data_, tuned) + QStringList{"--init", base + "/last/model.safetensors", "--lora", "2",
                                                                  "--steps", "3", "--validate-every", "3", "--samples-every", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.err.contains("LoRA"));
        QVERIFY2(QFile::exists(tuned + "/samples/step-3.mid"), qPrintable(r.err));  // from the merged weights
        QVERIFY(QFile::exists(tuned + "/last/adapters.safetensors"));
        QVERIFY(QFile::exists(tuned + "/last/model.safetensors"));
        r = clitest::runMozart(common(data_, tuned) + QStringList{"--resume", "--steps", "4"});
        QVERIFY2(r.exitCode == 0 && r.out.contains("after 4 steps"), qPrintable(r.err + r.out));
        // A model whose tokenizer differs from the one asked for is refused, naming the file.
        r = clitest::runMozart(common(data_, dir_.path() + "/mismatch") +
                               QStringList{"--init", base + "/last/model.safetensors", "--tokenizer", "rich"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("another tokenizer") && r.err.contains("base/last/model.safetensors"), qPrintable(r.err));
    }

    void ctrlCSavesTheLastCheckpoint() {
        const QString run = dir_.path() + "/interrupted";
        QProcess p;
        p.start(QStringLiteral(MOZART_CLI_PATH),
                common(data_, run) + QStringList{"--model-config", modelConfig_, "--steps", "100000",
                                                                         "--validate-every", "0"});
        QVERIFY(p.waitForStarted());
        QString err;
        QElapsedTimer waited;
        waited.start();
        while (!err.contains("step 1/") && waited.elapsed() < 60000) {
            p.waitForReadyRead(200);
            err += QString::fromUtf8(p.readAllStandardError());
        }
        QVERIFY2(err.contains("step 1/"), qPrintable(err));
        QThread::msleep(1000);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 130);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(out.contains("cancelled after"), qPrintable(out));
        QVERIFY(QFile::exists(run + "/last/model.safetensors"));
    }

    // --init on a conditioned model matches the label folders to the model's labels by name: a
    // folder of Mozart alone becomes label 0 with the base's Mozart embedding (the base, frozen
    // under LoRA, kept Haydn as 0 and Mozart as 1); a folder the model does not know is refused.
    void initMatchesLabelsByName() {
        const QString base = dir_.path() + "/labelbase";
        auto r = clitest::runMozart(common(data_, base) + QStringList{"--model-config", modelConfig_, "--steps", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QString mozartOnly = dir_.path() + "/mozart-only";
        for (int i = 0; i < 8; ++i)
            tiny::write(tiny::path(dir_, QString("mozart-only/Mozart/p%1.mid").arg(i)), tiny::melody(i + 3, 48 + 8 * i));
        const QString tuned = dir_.path() + "/labeltuned";
        r = clitest::runMozart(common(mozartOnly, tuned) +
                               QStringList{"--init", base + "/last/model.safetensors", "--lora", "2", "--steps", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto before = mozart::model::ModelFile::load((base + "/last/model.safetensors").toStdString());
        const auto after = mozart::model::ModelFile::load((tuned + "/last/model.safetensors").toStdString());
        QVERIFY(before && after);
        QCOMPARE(before.info.labels, (std::vector<std::string>{"Haydn", "Mozart"}));
        QCOMPARE(after.info.labels, (std::vector<std::string>{"Mozart", "Haydn"}));
        auto labelRows = [](const mozart::model::Transformer& m) {
            for (const auto& p : m.namedParameters())
                if (p.name == "label_embed.weight") return p.tensor;
            return at::Tensor();
        };
        const at::Tensor b = labelRows(*before.model), a = labelRows(*after.model);
        QVERIFY(b.defined() && a.defined());
        QVERIFY(a[0].equal(b[1]));
        QVERIFY(a[1].equal(b[0]));
        QVERIFY(!b[0].equal(b[1]));

        for (int i = 0; i < 4; ++i)
            tiny::write(tiny::path(dir_, QString("with-bach/Bach/p%1.mid").arg(i)), tiny::melody(i + 5, 48 + 8 * i));
        r = clitest::runMozart(common(dir_.path() + "/with-bach", dir_.path() + "/bachtuned") +
                               QStringList{"--init", base + "/last/model.safetensors", "--steps", "1"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("Bach") && r.err.contains("Haydn, Mozart"), qPrintable(r.err));
    }

    // --resume says so when the data folder changed since the run started (and not otherwise).
    void resumeNoticesChangedData() {
        const QString data = dir_.path() + "/changing";
        for (int i = 0; i < 12; ++i)
            tiny::write(tiny::path(dir_, QString("changing/%1/p%2.mid").arg(i % 2 ? "Mozart" : "Haydn").arg(i)),
                        tiny::melody(i, 48 + 8 * i));
        const QString run = dir_.path() + "/changing-run";
        auto r = clitest::runMozart(common(data, run) + QStringList{"--model-config", modelConfig_, "--steps", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = clitest::runMozart(common(data, run) + QStringList{"--resume", "--steps", "3"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(!r.err.contains("changed since"), qPrintable(r.err));
        tiny::write(tiny::path(dir_, "changing/Mozart/new.mid"), tiny::melody(40, 60));
        r = clitest::runMozart(common(data, run) + QStringList{"--resume", "--steps", "4"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("changed since the run started (12 pieces then, 13 now)"), qPrintable(r.err));
    }

    // A run bounded by time shows its step and the time left, never the placeholder step count,
    // and no validation loss before there is one.
    void minutesShowTheTimeLeft() {
        const QString run = dir_.path() + "/timed";
        auto r = clitest::runMozart(common(data_, run) + QStringList{"--model-config", modelConfig_, "--minutes", "0.02",
                                                                     "--validate-every", "0"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("step 1  loss"), qPrintable(r.err));
        QVERIFY2(r.err.contains(" left "), qPrintable(r.err));
        QVERIFY2(!r.err.contains("step 1/") && !r.err.contains("nan"), qPrintable(r.err));
        QVERIFY2(r.out.contains("time limit after"), qPrintable(r.out));
    }

    void sharedCorpusPipeline() {
        const QByteArray shared = qgetenv("MOZART_SHARED_DIR");
        if (shared.isEmpty() || !QFile::exists(shared + "/corpus")) MOZART_SHARED_MISSING("MOZART_SHARED_DIR/corpus is not available");
        const QString run = dir_.path() + "/corpus-run";
        const QString cache = dir_.path() + "/cache";
        QFile f(dir_.path() + "/corpus-model.json");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"vocab_size": 284, "width": 32, "heads": 4, "layers": 2, "feed_forward": 64, "max_context": 64,
                    "conditioning_labels": 3})");
        f.close();
        auto r = clitest::runMozart({"train", "--data", shared + "/corpus", "--out", run, "--cache", cache,
                                     "--model-config", f.fileName(), "--batch", "4", "--seq", "64", "--steps", "4",
                                     "--validate-every", "0", "--validation-batches", "2", "--threads", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("steps done after 4 steps"), qPrintable(r.out));
        QVERIFY(r.out.contains("best validation loss"));
    }
};

QTEST_APPLESS_MAIN(TestTrainCli)
#include "tst_traincli.moc"
