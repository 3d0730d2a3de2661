// RenderTask: files that libsndfile opens with the right length, rate and channels and that are
// not silent, in every format; SoundFont errors naming the file; cancel; progress; ranges;
// normalization; no overwriting unless asked. Scores are built here.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sndfile.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "audio/Renderer.h"

using namespace mozart;

namespace {

// A piano arpeggio and a drum beat: `seconds` long at 120 qpm (ticks 480 per quarter).
midi::Score testScore(double seconds) {
    midi::Score s;
    s.ticksPerQuarter = 480;
    s.tempos.push_back({0, 500000});
    midi::Track piano;
    piano.program = 0;
    piano.channel = 0;
    midi::Track drums;
    drums.isDrum = true;
    drums.channel = 9;
    const int eighths = int(seconds * 4);  // an eighth note lasts 0.25 s at 120 qpm
    for (int i = 0; i < eighths; ++i) {
        piano.notes.push_back({midi::Tick(i) * 240, 240, std::uint8_t(60 + (i % 3) * 4), 90});
        drums.notes.push_back({midi::Tick(i) * 240, 60, std::uint8_t(i % 2 ? 38 : 36), 100});
    }
    s.tracks = {piano, drums};
    return s;
}

struct SoundFile {
    SF_INFO info{};
    std::vector<float> samples;
    bool ok = false;
};

SoundFile readSound(const QString& path) {
    SoundFile f;
    SNDFILE* file = sf_open(path.toLocal8Bit().constData(), SFM_READ, &f.info);
    if (!file) return f;
    f.samples.resize(std::size_t(f.info.frames * f.info.channels));
    const sf_count_t n = sf_readf_float(file, f.samples.data(), f.info.frames);
    sf_close(file);
    f.ok = n == f.info.frames;
    return f;
}

double rms(const std::vector<float>& s) {
    double sum = 0;
    for (float x : s) sum += double(x) * x;
    return s.empty() ? 0.0 : std::sqrt(sum / double(s.size()));
}

float peak(const std::vector<float>& s) {
    float p = 0;
    for (float x : s) p = std::max(p, std::fabs(x));
    return p;
}

bool defaultSoundFontPresent() { return QFile::exists(QString::fromUtf8(audio::kDefaultSoundFont)); }

QStringList leftovers(const QString& dir, const QString& keep) {
    QStringList names = QDir(dir).entryList(QDir::Files);
    names.removeAll(keep);
    return names;
}

}  // namespace

