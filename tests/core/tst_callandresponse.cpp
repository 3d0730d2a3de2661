// CallAndResponse: a phrase fed as timed messages through MidiRecorder's own input path (no port)
// is answered after the pause with the asked number of bars, every answer note after the phrase's
// notes; a key pressed during the pause continues the phrase, so does the sustain pedal held after
// the last key; a second phrase gets a second answer;
// settings are checked. The clock is the test's own, so nothing depends on this machine's speed.
// With the bundled default model the latency from the pause's end to the answer is printed.
#include <QtTest>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "GenerationFixtures.h"
#include "audio/MidiRecorder.h"
#include "generate/CallAndResponse.h"
#include "generate/GenerationJob.h"

using namespace mozart;
using namespace mozart::generate;

namespace {

const std::string kDefaultModel = std::string(MOZART_SOURCE_DIR) + "/resources/models/default/model.safetensors";

std::unique_ptr<LoadedModel> tinyLoadedModel() {
    auto m = std::make_unique<LoadedModel>();
    m->file = "tiny";
    m->net = std::make_unique<model::Transformer>(gentest::tinyModel(3));
    m->tokenizer = std::make_unique<remi::RemiTokenizer>(remi::TokenizerConfig::rich());
    m->grammar = std::make_unique<remi::RemiGrammar>(m->tokenizer->config(), m->tokenizer->vocabulary());
    return m;
}

// A recorder without a port, an engine listening to it, and a clock the test moves.
struct Session {
    std::unique_ptr<audio::MidiRecorder> recorder = audio::MidiRecorder::unconnected("test keyboard");
    std::atomic<double> now{0.0};
    // Wall mode: the clock runs from `offset` at the wall clock's `t0` (for the latency figure).
    std::atomic<bool> wall{false};
    std::atomic<double> offset{0.0};
    const std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
    double wallSeconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); }
    double clock() const { return wall ? offset + wallSeconds() : now.load(); }
    std::mutex mutex;
    std::vector<Exchange> answers;
    std::unique_ptr<CallAndResponse> engine;
    double last = 0.0;  // virtual time of the last message fed

    Session(LoadedModel& model, const CallAndResponseSettings& settings) {
        audio::RecordingSettings rs{settings.ticksPerQuarter, settings.qpm};
        CallAndResponse::Callbacks callbacks;
        callbacks.answer = [this](const Exchange& e) {
            std::lock_guard<std::mutex> lock(mutex);
            answers.push_back(e);
        };
        engine = std::make_unique<CallAndResponse>(model, settings, [this, rs] { return recorder->score(rs); },
                                                   [this] { return clock(); }, callbacks);
        recorder->setListener([this](const audio::TimedMidiMessage& m) {
            engine->message(m.seconds, m.bytes.data(), m.bytes.size());
        });
        recorder->start();
    }
    // Through the recorder's input path, as RtMidi would deliver it.
    void at(double seconds, std::uint8_t status, int pitch, int velocity) {
        recorder->input(seconds - last, {status, std::uint8_t(pitch), std::uint8_t(velocity)});
        last = seconds;
        now = std::max(now.load(), recorder->messages().back().seconds);
    }
    // Quarter notes from `start` at 120 qpm (0.5 s a beat), each held 0.4 s.
    void phrase(double start, std::initializer_list<int> pitches) {
        double t = start;
        for (int p : pitches) {
            at(t, 0x90, p, 90);
            at(t + 0.4, 0x80, p, 0);
            t += 0.5;
        }
    }
    std::size_t answered() {
        std::lock_guard<std::mutex> lock(mutex);
        return answers.size();
    }
    Exchange answer(std::size_t i) {
        std::lock_guard<std::mutex> lock(mutex);
        return answers.at(i);
    }
};

CallAndResponseSettings tinySettings(int bars) {
    CallAndResponseSettings s;
    s.pauseBeats = 2.0;
    s.answerBars = bars;
    s.generation.sampling.seed = 11;
    s.generation.constraints.minNotesPerBar = 1;  // every bar of the answer has a note
    return s;
}

