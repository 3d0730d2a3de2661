// Runs `mozart render`, `mozart play` and `mozart ports` as a user would: outputs, exit codes and
// messages, on small MIDI files written here.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRun.h"

#include <sndfile.h>

namespace {

using clitest::Run;
using clitest::vlq;

Run mozart(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    return clitest::runMozart(args, env);
}

// Format 1: a tempo track (120 bpm) and a piano track of eight eighth notes (2 s).
QByteArray smallMidi() {
    QByteArray tempo;
    tempo += vlq(0) + QByteArray::fromHex("ff510307a120");
    tempo += vlq(0) + QByteArray::fromHex("ff2f00");
    QByteArray piano;
    piano += vlq(0) + QByteArray::fromHex("c000");
    for (int i = 0; i < 8; ++i) {
        const int pitch = 60 + (i % 3) * 4;
        piano += vlq(0) + QByteArray(1, char(0x90)) + char(pitch) + char(80);
        piano += vlq(48) + QByteArray(1, char(0x80)) + char(pitch) + char(0);
    }
    piano += vlq(0) + QByteArray::fromHex("ff2f00");
    auto chunk = [](const char* id, const QByteArray& body) {
        QByteArray c(id, 4);
        const quint32 n = quint32(body.size());
        c += char(n >> 24) + QByteArray(1, char(n >> 16)) + char(n >> 8) + char(n);
        return c + body;
    };
    return chunk("MThd", QByteArray::fromHex("000100020060")) + chunk("MTrk", tempo) + chunk("MTrk", piano);
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// Frames and rate of an audio file, or {-1, 0} when libsndfile cannot open it.
std::pair<qint64, int> audioInfo(const QString& path) {
    SF_INFO info{};
    SNDFILE* f = sf_open(path.toLocal8Bit().constData(), SFM_READ, &info);
    if (!f) return {-1, 0};
    sf_close(f);
    return {qint64(info.frames), info.samplerate};
}

bool soundFontPresent() { return QFile::exists(QStringLiteral("/usr/share/sounds/sf2/FluidR3_GM.sf2")); }

}  // namespace

class TestAudioCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void renderOneFileEachFormat() {
        if (!soundFontPresent()) QSKIP("FluidR3_GM.sf2 is not installed");
        QTemporaryDir dir;
        const QString mid = dir.filePath("a.mid");
        writeFile(mid, smallMidi());
        for (const QString& name : {QStringLiteral("a.wav"), QStringLiteral("a.flac"), QStringLiteral("a.ogg")}) {
            const Run r = mozart({"render", mid, "--out", dir.filePath(name), "--sample-rate", "32000",
                                  "--tail", "1", "--no-chorus"});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QVERIFY(r.out.contains("wrote " + dir.filePath(name)));
            const auto [frames, rate] = audioInfo(dir.filePath(name));
            QCOMPARE(rate, 32000);
            QVERIFY2(std::abs(frames - 3 * 32000) <= 64, qPrintable(QString::number(frames)));  // 2 s + 1 s tail
        }
        const Run again = mozart({"render", mid, "--out", dir.filePath("a.wav")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(dir.filePath("a.wav") + ": already exists"), qPrintable(again.err));
        QCOMPARE(mozart({"render", mid, "--out", dir.filePath("a.wav"), "--force", "--bit-depth", "24"}).exitCode, 0);
    }

    void renderSeveralIntoAFolder() {
        if (!soundFontPresent()) QSKIP("FluidR3_GM.sf2 is not installed");
        QTemporaryDir dir;
        writeFile(dir.filePath("in/one.mid"), smallMidi());
        writeFile(dir.filePath("in/sub/two.mid"), smallMidi());
        writeFile(dir.filePath("in/bad.mid"), "MThd not really");
        const Run r = mozart({"render", dir.filePath("in"), "--out-dir", dir.filePath("out"), "--format", "flac",
                              "--normalize", "--jobs", "2"});
        QCOMPARE(r.exitCode, 1);  // bad.mid failed, the others were written
        QVERIFY2(r.err.contains("bad.mid"), qPrintable(r.err));
        QVERIFY(audioInfo(dir.filePath("out/one.flac")).first > 0);
        QVERIFY(audioInfo(dir.filePath("out/sub/two.flac")).first > 0);
        QVERIFY(!QFile::exists(dir.filePath("out/bad.flac")));
    }

    void usageErrors() {
        QTemporaryDir dir;
        writeFile(dir.filePath("a.mid"), smallMidi());
        writeFile(dir.filePath("b.mid"), smallMidi());
        QCOMPARE(mozart({"render", dir.filePath("a.mid"), dir.filePath("b.mid"), "--out", dir.filePath("x.wav")}).exitCode, 2);
        QCOMPARE(mozart({"render", dir.filePath("a.mid")}).exitCode, 2);
        QCOMPARE(mozart({"render", dir.filePath("a.mid"), "--out", dir.filePath("x.mp3")}).exitCode, 2);
        QCOMPARE(mozart({"render", dir.filePath("a.mid"), "--out", dir.filePath("x.wav"), "--bit-depth", "20"}).exitCode, 2);
    }

    void missingSoundFontNamed() {
        QTemporaryDir dir;
        writeFile(dir.filePath("a.mid"), smallMidi());
        const Run r = mozart({"render", dir.filePath("a.mid"), "--out", dir.filePath("a.wav"), "--soundfont",
                              dir.filePath("gone.sf2")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.trimmed(), "mozart render: " + dir.filePath("gone.sf2") + ": SoundFont not found");
        QVERIFY(!QFile::exists(dir.filePath("a.wav")));
    }

    void playWithoutAudioDevice() {
        if (!soundFontPresent()) QSKIP("FluidR3_GM.sf2 is not installed");
        QTemporaryDir dir;
        writeFile(dir.filePath("a.mid"), smallMidi());
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("MOZART_AUDIO_DRIVER", "none");
        const Run r = mozart({"play", dir.filePath("a.mid")}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith("mozart play: no audio device (MOZART_AUDIO_DRIVER=none)"), qPrintable(r.err));
        QVERIFY(r.err.contains("mozart render"));
    }

    void portsListedOrExplained() {
        const Run r = mozart({"ports"});
        if (!QFile::exists("/dev/snd/seq")) {
            QCOMPARE(r.exitCode, 1);
            QCOMPARE(r.out.trimmed(), QStringLiteral("no MIDI ports: no ALSA sequencer (/dev/snd/seq is missing)"));
            const Run p = mozart({"play", "--port", "Synth", "nothing.mid"});
            QCOMPARE(p.exitCode, 1);
        } else {
            QCOMPARE(r.exitCode, 0);
            QVERIFY(r.out.contains("MIDI outputs"));
        }
    }
};

QTEST_GUILESS_MAIN(TestAudioCli)
#include "tst_audiocli.moc"