class TestRenderer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() {
        if (!defaultSoundFontPresent())
            QSKIP("FluidR3_GM.sf2 is not installed (Debian package fluid-soundfont-gm)");
    }

    void formats_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("bitDepth");
        QTest::addColumn<double>("rate");
        QTest::addColumn<int>("expectedFormat");
        QTest::newRow("wav16") << "out.wav" << 16 << 44100.0 << (SF_FORMAT_WAV | SF_FORMAT_PCM_16);
        QTest::newRow("wav24") << "out.wav" << 24 << 48000.0 << (SF_FORMAT_WAV | SF_FORMAT_PCM_24);
        QTest::newRow("flac16") << "out.flac" << 16 << 44100.0 << (SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        QTest::newRow("flac24") << "out.flac" << 24 << 22050.0 << (SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
        QTest::newRow("ogg") << "out.ogg" << 16 << 44100.0 << (SF_FORMAT_OGG | SF_FORMAT_VORBIS);
    }

    void formats() {
        QFETCH(QString, name);
        QFETCH(int, bitDepth);
        QFETCH(double, rate);
        QFETCH(int, expectedFormat);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        audio::RenderSettings settings;
        settings.synth.sampleRate = rate;
        settings.file.bitDepth = bitDepth;
        settings.tailSeconds = 1.5;
        const midi::Score score = testScore(3.0);
        audio::RenderTask task(score, path.toStdString(), settings);
        const auto result = task.run();
        QVERIFY2(result.ok, result.error.c_str());
        const SoundFile f = readSound(path);
        QVERIFY(f.ok);
        QCOMPARE(f.info.channels, 2);
        QCOMPARE(f.info.samplerate, int(rate));
        QCOMPARE(f.info.format, expectedFormat);
        // The score ends with its last note-off at 3 s; then the tail.
        const midi::TempoMap tempo(score);
        const auto expected = std::llround((tempo.seconds(score.endTick()) + 1.5) * rate);
        QVERIFY2(std::llabs(f.info.frames - expected) <= 64,
                 qPrintable(QStringLiteral("%1 frames, expected %2").arg(f.info.frames).arg(expected)));
        QCOMPARE(result.frames, std::int64_t(f.info.frames));
        QVERIFY2(rms(f.samples) > 0.01, qPrintable(QString::number(rms(f.samples))));
        QCOMPARE(leftovers(dir.path(), name), QStringList());
    }

    void drumsSoundOnTheirOwn() {
        midi::Score s = testScore(2.0);
        s.tracks.erase(s.tracks.begin());  // drums only: bank 128 must be found on channel 10
        std::string error;
        auto synth = audio::Synth::create({}, audio::Synth::Use::Offline, &error);
        QVERIFY2(synth, error.c_str());
        audio::RenderSettings settings;
        audio::RenderTask task(s, "", settings);
        std::vector<float> audio;
        QVERIFY(task.runToBuffer(*synth, &audio).ok);
        QVERIFY(rms(audio) > 0.005);
    }

    void missingSoundFont() {
        QTemporaryDir dir;
        const QString out = dir.filePath("out.wav");
        audio::RenderSettings settings;
        settings.synth.soundFont = dir.filePath("nowhere/piano.sf2").toStdString();
        audio::RenderTask task(testScore(1.0), out.toStdString(), settings);
        const auto result = task.run();
        QVERIFY(!result.ok);
        QCOMPARE(QString::fromStdString(result.error), dir.filePath("nowhere/piano.sf2") + ": SoundFont not found");
        QVERIFY(!QFile::exists(out));
        QCOMPARE(leftovers(dir.path(), QString()), QStringList());
    }

    void invalidSoundFont() {
        QTemporaryDir dir;
        const QString bad = dir.filePath("broken.sf2");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("RIFF\x10\0\0\0WAVEfmt nothing like a soundfont", 40);
        f.close();
        audio::RenderSettings settings;
        settings.synth.soundFont = bad.toStdString();
        audio::RenderTask task(testScore(1.0), dir.filePath("out.wav").toStdString(), settings);
        const auto result = task.run();
        QVERIFY(!result.ok);
        QVERIFY2(QString::fromStdString(result.error).startsWith(bad + ": not a SoundFont"), result.error.c_str());
        QVERIFY(!QFile::exists(dir.filePath("out.wav")));

        // The right magic but damaged inside: FluidSynth refuses it, and the error still names it.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray("RIFF\xff\xff\0\0sfbkLIST", 16) + QByteArray(64, '\x01'));
        f.close();
        const auto again = audio::RenderTask(testScore(1.0), dir.filePath("out.wav").toStdString(), settings).run();
        QVERIFY(!again.ok);
        QVERIFY2(QString::fromStdString(again.error).startsWith(bad + ": cannot load SoundFont"), again.error.c_str());
    }

    void progressReachesOne() {
        QTemporaryDir dir;
        audio::RenderTask task(testScore(4.0), dir.filePath("p.flac").toStdString(), {});
        std::vector<double> seen;
        task.setProgressCallback([&](double p) { seen.push_back(p); });
        QCOMPARE(task.progress(), 0.0);
        QVERIFY(task.run().ok);
        QCOMPARE(task.progress(), 1.0);
        QVERIFY(seen.size() >= 10);
        QCOMPARE(seen.back(), 1.0);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    }

    void cancelMidRender() {
        QTemporaryDir dir;
        const QString target = dir.filePath("keep.wav");
        {
            QFile old(target);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("the user's old file");
        }
        audio::RenderSettings settings;
        settings.overwrite = true;  // even when allowed to replace it, a cancelled render must not
        audio::RenderTask task(testScore(600.0), target.toStdString(), settings);  // ten minutes
        audio::RenderResult result;
        std::atomic<bool> finished{false};
        std::thread worker([&] {
            result = task.run();
            finished = true;
        });
        while (task.progress() < 0.02 && !finished) std::this_thread::yield();
        task.cancel();
        worker.join();
        QVERIFY(!result.ok);
        QVERIFY(result.cancelled);
        QVERIFY(task.progress() < 0.5);  // it stopped where it was, it did not finish
        QFile old(target);
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), QByteArray("the user's old file"));
        QCOMPARE(leftovers(dir.path(), "keep.wav"), QStringList());
    }

    void cancelledBeforeStart() {
        QTemporaryDir dir;
        audio::RenderTask task(testScore(2.0), dir.filePath("x.wav").toStdString(), {});
        task.cancel();
        const auto result = task.run();
        QVERIFY(result.cancelled);
        QVERIFY(!QFile::exists(dir.filePath("x.wav")));
    }

    void existingFileKept() {
        QTemporaryDir dir;
        const QString target = dir.filePath("mine.wav");
        QFile f(target);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("mine");
        f.close();
        const auto result = audio::RenderTask(testScore(1.0), target.toStdString(), {}).run();
        QVERIFY(!result.ok);
        QCOMPARE(QString::fromStdString(result.error), target + ": already exists; not overwritten");
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("mine"));
    }

    void unknownExtension() {
        QTemporaryDir dir;
        const auto result = audio::RenderTask(testScore(1.0), dir.filePath("a.mp3").toStdString(), {}).run();
        QVERIFY(!result.ok);
        QVERIFY2(result.error.find("unknown audio format") != std::string::npos, result.error.c_str());
    }

    void normalizePeak() {
        QTemporaryDir dir;
        const QString path = dir.filePath("n.wav");
        audio::RenderSettings settings;
        settings.normalize = true;
        settings.normalizePeakDb = -1.0;
        settings.file.bitDepth = 24;
        const auto result = audio::RenderTask(testScore(2.0), path.toStdString(), settings).run();
        QVERIFY2(result.ok, result.error.c_str());
        const SoundFile f = readSound(path);
        QVERIFY(f.ok);
        QVERIFY(std::fabs(peak(f.samples) - 0.891f) < 0.002f);
        QVERIFY(std::fabs(result.peak - 0.891f) < 0.002f);
    }

    void rangeForLoopExport() {
        std::string error;
        auto synth = audio::Synth::create({}, audio::Synth::Use::Offline, &error);
        QVERIFY2(synth, error.c_str());
        audio::RenderSettings settings;
        settings.startSeconds = 1.0;
        settings.endSeconds = 2.5;
        settings.tailSeconds = 0.0;
        audio::RenderTask task(testScore(4.0), "", settings);
        std::vector<float> audio;
        const auto result = task.runToBuffer(*synth, &audio);
        QVERIFY2(result.ok, result.error.c_str());
        QCOMPARE(result.frames, std::int64_t(66150));  // 1.5 s at 44.1 kHz exactly
        QCOMPARE(audio.size(), std::size_t(66150 * 2));
        QVERIFY(rms(audio) > 0.01);

        settings.startSeconds = 3.0;
        settings.endSeconds = 2.0;
        QVERIFY(!audio::RenderTask(testScore(4.0), "", settings).runToBuffer(*synth, &audio).ok);
    }

    void synthReusedBetweenRenders_data() {
        QTest::addColumn<bool>("reverb");
        QTest::addColumn<bool>("chorus");
        QTest::addColumn<double>("tolerance");  // of the difference's RMS, relative to the signal's
        // Without reverb and chorus a reused synth must sound exactly like a fresh one; with them
        // only their LFOs' phase may differ (a reset cannot rewind them), a tiny difference.
        QTest::newRow("dry") << false << false << 1e-3;
        QTest::newRow("reverb") << true << false << 0.05;
        QTest::newRow("chorus") << false << true << 0.05;
        QTest::newRow("reverb and chorus") << true << true << 0.05;
    }

    void synthReusedBetweenRenders() {
        // A thread keeps one Synth for many files: nothing of one render may leak into the next.
        QFETCH(bool, reverb);
        QFETCH(bool, chorus);
        QFETCH(double, tolerance);
        audio::SynthSettings synthSettings;
        synthSettings.reverb = reverb;
        synthSettings.chorus = chorus;
        std::string error;
        auto synth = audio::Synth::create(synthSettings, audio::Synth::Use::Offline, &error);
        QVERIFY2(synth, error.c_str());
        std::vector<float> first, second;
        midi::Score other = testScore(1.0);
        other.tracks[0].program = 40;  // violin, to leave a different program behind
        other.tracks[0].controls.push_back({0, 7, 30});  // and a low channel volume
        audio::RenderSettings settings;
        settings.tailSeconds = 0.1;  // ends while notes still ring: the next render must not hear them
        QVERIFY(audio::RenderTask(testScore(1.0), "", settings).runToBuffer(*synth, &first).ok);
        QVERIFY(audio::RenderTask(other, "", settings).runToBuffer(*synth, &second).ok);
        QVERIFY(audio::RenderTask(testScore(1.0), "", settings).runToBuffer(*synth, &second).ok);
        QCOMPARE(second.size(), first.size());
        double diff = 0;
        for (std::size_t i = 0; i < first.size(); ++i) diff += double(first[i] - second[i]) * (first[i] - second[i]);
        diff = std::sqrt(diff / double(first.size()));
        qInfo("difference %.3g of %.3g", diff, rms(first));
        QVERIFY2(diff < tolerance * rms(first), qPrintable(QStringLiteral("%1 vs %2").arg(diff).arg(rms(first))));
    }
};

QTEST_GUILESS_MAIN(TestRenderer)
#include "tst_renderer.moc"