midi::Tick lastCallNoteEnd(const midi::Score& recording, midi::Tick before) {
    midi::Tick end = 0;
    for (const auto& t : recording.tracks)
        for (const auto& n : t.notes)
            if (n.start < before) end = std::max(end, n.end());
    return end;
}

// The answer's notes lie in its bars, after the pause, each of its bars holds one.
void checkAnswer(const Exchange& e, int bars, midi::Tick callEnd) {
    QVERIFY2(e.error.empty(), e.error.c_str());
    QCOMPARE(e.answerBars, bars);
    QCOMPARE(e.barTicks.size(), std::size_t(bars + 1));
    QCOMPARE(e.barTicks.front(), e.answerBarTick);
    QCOMPARE(e.barTicks.back(), e.answerEndTick);
    QVERIFY(!e.notes.empty());
    QVERIFY(e.answerStartTick > callEnd);
    QCOMPARE(e.notes.front().start, e.answerStartTick);
    std::vector<int> perBar(std::size_t(bars), 0);
    for (const auto& n : e.notes) {
        QVERIFY(n.start >= e.answerStartTick);
        QVERIFY(n.end() <= e.answerEndTick);
        const auto bar = std::upper_bound(e.barTicks.begin(), e.barTicks.end(), n.start) - e.barTicks.begin() - 1;
        QVERIFY(bar >= 0 && bar < bars);
        ++perBar[std::size_t(bar)];
    }
    for (int count : perBar) QVERIFY(count > 0);
}

}  // namespace

class TestCallAndResponse : public QObject {
    Q_OBJECT

    std::unique_ptr<LoadedModel> tiny_ = tinyLoadedModel();

private Q_SLOTS:
    void settingsAreChecked() {
        CallAndResponseSettings s;
        QVERIFY(validate(s).empty());
        s.pauseBeats = 0;
        QVERIFY(validate(s).find("pause") != std::string::npos);
        s = {};
        s.answerBars = 0;
        QVERIFY(validate(s).find("bars") != std::string::npos);
        s = {};
        s.generation.sampling.temperature = 0;
        QVERIFY(!validate(s).empty());
    }

    void answersAfterThePause() {
        Session session(*tiny_, tinySettings(2));
        session.phrase(0.0, {60, 62, 64, 65, 67});  // last key up at 2.4 s; the pause ends at 3.4 s
        session.now = 3.0;
        QTest::qWait(100);
        QCOMPARE(session.answered(), std::size_t(0));  // still in the pause
        session.now = 3.41;
        QTRY_COMPARE_WITH_TIMEOUT(session.answered(), std::size_t(1), 60000);
        const Exchange e = session.answer(0);
        QCOMPARE(e.index, 0);
        QVERIFY(std::abs(e.callEndSeconds - 2.4) < 0.01);
        QVERIFY(std::abs(e.pauseEndSeconds - 3.4) < 0.01);
        QVERIFY(e.readySeconds >= e.pauseEndSeconds);
        const midi::Score recording = session.recorder->score();
        QCOMPARE(recording.tracks.size(), std::size_t(1));
        QCOMPARE(recording.tracks[0].notes.size(), std::size_t(5));
        checkAnswer(e, 2, lastCallNoteEnd(recording, e.answerStartTick));
        QCOMPARE(e.answerStartTick, midi::Tick(std::llround(e.pauseEndSeconds * 2 * 480)));
    }

    void aKeyDuringThePauseContinuesThePhrase() {
        Session session(*tiny_, tinySettings(1));
        session.phrase(0.0, {60, 64, 67});   // last key up at 1.4 s
        session.now = 2.0;
        QTest::qWait(50);
        session.phrase(2.0, {72});           // before the pause (to 2.4 s) ended: up at 2.4 s
        session.now = 2.5;                   // the first pause would have ended here
        QTest::qWait(100);
        QCOMPARE(session.answered(), std::size_t(0));
        session.now = 3.41;
        QTRY_COMPARE_WITH_TIMEOUT(session.answered(), std::size_t(1), 60000);
        const Exchange e = session.answer(0);
        QVERIFY(std::abs(e.callStartSeconds) < 0.05);
        QVERIFY(std::abs(e.callEndSeconds - 2.4) < 0.01);
        checkAnswer(e, 1, lastCallNoteEnd(session.recorder->score(), e.answerStartTick));
    }

