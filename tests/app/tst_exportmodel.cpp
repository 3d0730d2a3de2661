// `mozart export-model`: a model file, a checkpoint folder or a run folder in; a bfloat16 file out
// with the labels, extra tokens, tokenizer and notes carried over; nothing replaced without --force.
#include <QtTest>

#include <QFile>
#include <QTemporaryDir>
#include <filesystem>

#include "CliRun.h"
#include "model/ModelFile.h"
#include "remi/TokenizerConfig.h"
#include "remi/Vocabulary.h"

using namespace mozart;
using clitest::runMozart;

class TestExportModel : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString runModel_;

    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const auto tokenizer = remi::TokenizerConfig::rich();
        model::ModelConfig c;
        c.vocabSize = std::int64_t(remi::Vocabulary(tokenizer).size()) + 3;
        c.width = 32;
        c.heads = 2;
        c.layers = 1;
        c.feedForward = 64;
        c.maxContext = 64;
        c.conditioningLabels = 2;
        model::Transformer net(c, 3);
        model::ModelFile::SaveOptions options;
        options.labels = {"Mozart", "Beethoven"};
        options.extraTokens = {"FIM_Prefix", "FIM_Suffix", "FIM_Middle"};
        options.notes["trained_on"] = "corpus";
        options.notes["data_folder"] = "/home/someone/private/corpus";
        QDir().mkpath(path("run/best"));
        runModel_ = path("run/best/model.safetensors");
        QVERIFY(!model::ModelFile::save(runModel_.toStdString(), net, tokenizer.toMidiTokJson(), options));
    }

    void runFolderToBf16() {
        const auto r = runMozart({"export-model", path("run"), "--out", path("small.safetensors"), "--bf16",
                                  "--note", "card=default"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto in = model::ModelFile::inspect(runModel_.toStdString(), {});
        const auto out = model::ModelFile::inspect(path("small.safetensors").toStdString(), {});
        QVERIFY2(out, out.error ? out.error->toString().c_str() : "");
        QVERIFY(out.info.bfloat16);
        QVERIFY(!in.info.bfloat16);
        QCOMPARE(out.info.config, in.info.config);
        QCOMPARE(out.info.labels, in.info.labels);
        QCOMPARE(out.info.extraTokens, in.info.extraTokens);
        QCOMPARE(out.info.tokenizerConfig, in.info.tokenizerConfig);
        QCOMPARE(QString::fromStdString(out.info.notes.at("card")), QStringLiteral("default"));
        QCOMPARE(QString::fromStdString(out.info.notes.at("trained_on")), QStringLiteral("corpus"));
        QVERIFY2(!out.info.notes.count("data_folder"), "the author's path must not travel with the file");
        QVERIFY(r.out.contains(QStringLiteral("--keep-data-folder")));
        const auto inSize = QFileInfo(runModel_).size(), outSize = QFileInfo(path("small.safetensors")).size();
        QVERIFY2(outSize < inSize * 6 / 10, qPrintable(QStringLiteral("%1 vs %2").arg(outSize).arg(inSize)));
        QVERIFY(model::ModelFile::load(path("small.safetensors").toStdString()));
    }

    void keepsTheDataFolderWhenAsked() {
        const auto r = runMozart({"export-model", runModel_, "--out", path("mine.safetensors"), "--keep-data-folder"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto out = model::ModelFile::inspect(path("mine.safetensors").toStdString(), {});
        QVERIFY(out);
        QCOMPARE(QString::fromStdString(out.info.notes.at("data_folder")), QStringLiteral("/home/someone/private/corpus"));
    }

    void neverReplacesWithoutForce() {
        QFile f(path("keep.safetensors"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("mine");
        f.close();
        auto r = runMozart({"export-model", runModel_, "--out", path("keep.safetensors")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("--force"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("mine"));
        f.close();
        r = runMozart({"export-model", runModel_, "--out", path("keep.safetensors"), "--force"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(model::ModelFile::inspect(path("keep.safetensors").toStdString(), {}));
    }

    void badInputs() {
        auto r = runMozart({"export-model", path("nothing-here"), "--out", path("x.safetensors")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("nothing-here"));
        r = runMozart({"export-model", runModel_, "--out", path("y.safetensors"), "--note", "novalue"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!QFile::exists(path("y.safetensors")));
    }
};

QTEST_GUILESS_MAIN(TestExportModel)
#include "tst_exportmodel.moc"
