// REMI conformance: our tokens equal MidiTok 3.0.6.post1's, token for token, on the reference
// vectors (6 corpus files x default/rich configurations), and every corpus file tokenizes with
// both configurations into sequences made only of vocabulary tokens.
#include <QtTest>

#include "../SharedData.h"

#include <QDirIterator>
#include <QElapsedTimer>

#include <fstream>

#include <nlohmann/json.hpp>

#include "midi/SmfReader.h"
#include "remi/RemiTokenizer.h"

using namespace mozart;
using namespace mozart::remi;

namespace {

QString sharedDir() { return qEnvironmentVariable("MOZART_SHARED_DIR"); }

std::string context(const std::vector<std::string>& tokens, std::size_t at) {
    std::string out;
    const std::size_t from = at >= 6 ? at - 6 : 0;
    for (std::size_t i = from; i < std::min(tokens.size(), at + 4); ++i)
        out += (i == at ? "[" : "") + tokens[i] + (i == at ? "] " : " ");
    return out;
}

// Empty when equal, else a description of the first difference.
std::string firstMismatch(const std::vector<TokenSequence>& ours, const nlohmann::json& ref) {
    const auto& tokens = ref["tokens"];
    const auto& ids = ref["ids"];
    if (tokens.size() != ours.size())
        return "sequence count " + std::to_string(ours.size()) + " vs MidiTok " + std::to_string(tokens.size());
    for (std::size_t s = 0; s < ours.size(); ++s) {
        const auto expected = tokens[s].get<std::vector<std::string>>();
        const auto expectedIds = ids[s].get<std::vector<std::int32_t>>();
        const auto& got = ours[s].tokens;
        const std::size_t n = std::min(expected.size(), got.size());
        for (std::size_t i = 0; i < n; ++i) {
            if (expected[i] != got[i] || expectedIds[i] != ours[s].ids[i])
                return "sequence " + std::to_string(s) + " token " + std::to_string(i) + ": got " + got[i] + " (" +
                       std::to_string(ours[s].ids[i]) + "), MidiTok " + expected[i] + " (" +
                       std::to_string(expectedIds[i]) + ")\n  ours:    " + context(got, i) +
                       "\n  MidiTok: " + context(expected, i);
        }
        if (expected.size() != got.size())
            return "sequence " + std::to_string(s) + " length " + std::to_string(got.size()) + " vs MidiTok " +
                   std::to_string(expected.size()) + " (first extra at " + std::to_string(n) + ")";
    }
    return {};
}

}  // namespace

class TstRemiConformance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void referenceVectors_data() {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("vectorPath");
        // Without the data, one row that skips (a data function without rows aborts Qt Test).
        if (sharedDir().isEmpty()) {
            QTest::newRow("shared data absent") << QString() << QString();
            return;
        }
        for (const QString config : {"default", "rich"}) {
            const QString root = sharedDir() + "/reference/miditok-remi/" + config;
            QDirIterator it(root, {"*.json"}, QDir::Files, QDirIterator::Subdirectories);
            QStringList paths;
            while (it.hasNext()) {
                const QString path = it.next();
                if (!path.endsWith("/tokenizer.json") && !path.endsWith("/vocab.json")) paths << path;
            }
            paths.sort();
            for (const QString& path : paths)
                QTest::newRow(qPrintable(config + ":" + path.mid(root.size() + 1))) << config << path;
        }
    }
    void referenceVectors() {
        if (sharedDir().isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR not set");
        QFETCH(QString, config);
        QFETCH(QString, vectorPath);
        std::ifstream in(vectorPath.toStdString());
        QVERIFY(in.good());
        const auto ref = nlohmann::json::parse(in);
        const std::string midiPath = (sharedDir() + "/corpus/").toStdString() + ref["file"].get<std::string>();
        const auto read = midi::SmfReader::readFile(midiPath);
        QVERIFY2(read.ok(), midiPath.c_str());
        const RemiTokenizer tokenizer(config == "rich" ? TokenizerConfig::rich() : TokenizerConfig());
        const auto ours = tokenizer.encode(*read.score);
        const std::string mismatch = firstMismatch(ours, ref);
        QVERIFY2(mismatch.empty(), mismatch.c_str());
    }

    // The reference vectors are 6 corpus files x 2 configurations (README beside them): losing
    // one must be a failure, not one row fewer.
    void allTwelveReferenceVectorsExist() {
        if (sharedDir().isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR not set");
        const char* const files[] = {"Beethoven/furelise", "Beethoven/pathetique_1",
                                     "Tchaikovsky/14b_(VarI)Tarantella", "Beethoven/mond_2",
                                     "Mozart/themagicflutestevenritchie", "Beethoven/beethoven_hammerklavier_2"};
        int found = 0;
        for (const char* config : {"default", "rich"}) {
            for (const char* file : files) {
                const QString vector = sharedDir() + "/reference/miditok-remi/" + config + "/" + file + ".mid.json";
                QVERIFY2(QFileInfo(vector).isFile(), qPrintable(vector + " is missing"));
                QVERIFY2(QFileInfo(sharedDir() + "/corpus/" + file + ".mid").isFile(), file);
                ++found;
            }
            QVERIFY(QFileInfo(sharedDir() + "/reference/miditok-remi/" + config + "/tokenizer.json").isFile());
        }
        QCOMPARE(found, 12);
    }

    void wholeCorpusTokenizes() {
        if (sharedDir().isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR not set");
        QDirIterator it(sharedDir() + "/corpus", {"*.mid", "*.midi", "*.MID", "*.MIDI"}, QDir::Files,
                        QDirIterator::Subdirectories);
        const RemiTokenizer plain{TokenizerConfig()};
        const RemiTokenizer rich{TokenizerConfig::rich()};
        int files = 0;
        std::size_t tokens = 0;
        qint64 encodeNs = 0;
        while (it.hasNext()) {
            const std::string path = it.next().toStdString();
            const auto read = midi::SmfReader::readFile(path);
            if (!read.ok()) continue;  // unreadable files are the reader's business
            ++files;
            for (const RemiTokenizer* tok : {&plain, &rich}) {
                QElapsedTimer timer;
                timer.start();
                const auto seqs = tok->encode(*read.score);
                encodeNs += timer.nsecsElapsed();
                QVERIFY2(!seqs.empty(), path.c_str());
                if (tok == &rich) QCOMPARE(seqs.size(), std::size_t(1));
                for (const auto& seq : seqs) {
                    QCOMPARE(seq.tokens.size(), seq.ids.size());
                    for (std::size_t i = 0; i < seq.ids.size(); ++i) {
                        QVERIFY2(seq.ids[i] >= 0, (path + ": " + seq.tokens[i]).c_str());
                        QCOMPARE(tok->vocabulary().token(seq.ids[i]), seq.tokens[i]);
                    }
                    if (!seq.tokens.empty())
                        QVERIFY2(seq.tokens.front() == "Bar_None", (path + ": starts with " + seq.tokens.front()).c_str());
                    tokens += seq.size();
                }
                const auto ids = tok->encodeIds(*read.score);
                QCOMPARE(ids.size(), seqs.size());
                for (std::size_t s = 0; s < ids.size(); ++s) QCOMPARE(ids[s], seqs[s].ids);
            }
        }
        QVERIFY(files > 0);
        qInfo("%d files, %zu tokens, encode %.1f ms (%.1f M tokens/s, strings included)", files, tokens,
              encodeNs / 1e6, tokens / (encodeNs / 1e9) / 1e6);
    }
};

QTEST_APPLESS_MAIN(TstRemiConformance)
#include "tst_remiconformance.moc"