    void theSustainPedalHoldsThePhraseOpen() {
        Session session(*tiny_, tinySettings(1));
        session.at(0.0, 0xB0, 64, 127);  // pedal down, then a continuous pedal's other values
        session.phrase(0.1, {60, 64, 67});  // last key up at 1.5 s
        session.at(1.8, 0xB0, 64, 100);
        session.at(3.0, 0xB0, 64, 0);    // pedal up: the pause begins
        session.now = 3.9;               // 2.4 s after the last key, 0.9 s after the pedal
        QTest::qWait(100);
        QCOMPARE(session.answered(), std::size_t(0));
        session.now = 4.01;
        QTRY_COMPARE_WITH_TIMEOUT(session.answered(), std::size_t(1), 60000);
        const Exchange e = session.answer(0);
        QVERIFY(std::abs(e.callStartSeconds - 0.1) < 0.05);
        QVERIFY(std::abs(e.callEndSeconds - 3.0) < 0.05);
        checkAnswer(e, 1, lastCallNoteEnd(session.recorder->score(), e.answerStartTick));
    }

    void aSecondPhraseGetsASecondAnswer() {
        Session session(*tiny_, tinySettings(2));
        session.phrase(0.0, {60, 62, 64});
        session.now = 2.5;
        QTRY_COMPARE_WITH_TIMEOUT(session.answered(), std::size_t(1), 60000);
        session.phrase(8.0, {67, 65, 64, 62});  // after the first answer (3.4 s .. 7.4 s at most)
        session.now = 10.0;
        QTest::qWait(50);
        session.now = 10.91;
        QTRY_COMPARE_WITH_TIMEOUT(session.answered(), std::size_t(2), 60000);
        const Exchange second = session.answer(1);
        QCOMPARE(second.index, 1);
        QVERIFY(std::abs(second.callStartSeconds - 8.0) < 0.01);
        const midi::Score recording = session.recorder->score();
        QCOMPARE(recording.tracks[0].notes.size(), std::size_t(7));
        checkAnswer(second, 2, lastCallNoteEnd(recording, second.answerStartTick));
        QVERIFY(session.answer(0).answerEndTick <= midi::Tick(8.0 * 2 * 480));
    }

    // The figure the issue asks for: pause end -> answer handed over, with the bundled model.
    // Printed, not asserted (the machine may be loaded); the clock here is the wall clock.
    void defaultModelLatency() {
        if (!QFile::exists(QString::fromStdString(kDefaultModel))) QSKIP("no bundled default model");
        std::string error;
        auto model = loadModel(kDefaultModel, &error);
        QVERIFY2(model, error.c_str());
        CallAndResponseSettings s;
        // MOZART_CALLRESPONSE_PAUSE_BEATS: a shorter pause leaves less time to generate before it ends.
        const double pause = qEnvironmentVariable("MOZART_CALLRESPONSE_PAUSE_BEATS").toDouble();
        s.pauseBeats = pause > 0 ? pause : 2.0;
        s.answerBars = 2;
        s.generation.sampling.seed = 5;
        s.generation.sampling.temperature = 0.9;
        Session session(*model, s);
        session.wall = true;
        for (int i = 0; i < 3; ++i) {
            const double start = 20.0 * i;
            session.phrase(start, {60, 64, 67, 72, 67, 64, 62, 60});
            // The last key went up just now: the wall clock goes on from there.
            session.offset = start + 3.9 - session.wallSeconds();
            QTRY_COMPARE_WITH_TIMEOUT(session.answered(), std::size_t(i + 1), 60000);
            const Exchange e = session.answer(std::size_t(i));
            qInfo("default model, answer %d: %zu notes; generation %.0f ms after the last key went up; "
                  "pause %.0f ms; latency after the pause %.1f ms",
                  i + 1, e.notes.size(), e.generationSeconds * 1000, (e.pauseEndSeconds - e.callEndSeconds) * 1000,
                  e.latencySeconds() * 1000);
            QVERIFY2(e.error.empty(), e.error.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestCallAndResponse)
#include "tst_callandresponse.moc"
