// Player and Transport: the no-device path reports cleanly; with a manual (pulled) output the
// transport plays, pauses, stops, seeks and loops on exact frames, mutes and solos tracks, and
// reports its position. Transport alone is checked against a sink that records what it is sent.
#include <QFile>
#include <QtTest>

#include <cmath>

#include "audio/Player.h"
#include "audio/Renderer.h"

using namespace mozart;
using audio::ScheduledEvent;

namespace {

// One note per quarter (0.5 s at 120 qpm), `seconds` long, on one or two tracks.
midi::Score testScore(double seconds, int tracks = 1) {
    midi::Score s;
    s.ticksPerQuarter = 480;
    for (int t = 0; t < tracks; ++t) {
        midi::Track track;
        track.program = t == 0 ? 0 : 48;
        track.channel = t;
        for (int i = 0; i < int(seconds * 2); ++i)
            track.notes.push_back({midi::Tick(i) * 480, 400, std::uint8_t(60 + t * 7 + i % 5), 100});
        s.tracks.push_back(track);
    }
    return s;
}

double rms(const std::vector<float>& s, std::size_t from = 0) {
    double sum = 0;
    for (std::size_t i = from; i < s.size(); ++i) sum += double(s[i]) * s[i];
    return s.size() > from ? std::sqrt(sum / double(s.size() - from)) : 0.0;
}

// Records what a transport does, frame by frame.
struct RecordingSink : audio::TransportSink {
    struct Sent {
        int offset;
        ScheduledEvent event;
    };
    int rendered = 0;
    std::vector<Sent> sent;
    int silences = 0, resets = 0;
    void renderUntil(int offset) override {
        QVERIFY(offset >= rendered);
        rendered = offset;
    }
    void send(const ScheduledEvent& e) override { sent.push_back({rendered, e}); }
    void silence(bool) override { ++silences; }
    void resetChannels() override { ++resets; }
    std::vector<Sent> notesOn() const {
        std::vector<Sent> out;
        for (const auto& s : sent)
            if (s.event.type == ScheduledEvent::Type::NoteOn) out.push_back(s);
        return out;
    }
};

bool soundFontPresent() { return QFile::exists(QString::fromUtf8(audio::kDefaultSoundFont)); }

struct ManualPlayer {
    audio::ManualAudioOutput* output = nullptr;
    std::unique_ptr<audio::Player> player;
};

ManualPlayer makePlayer(double rate = 44100.0, audio::SynthSettings settings = {}) {
    ManualPlayer p;
    auto out = std::make_unique<audio::ManualAudioOutput>();
    p.output = out.get();
    settings.sampleRate = rate;
    std::string error;
    p.player = audio::Player::create(settings, std::move(out), &error);
    if (!p.player) qWarning("%s", error.c_str());
    return p;
}

}  // namespace

