// The prompt-line parser on a table of phrases (good, partly understood, nonsense) with the
// settings and messages expected; the shared option checking (GenerateRequest) and the model
// locator (file, checkpoint folder, run folder, default model, nothing at all).
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "generate/GenerateRequest.h"
#include "generate/ModelLocator.h"
#include "generate/PromptLine.h"
#include "midi/GeneralMidi.h"

using namespace mozart::generate;

Q_DECLARE_METATYPE(std::vector<int>)

namespace {
const std::vector<std::string> kLabels = {"bach", "mozart", "scott joplin"};

QStringList toQt(const std::vector<std::string>& v) {
    QStringList out;
    for (const auto& s : v) out << QString::fromStdString(s);
    return out;
}

void touch(const QString& path) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
}
}  // namespace

class TestPromptLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void phrases_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("composer");
        QTest::addColumn<int>("bars");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<double>("tempo");
        QTest::addColumn<int>("keyRoot");
        QTest::addColumn<QString>("scale");
        QTest::addColumn<std::vector<int>>("programs");
        QTest::addColumn<double>("temperature");
        QTest::addColumn<int>("chips");
        QTest::addColumn<QStringList>("unknown");

        std::vector<int> strings;
        for (int p = 40; p <= 49; ++p) strings.push_back(p);
        std::vector<int> pianoAndStrings = {0};
        pianoAndStrings.insert(pianoAndStrings.end(), strings.begin(), strings.end());
        QTest::newRow("the issue's example") << "Mozart, 32 bars, 96 bpm, D minor, piano and strings, calm" << "mozart"
                                             << 32 << 0.0 << 96.0 << 2 << "minor" << pianoAndStrings << 0.85 << 7
                                             << QStringList{};
        QTest::newRow("seconds, sharp key, GM name") << "bach 90 seconds F# major Violin" << "bach" << 0 << 90.0 << 0.0
                                                     << 6 << "major" << std::vector<int>{40} << 0.0 << 4 << QStringList{};
        QTest::newRow("joined units, Dm, minutes") << "2 minutes, 120bpm, Bbm, 8-bar" << "" << 8 << 120.0 << 120.0
                                                   << 10 << "minor" << std::vector<int>{} << 0.0 << 4 << QStringList{};
        QTest::newRow("multi-word label and GM name") << "scott joplin acoustic guitar nylon allegro" << "scott joplin"
                                                      << 0 << 0.0 << 132.0 << -1 << "" << std::vector<int>{24}
                                                      << 0.0 << 3 << QStringList{};
        QTest::newRow("modes and drums") << "C sharp dorian with drums, adventurous" << "" << 0 << 0.0 << 0.0 << 1
                                         << "dorian" << std::vector<int>{-1} << 1.3 << 3 << QStringList{};
        QTest::newRow("variations") << "4 variations, 8 bars" << "" << 8 << 0.0 << 0.0 << -1 << ""
                                    << std::vector<int>{} << 0.0 << 2 << QStringList{};
        QTest::newRow("partly understood") << "Bach fugue for organ, 16 bars, spooky" << "bach" << 16 << 0.0 << 0.0
                                           << -1 << "" << std::vector<int>{16, 17, 18, 19, 20, 21, 22, 23} << 0.0 << 3
                                           << QStringList{"fugue", "spooky"};
        QTest::newRow("a lone letter is not a key") << "a piece in A minor" << "" << 0 << 0.0 << 0.0 << 9 << "minor"
                                                    << std::vector<int>{} << 0.0 << 1 << QStringList{};
        QTest::newRow("nonsense") << "blorp zzz 12 apples" << "" << 0 << 0.0 << 0.0 << -1 << ""
                                  << std::vector<int>{} << 0.0 << 0 << QStringList{"blorp", "zzz", "12", "apples"};
        QTest::newRow("out of range numbers") << "0 bars, 5000 bpm" << "" << 0 << 0.0 << 0.0 << -1 << ""
                                              << std::vector<int>{} << 0.0 << 0
                                              << QStringList{"0", "bars", "5000", "bpm"};
        QTest::newRow("empty") << "" << "" << 0 << 0.0 << 0.0 << -1 << "" << std::vector<int>{} << 0.0 << 0
                               << QStringList{};
    }

    void phrases() {
        QFETCH(QString, text);
        QFETCH(QString, composer);
        QFETCH(int, bars);
        QFETCH(double, seconds);
        QFETCH(double, tempo);
        QFETCH(int, keyRoot);
        QFETCH(QString, scale);
        QFETCH(std::vector<int>, programs);
        QFETCH(double, temperature);
        QFETCH(int, chips);
        QFETCH(QStringList, unknown);
        const PromptLine line = parsePromptLine(text.toStdString(), kLabels);
        QCOMPARE(QString::fromStdString(line.composer.value_or("")), composer);
        QCOMPARE(line.bars.value_or(0), bars);
        QCOMPARE(line.seconds.value_or(0.0), seconds);
        QCOMPARE(line.tempo.value_or(0.0), tempo);
        QCOMPARE(line.keyRoot.value_or(-1), keyRoot);
        QCOMPARE(QString::fromStdString(line.scale), scale);
        QCOMPARE(line.programs, programs);
        QCOMPARE(line.temperature.value_or(0.0), temperature);
        QCOMPARE(int(line.chips.size()), chips);
        QCOMPARE(toQt(line.unknownWords), unknown);
    }

    void chipsSayWhatWasUnderstood() {
        const PromptLine line = parsePromptLine("Mozart, 32 bars, 96 bpm, D minor, 3/4", kLabels);
        QStringList labels, words;
        for (const auto& c : line.chips) {
            labels << QString::fromStdString(c.label);
            words << QString::fromStdString(c.words);
        }
        QCOMPARE(labels, (QStringList{"composer mozart", "32 bars", "tempo 96", "D minor", "3/4"}));
        QCOMPARE(words, (QStringList{"Mozart", "32 bars", "96 bpm", "D minor", "3/4"}));
    }

    void unknownComposerIsNamed() {
        PromptLine line = parsePromptLine("Chopin, 8 bars", kLabels);
        QCOMPARE(toQt(line.unknownWords), QStringList{"Chopin"});
        QVERIFY2(line.warning.find("bach, mozart") != std::string::npos, line.warning.c_str());
        line = parsePromptLine("Chopin", {});
        QVERIFY2(line.warning.find("no composer labels") != std::string::npos, line.warning.c_str());
    }

    void explicitOptionsOverrideThePromptLine() {
        GenerateRequest r;
        r.promptText = "Mozart, 32 bars, 96 bpm, D minor, piano, calm";
        r.tempo = 120;
        r.seed = 7;
        ResolvedRequest out = resolveRequest(r, kLabels);
        QVERIFY2(out.error.empty(), out.error.c_str());
        QCOMPARE(out.settings.prompt.tempo, 120.0);
        QCOMPARE(out.settings.length.bars, 32);
        QCOMPARE(out.settings.prompt.composer, std::string("mozart"));
        QCOMPARE(out.settings.constraints.keyRoot, 2);
        QCOMPARE(out.settings.constraints.scale, std::string("minor"));
        QCOMPARE(out.settings.prompt.program.value_or(-5), 0);
        QCOMPARE(out.settings.sampling.temperature, 0.85);
        QCOMPARE(out.settings.constraints.maxNotesPerBar, 8);
        QCOMPARE(out.settings.sampling.seed, std::uint64_t(7));
        r.promptText = "3 variations";
        QCOMPARE(resolveRequest(r, kLabels).settings.variations, 3);
        r.variations = 2;  // an explicit option wins
        QCOMPARE(resolveRequest(r, kLabels).settings.variations, 2);
    }

    void requestErrors_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("key") << "key" << "H" << "--key takes a note name";
        QTest::newRow("time signature") << "ts" << "3-4" << "--time-signature takes N/D";
        QTest::newRow("pitch range") << "range" << "84-48" << "the pitch range must be LO-HI";
        QTest::newRow("density") << "density" << "many" << "--density takes MIN-MAX";
        QTest::newRow("program") << "program" << "Kazoo" << "--program takes a General MIDI program";
        QTest::newRow("instruments") << "instruments" << "0,banjoo" << "--instruments takes program numbers";
        QTest::newRow("scale without key") << "scale" << "dorian" << "--scale needs --key";
    }
    void requestErrors() {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, message);
        GenerateRequest r;
        const std::string v = value.toStdString();
        if (field == "key") r.key = v;
        if (field == "ts") r.timeSignature = v;
        if (field == "range") r.pitchRange = v;
        if (field == "density") r.density = v;
        if (field == "program") r.program = v;
        if (field == "instruments") r.instruments = v;
        if (field == "scale") r.scale = v;
        const auto out = resolveRequest(r, {});
        QVERIFY2(QString::fromStdString(out.error).startsWith(message), out.error.c_str());
    }

    void programsByName() {
        GenerateRequest r;
        r.program = "violin";
        r.instruments = "Acoustic Grand Piano, 40, drums";
        const auto out = resolveRequest(r, {});
        QVERIFY2(out.error.empty(), out.error.c_str());
        QCOMPARE(out.settings.prompt.program.value_or(-5), 40);
        QCOMPARE(out.settings.constraints.programs, (std::vector<int>{0, 40, -1}));
        QCOMPARE(mozart::midi::programFromName("128").has_value(), false);
        QCOMPARE(mozart::midi::programFamily(41), std::string("Strings"));
    }

    void givenOptionsAreListed() {
        GenerateRequest r;
        QVERIFY(settingOptionsGiven(r).empty());
        r.bars = 4;
        r.key = "C";
        QCOMPARE(toQt(settingOptionsGiven(r)), (QStringList{"--bars", "--key"}));
    }

    void locatesModels() {
        QTemporaryDir dir;
        const QString file = dir.filePath("m.safetensors");
        touch(file);
        QCOMPARE(QString::fromStdString(locateModel(file.toStdString()).file), file);
        touch(dir.filePath("ckpt/model.safetensors"));
        QCOMPARE(QString::fromStdString(locateModel(dir.filePath("ckpt").toStdString()).file),
                 dir.filePath("ckpt/model.safetensors"));
        touch(dir.filePath("run/last/model.safetensors"));
        QCOMPARE(QString::fromStdString(locateModel(dir.filePath("run").toStdString()).file),
                 dir.filePath("run/last/model.safetensors"));
        touch(dir.filePath("run/best/model.safetensors"));
        QCOMPARE(QString::fromStdString(locateModel(dir.filePath("run").toStdString()).file),
                 dir.filePath("run/best/model.safetensors"));
        QDir().mkpath(dir.filePath("empty"));
        auto none = locateModel(dir.filePath("empty").toStdString());
        QVERIFY(none.file.empty());
        QVERIFY(QString::fromStdString(none.error).startsWith("no model found:"));
        QVERIFY(none.error.find("mozart train") != std::string::npos);
    }

    void findsTheDefaultModel() {
        QTemporaryDir dir;
        qunsetenv("MOZART_DEFAULT_MODEL");
        const std::string exeDir = dir.filePath("prefix/bin").toStdString();
        auto none = findDefaultModel(exeDir, dir.filePath("src").toStdString());
        QVERIFY(none.file.empty());
        QVERIFY2(none.error.find("no model found") == 0 && none.error.find("mozart train") != std::string::npos,
                 none.error.c_str());
        touch(dir.filePath("src/resources/models/default/model.safetensors"));
        QCOMPARE(QString::fromStdString(findDefaultModel(exeDir, dir.filePath("src").toStdString()).file),
                 dir.filePath("src/resources/models/default/model.safetensors"));
        touch(dir.filePath("prefix/share/mozart-studio/models/default/model.safetensors"));
        QCOMPARE(QString::fromStdString(findDefaultModel(exeDir, dir.filePath("src").toStdString()).file),
                 dir.filePath("prefix/share/mozart-studio/models/default/model.safetensors"));
        touch(dir.filePath("env.safetensors"));
        qputenv("MOZART_DEFAULT_MODEL", dir.filePath("env.safetensors").toUtf8());
        QCOMPARE(QString::fromStdString(findDefaultModel(exeDir, {}).file), dir.filePath("env.safetensors"));
        qunsetenv("MOZART_DEFAULT_MODEL");
    }
};

QTEST_GUILESS_MAIN(TestPromptLine)
#include "tst_promptline.moc"
