// `mozart eval` with generated samples, as a user runs it: a tiny model trained in the test on a
// tiny two-composer folder, then eval --samples with --json FILE and --report FILE.html: the JSON
// holds every field (likelihood overall and per label, validity with and without the grammar,
// every statistic per group with overlapping areas and histograms, samples with copy figures),
// the HTML is well-formed and names every statistic; the copy index is cached and a damaged
// cache file is rebuilt; existing outputs are not replaced without --force.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include "CliRun.h"

#include "../core/TinyMidiFolder.h"
#include "eval/MusicStatistics.h"

namespace {

const char* kTinyModel =
    R"({"vocab_size": 284, "width": 32, "heads": 4, "layers": 2, "feed_forward": 64, "max_context": 64,
        "conditioning_labels": 2})";

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

}  // namespace

class TestEvalCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_, model_;

    QStringList evalArgs(const QString& json, const QString& report) const {
        return {"eval", model_, "--data", data_, "--no-cache", "--split", "0.5,0,0.5", "--threads", "1",
                "--samples", "4", "--sample-bars", "2", "--json", json, "--report", report,
                "--copy-index", dir_.path() + "/copy.mzci"};
    }

private Q_SLOTS:
    void initTestCase() {
        for (int i = 0; i < 12; ++i)
            tiny::write(tiny::path(dir_, QString("midi/%1/p%2.mid").arg(i % 2 ? "Mozart" : "Haydn").arg(i)),
                        tiny::melody(i, 48 + 8 * i));
        data_ = dir_.path() + "/midi";
        QFile f(dir_.path() + "/tiny.json");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kTinyModel);
        f.close();
        const auto r = clitest::runMozart({"train", "--data", data_, "--out", dir_.path() + "/run", "--no-cache", "--split",
                                           "0.5,0,0.5", "--batch", "4", "--seq", "32", "--threads", "1",
                                           "--model-config", f.fileName(), "--steps", "4", "--validate-every", "0"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        model_ = dir_.path() + "/run/last";
    }

    void jsonHasEveryField() {
        const QString json = dir_.path() + "/eval.json", html = dir_.path() + "/eval.html";
        const auto r = clitest::runMozart(evalArgs(json, html));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("copy index cached in"), qPrintable(r.err));
        QVERIFY(r.out.contains("Validity") && r.out.contains("Copying") && r.out.contains("Pitch-class entropy"));
        const QJsonObject j = readJson(json);
        for (const char* key : {"model", "data", "part", "seconds", "likelihood", "validity", "statistics", "comparison",
                                "samples", "copying", "loss", "perplexity", "accuracy", "tokens"})
            QVERIFY2(j.contains(key), key);

        QStringList labels;
        for (const auto& v : j["likelihood"].toArray()) {
            const QJsonObject l = v.toObject();
            labels << l["label"].toString();
            QVERIFY(l["tokens"].toInt() > 0 && l["perplexity"].toDouble() > 1 && l["pieces"].toInt() > 0);
        }
        QCOMPARE(labels, (QStringList{"all", "Haydn", "Mozart"}));

        const QJsonArray validity = j["validity"].toArray();
        QCOMPARE(validity.size(), 2);
        QCOMPARE(validity[0]["grammar"].toBool(), true);
        QCOMPARE(validity[1]["grammar"].toBool(), false);
        QCOMPARE(validity[0]["sequences"].toInt(), 4);
        QCOMPARE(validity[0]["valid"].toInt(), 4);  // the mask keeps every sequence grammatical
        QCOMPARE(validity[0]["grammar_errors"].toInt(), 0);
        for (const char* key : {"valid_share", "tokens", "decoder_errors"}) QVERIFY2(validity[1].toObject().contains(key), key);

        const QJsonArray groups = j["comparison"].toArray();
        QCOMPARE(groups.size(), 3);  // all, Haydn, Mozart
        for (const auto& g : groups) {
            const QJsonObject stats = g.toObject()["statistics"].toObject();
            QCOMPARE(stats.size(), int(mozart::eval::kStatisticCount));
            for (std::size_t s = 0; s < mozart::eval::kStatisticCount; ++s) {
                const QJsonObject one = stats[mozart::eval::statisticInfo(s).key].toObject();
                for (const char* key : {"corpus", "generated", "overlapping_area", "corpus_histogram",
                                        "generated_histogram", "histogram_range"})
                    QVERIFY2(one.contains(key), key);
                QVERIFY(one["corpus"]["count"].toInt() > 0);
            }
        }
        QCOMPARE(groups[0]["generated_pieces"].toInt(), 4);
        QCOMPARE(groups[1]["generated_pieces"].toInt() + groups[2]["generated_pieces"].toInt(), 4);

        const QJsonArray samples = j["samples"].toArray();
        QCOMPARE(samples.size(), 4);
        QCOMPARE(samples[0]["seed"].toInt(), 1);
        QCOMPARE(samples[3]["seed"].toInt(), 4);
        QCOMPARE(samples[0]["label"].toString(), QString("Haydn"));
        QCOMPARE(samples[1]["label"].toString(), QString("Mozart"));
        for (const auto& s : samples) {
            QCOMPARE(s.toObject()["statistics"].toObject().size(), int(mozart::eval::kStatisticCount));
            QVERIFY(s.toObject()["copy"].toObject().contains("longest_shared_run"));
        }
        const QJsonObject copying = j["copying"].toObject();
        QVERIFY(copying["index_pieces"].toInt() > 0);
        for (const char* key : {"mean_longest_run", "longest_run", "pieces_with_run_8_or_more", "shortest_run_reported"})
            QVERIFY2(copying.contains(key), key);
    }

    void htmlIsWellFormedAndNamesEveryStatistic() {
        QFile f(dir_.path() + "/eval.html");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray html = f.readAll();
        QXmlStreamReader xml(html);
        int svgs = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("svg")) ++svgs;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString() + " at line " + QString::number(xml.lineNumber())));
        QCOMPARE(svgs, 3 * int(mozart::eval::kStatisticCount));  // every statistic for all, Haydn, Mozart
        for (std::size_t s = 0; s < mozart::eval::kStatisticCount; ++s)
            QVERIFY2(html.contains(mozart::eval::statisticInfo(s).name), mozart::eval::statisticInfo(s).name);
        QVERIFY(html.contains("Validity") && html.contains("Copying") && html.contains("Likelihood"));
        QVERIFY(!html.contains("<script") && !html.contains("src=\"http"));  // self-contained
    }

    void cachedIndexIsReadAndADamagedOneRebuilt() {
        const QString json = dir_.path() + "/again.json", html = dir_.path() + "/again.html";
        auto r = clitest::runMozart(evalArgs(json, html));
        QVERIFY2(r.exitCode == 0 && r.err.contains("copy index read from"), qPrintable(r.err));
        // Existing outputs are kept without --force.
        r = clitest::runMozart(evalArgs(json, html));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--force"), qPrintable(r.err));
        QFile index(dir_.path() + "/copy.mzci");
        QVERIFY(index.open(QIODevice::ReadWrite));
        QByteArray bytes = index.readAll();
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x55);
        index.seek(0);
        index.write(bytes);
        index.close();
        r = clitest::runMozart(evalArgs(json, html) << "--force");
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("damaged") && r.err.contains("rebuilding") && r.err.contains("cached in"), qPrintable(r.err));
        QCOMPARE(readJson(json)["samples"].toArray().size(), 4);
    }
};

QTEST_GUILESS_MAIN(TestEvalCli)
#include "tst_evalcli.moc"