class TestPlayer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void transportSendsEventsAtExactOffsets() {
        audio::Transport transport;
        RecordingSink sink;
        transport.setSchedule(audio::EventSchedule(testScore(2.0), 1000.0), sink);  // 1 frame = 1 ms
        transport.play();
        std::vector<int> onsAt;  // absolute frames
        for (int block = 0; block < 4; ++block) {
            RecordingSink b;
            transport.advance(300, b);
            QCOMPARE(b.rendered, 300);
            for (const auto& s : b.notesOn()) onsAt.push_back(block * 300 + s.offset);
        }
        QCOMPARE(onsAt, (std::vector<int>{0, 500, 1000}));
        QCOMPARE(transport.position(), std::int64_t(1200));
    }

    void transportLoopsWithinABlock() {
        audio::Transport transport;
        RecordingSink sink;
        transport.setSchedule(audio::EventSchedule(testScore(4.0), 1000.0), sink);
        QVERIFY(transport.setLoop(1000, 1700));
        QVERIFY(!transport.setLoop(500, 500));
        transport.seek(900, sink);
        transport.play();
        RecordingSink b;
        transport.advance(1000, b);  // 900..1700, then 1000..1200
        std::vector<int> ons;
        for (const auto& s : b.notesOn()) ons.push_back(s.offset);
        // Notes at 1000 and 1500, then again at 1000 after the wrap (offset 800).
        QCOMPARE(ons, (std::vector<int>{100, 600, 800}));
        QCOMPARE(transport.position(), std::int64_t(1200));
        QCOMPARE(b.silences, 1);  // held notes released at the wrap
    }

    void transportStopsAtTheEnd() {
        audio::Transport transport;
        RecordingSink sink;
        transport.setSchedule(audio::EventSchedule(testScore(1.0), 1000.0), sink);
        transport.play();
        RecordingSink b;
        transport.advance(2000, b);
        QCOMPARE(transport.state(), audio::Transport::State::Stopped);
        QCOMPARE(transport.position(), std::int64_t(0));
        int offs = 0;
        for (const auto& s : b.sent) offs += s.event.type == ScheduledEvent::Type::NoteOff;
        QCOMPARE(offs, 2);  // the last note-off, on the final frame, was sent too
        QCOMPARE(b.rendered, 2000);
    }

    void transportChasesAfterSeek() {
        midi::Score s = testScore(4.0);
        s.tracks[0].controls = {{0, 7, 40}, {960, 7, 90}};
        audio::Transport transport;
        RecordingSink sink;
        transport.setSchedule(audio::EventSchedule(s, 1000.0), sink);
        transport.seek(1500, sink);
        transport.play();
        RecordingSink b;
        transport.advance(10, b);
        QCOMPARE(b.resets, 1);
        int volume = -1;
        for (const auto& x : b.sent)
            if (x.event.type == ScheduledEvent::Type::Control && x.event.data1 == 7) volume = x.event.data2;
        QCOMPARE(volume, 90);
    }

    void transportMuteAndSolo() {
        audio::Transport transport;
        RecordingSink sink;
        transport.setSchedule(audio::EventSchedule(testScore(1.0, 2), 1000.0), sink);
        transport.setTrackMuted(0, true, sink);
        transport.play();
        RecordingSink b;
        transport.advance(1000, b);
        for (const auto& s : b.notesOn()) QCOMPARE(int(s.event.track), 1);
        QCOMPARE(b.notesOn().size(), std::size_t(2));
        QCOMPARE(transport.state(), audio::Transport::State::Stopped);  // the music ended
        transport.play();
        transport.setTrackMuted(0, false, sink);
        transport.setTrackSolo(0, true, sink);
        RecordingSink c;
        transport.advance(1000, c);
        for (const auto& s : c.notesOn()) QCOMPARE(int(s.event.track), 0);
        QCOMPARE(c.notesOn().size(), std::size_t(2));
    }

    void noAudioDeviceIsReported() {
        if (!soundFontPresent()) QSKIP("FluidR3_GM.sf2 is not installed");
        qputenv("MOZART_AUDIO_DRIVER", "none");
        std::string error;
        auto player = audio::Player::create({}, nullptr, &error);
        qunsetenv("MOZART_AUDIO_DRIVER");
        QVERIFY(!player);
        QCOMPARE(QString::fromStdString(error), QStringLiteral("no audio device (MOZART_AUDIO_DRIVER=none)"));
    }

    void missingSoundFontIsReported() {
        audio::SynthSettings settings;
        settings.soundFont = "/nonexistent/none.sf2";
        std::string error;
        QVERIFY(!audio::Player::create(settings, std::make_unique<audio::ManualAudioOutput>(), &error));
        QCOMPARE(QString::fromStdString(error), QStringLiteral("/nonexistent/none.sf2: SoundFont not found"));
    }

    void playPauseStopSeek() {
        if (!soundFontPresent()) QSKIP("FluidR3_GM.sf2 is not installed");
        ManualPlayer p = makePlayer();
        QVERIFY(p.player);
        auto& player = *p.player;
        player.setScore(testScore(3.0));
        QVERIFY(std::fabs(player.duration() - 2800 / 960.0) < 1e-4);  // the last note ends at tick 2800
        std::vector<float> audio;
        p.output->pull(4410, &audio);
        QCOMPARE(player.position(), 0.0);  // stopped: nothing moves
        QVERIFY(rms(audio) < 1e-6);

        player.play();
        audio.clear();
        for (int i = 0; i < 10; ++i) p.output->pull(441, &audio);
        QCOMPARE(player.state(), audio::Player::State::Playing);
        QCOMPARE(player.position(), 0.1);
        QVERIFY(rms(audio) > 0.005);

        player.seek(1.25);
        QCOMPARE(player.position(), 1.25);
        p.output->pull(2205);
        QCOMPARE(player.position(), 1.3);

        player.pause();
        QCOMPARE(player.state(), audio::Player::State::Paused);
        audio.clear();
        p.output->pull(44100, &audio);
        QCOMPARE(player.position(), 1.3);
        QVERIFY2(rms(audio, 8820) < 1e-4, qPrintable(QString::number(rms(audio, 8820))));  // silent at once

        player.play();
        p.output->pull(4410);
        QCOMPARE(player.position(), 1.4);
        player.stop();
        QCOMPARE(player.state(), audio::Player::State::Stopped);
        QCOMPARE(player.position(), 0.0);
        audio.clear();
        p.output->pull(44100, &audio);
        QVERIFY(rms(audio, 8820) < 1e-4);
    }

    void loopsAndPositionCallback() {
        if (!soundFontPresent()) QSKIP("FluidR3_GM.sf2 is not installed");
        ManualPlayer p = makePlayer(48000.0);
        QVERIFY(p.player);
        auto& player = *p.player;
        player.setScore(testScore(4.0));
        std::vector<double> reported;
        player.setPositionCallback([&](double s) { reported.push_back(s); });
        QVERIFY(player.setLoop(1.0, 2.0));
        player.seek(0.5);
        player.play();
        for (int i = 0; i < 100; ++i) p.output->pull(960);  // 2 s of audio in 20 ms periods
        // 0.5 -> 2.0 is 1.5 s; the other 0.5 s runs from the loop start again.
        QCOMPARE(player.position(), 1.5);
        QVERIFY(reported.size() >= 40);
        QVERIFY(reported.size() <= 100);
        for (double r : reported) QVERIFY(r >= 0.5 && r < 2.0);

        player.clearLoop();
        reported.clear();
        for (int i = 0; i < 200; ++i) p.output->pull(960);  // past the end
        QCOMPARE(player.state(), audio::Player::State::Stopped);
        QCOMPARE(reported.back(), 0.0);  // stopped by itself, back to the start
    }

    void muteSilencesATrack() {
        if (!soundFontPresent()) QSKIP("FluidR3_GM.sf2 is not installed");
        ManualPlayer p = makePlayer();
        QVERIFY(p.player);
        p.player->setScore(testScore(2.0));
        p.player->setTrackMuted(0, true);
        p.player->play();
        std::vector<float> audio;
        p.output->pull(44100, &audio);
        QVERIFY(rms(audio) < 1e-5);
        p.player->setTrackMuted(0, false);
        audio.clear();
        p.output->pull(44100, &audio);
        QVERIFY(rms(audio) > 0.005);
    }

    void liveMatchesOfflineRender() {
        // The live path schedules exactly as the offline renderer does: the same samples.
        if (!soundFontPresent()) QSKIP("FluidR3_GM.sf2 is not installed");
        const midi::Score score = testScore(2.0, 2);
        // Reverb and chorus modulate with LFOs that run on whatever was rendered before (a reset
        // cannot rewind them): without them the two paths must match sample for sample.
        audio::SynthSettings settings;
        settings.chorus = false;
        settings.reverb = false;
        ManualPlayer p = makePlayer(44100.0, settings);
        QVERIFY(p.player);
        p.player->setScore(score);
        p.player->play();
        std::vector<float> live;
        for (int i = 0; i < 100; ++i) p.output->pull(441, &live);  // 1 s in odd-sized periods
        std::string error;
        auto synth = audio::Synth::create(settings, audio::Synth::Use::Offline, &error);
        QVERIFY2(synth, error.c_str());
        std::vector<float> offline;
        QVERIFY(audio::RenderTask(score, "", {}).runToBuffer(*synth, &offline).ok);
        QVERIFY(offline.size() >= live.size());
        double diff = 0;
        for (std::size_t i = 0; i < live.size(); ++i) diff = std::max(diff, double(std::fabs(live[i] - offline[i])));
        QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));
        QVERIFY(rms(live) > 0.005);

        // A seek lands on the same frame as an offline render of the range starting there.
        p.player->seek(0.75);
        live.clear();
        for (int i = 0; i < 50; ++i) p.output->pull(441, &live);
        audio::RenderSettings range;
        range.startSeconds = 0.75;
        QVERIFY(audio::RenderTask(score, "", range).runToBuffer(*synth, &offline).ok);
        diff = 0;
        for (std::size_t i = 0; i < live.size(); ++i) diff = std::max(diff, double(std::fabs(live[i] - offline[i])));
        QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));
    }

    void liveLevelsAndPanic() {
        if (!soundFontPresent()) QSKIP("FluidR3_GM.sf2 is not installed");
        ManualPlayer p = makePlayer();
        QVERIFY(p.player);
        p.player->setScore(testScore(4.0));
        p.player->play();
        std::vector<float> loud, quiet;
        p.output->pull(22050, &loud);
        p.player->seek(0.0);
        p.player->setVolume(0.1);
        p.player->setReverbLevel(0.2);
        p.player->setChorusLevel(0.5);
        p.output->pull(11025, &quiet);
        QVERIFY(rms(quiet) < rms(loud) * 0.5);
        p.player->panic();  // at 0.25 s, in the middle of the first note
        std::vector<float> after;
        p.output->pull(2205, &after);  // the held note is cut; the next one starts at 0.5 s
        QVERIFY(rms(after, 882) < 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestPlayer)
#include "tst_player.moc"
