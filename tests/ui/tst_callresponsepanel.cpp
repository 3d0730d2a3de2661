// The Call and response panel driven with a tiny random-weights model and no MIDI port: on a
// machine without MIDI inputs (CI) the panel says that no MIDI input is available and cannot be
// switched on; a phrase fed as timed messages through the recorder's own input path (as RtMidi
// delivers them) is answered after the pause with the asked number of bars, every answer note
// after the phrase's notes, and both land in the piano roll (tracks "Played" then "Answer"), the
// answer played from where the pause ended.
#include <QElapsedTimer>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QStandardPaths>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include "../core/GenerationFixtures.h"
#include "audio/MidiPorts.h"
#include "audio/MidiRecorder.h"
#include "callresponse/CallResponsePanel.h"
#include "document/PieceDocument.h"
#include "generate/GenerateForm.h"
#include "generate/GeneratePanel.h"
#include "generate/ModelPicker.h"
#include "mainwindow/MainWindow.h"
#include "model/ModelFile.h"
#include "remi/TokenizerConfig.h"
#include "remi/Vocabulary.h"

using namespace mozart;
using namespace mozart::ui;

namespace {

// Feeds a recorder as a keyboard would, in real time: each delta is the time really passed.
struct Keyboard {
    audio::MidiRecorder* recorder;
    QElapsedTimer clock;
    qint64 lastNs = -1;
    void send(std::uint8_t status, int pitch, int velocity) {
        const qint64 now = clock.nsecsElapsed();
        const double delta = lastNs < 0 ? 0.0 : double(now - lastNs) / 1e9;
        lastNs = now;
        recorder->input(delta, {status, std::uint8_t(pitch), std::uint8_t(velocity)});
    }
    void play(std::initializer_list<int> pitches, int holdMs = 150, int gapMs = 50) {
        if (!clock.isValid()) clock.start();
        for (int p : pitches) {
            send(0x90, p, 96);
            QTest::qWait(holdMs);
            send(0x80, p, 0);
            QTest::qWait(gapMs);
        }
    }
};

}  // namespace

class TestCallResponsePanel : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString model_;
    PieceDocument doc_;
    CallResponsePanel* panel_ = nullptr;
    std::vector<midi::Tick> played_;
    std::vector<double> playedAt_;  // the recording's clock when the answer was sent to be played

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("MozartStudioTests"));
        QApplication::setApplicationName(QStringLiteral("tst_callresponsepanel"));
        QVERIFY(dir_.isValid());
        const auto tokenizer = remi::TokenizerConfig::rich();
        model::ModelConfig c = gentest::tinyConfig(static_cast<std::int64_t>(remi::Vocabulary(tokenizer).size()));
        model_ = dir_.filePath("model.safetensors");
        const auto error = model::ModelFile::save(model_.toStdString(), model::Transformer(c, 5), tokenizer.toMidiTokJson());
        QVERIFY2(!error, error ? error->toString().c_str() : "");
        panel_ = new CallResponsePanel;
        panel_->setDocument(&doc_);
        panel_->setModelSource([this] { return model_; });
        panel_->setPlayer([this](midi::Tick from) {
            played_.push_back(from);
            playedAt_.push_back(panel_->runner()->recorder() ? panel_->runner()->recorder()->elapsed() : -1.0);
        });
        panel_->show();
    }
    void cleanupTestCase() { delete panel_; }

    void withoutAnInputThePanelSaysSo() {
        if (!audio::listMidiPorts().inputs.empty()) QSKIP("this machine has a MIDI input");
        QVERIFY(!panel_->hasInput());
        QVERIFY2(panel_->noInputText().startsWith(QStringLiteral("No MIDI input is available")),
                 qPrintable(panel_->noInputText()));
        QVERIFY(!panel_->toggleButton()->isEnabled());
        QVERIFY(!panel_->start());
        QVERIFY(panel_->statusText().startsWith(QStringLiteral("No MIDI input is available")));
        QVERIFY(!panel_->runner()->isActive());
    }

    // A guard that keeps the open piece (the main window: Cancel in its save question) stops the start.
    void theOpenPieceIsKeptWhenTheGuardSaysSo() {
        midi::Score piece;
        piece.tracks.emplace_back();
        piece.tracks[0].notes.push_back({0, 480, 60, 90});
        doc_.load(piece, QString());
        panel_->setEditsGuard([] { return false; });
        QVERIFY(!panel_->listenTo(audio::MidiRecorder::unconnected("test keyboard")));
        QVERIFY(!panel_->runner()->isActive());
        QCOMPARE(doc_.score().tracks.size(), std::size_t(1));
        QVERIFY(panel_->statusText().contains(QStringLiteral("kept")));
        panel_->setEditsGuard([] { return true; });
    }

    void aPhraseThroughTheRecorderIsAnswered() {
        panel_->setTempo(100);
        panel_->setPauseBeats(2.0);  // 1.2 s: longer than any gap inside the phrase on a busy machine
        panel_->setAnswerBars(2);
        auto recorder = audio::MidiRecorder::unconnected("test keyboard");
        Keyboard keys{recorder.get()};
        QVERIFY(panel_->listenTo(std::move(recorder)));
        QTRY_VERIFY_WITH_TIMEOUT(panel_->runner()->isListening(), 30000);
        QVERIFY(panel_->statusText().contains(QStringLiteral("test keyboard")));
        keys.play({60, 64, 67, 72});
        QTRY_COMPARE_WITH_TIMEOUT(panel_->runner()->exchanges().size(), std::size_t(1), 30000);
        const generate::Exchange e = panel_->runner()->exchanges().front();
        QVERIFY2(e.error.empty(), e.error.c_str());
        QVERIFY2(panel_->statusText().startsWith(QStringLiteral("Answer 1: 2 bars")), qPrintable(panel_->statusText()));

        // Both phrases in the piano roll: what was played, then the answer.
        const midi::Score& piece = doc_.score();
        QCOMPARE(piece.tracks.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(piece.tracks[0].name), QStringLiteral("Played"));
        QCOMPARE(QString::fromStdString(piece.tracks[1].name), QStringLiteral("Answer"));
        const auto& played = piece.tracks[0].notes;
        const auto& answer = piece.tracks[1].notes;
        QCOMPARE(played.size(), std::size_t(4));
        QCOMPARE(answer.size(), e.notes.size());
        QVERIFY(!answer.empty());
        midi::Tick playedEnd = 0;
        for (const auto& n : played) playedEnd = std::max(playedEnd, n.end());
        // The answer: two bars, each holding a note, all after the phrase, from the pause's end.
        QCOMPARE(e.barTicks.size(), std::size_t(3));
        std::vector<int> perBar(2, 0);
        for (const auto& n : answer) {
            QVERIFY(n.start > playedEnd);
            QVERIFY(n.start >= e.answerStartTick && n.end() <= e.answerEndTick);
            ++perBar[n.start >= e.barTicks[1] ? 1 : 0];
        }
        QVERIFY(perBar[0] > 0 && perBar[1] > 0);
        QVERIFY(std::abs(e.pauseEndSeconds - e.callEndSeconds - 1.2) < 1e-6);
        QCOMPARE(played_.size(), std::size_t(1));
        QCOMPARE(played_.front(), e.answerStartTick);

        qInfo("tiny model: generated in %.0f ms after the last key went up; handed over %.1f ms and sent to be played "
              "%.1f ms after the pause ended", e.generationSeconds * 1000, e.latencySeconds() * 1000,
              (playedAt_.back() - e.pauseEndSeconds) * 1000);

        panel_->stop();
        QVERIFY(!panel_->runner()->isActive());
        QCOMPARE(doc_.score().tracks.size(), std::size_t(2));  // the session stays in the piano roll
    }

    // The studio's own panel (docked with Generate, the Generate panel's model): the phrase and the
    // answer land in the main window's piano roll. MOZART_CALLRESPONSE_SCREENSHOT=FILE.png answers
    // with the bundled default model and saves the window there.
    void inTheStudioWindow() {
        const QString shot = qEnvironmentVariable("MOZART_CALLRESPONSE_SCREENSHOT");
        const QString model = shot.isEmpty() ? model_ : QStringLiteral(MOZART_SOURCE_DIR "/resources/models/default/model.safetensors");
        MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(window.generatePanel()->modelPicker()->selectModel(model));
        auto* panel = window.findChild<CallResponsePanel*>();
        QVERIFY(panel);
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("callResponseDock"));
        QVERIFY(dock);
        dock->show();
        dock->raise();
        QCOMPARE(panel->settings().qpm, 100.0);  // as the last session (the panel above) left it
        // The Generate panel's instrument answers (its prompt line fills its fields).
        // (The screenshot answers on the piano, whatever an earlier run left in the settings.)
        window.generatePanel()->form()->promptLine()->setText(shot.isEmpty() ? QStringLiteral("violin") : QStringLiteral("piano"));
        window.generatePanel()->form()->applyPromptLine();
        QCOMPARE(panel->settings().program, shot.isEmpty() ? 40 : 0);
        panel->setTempo(120);
        panel->setPauseBeats(2.0);
        panel->setAnswerBars(shot.isEmpty() ? 1 : 4);
        auto recorder = audio::MidiRecorder::unconnected("test keyboard");
        Keyboard keys{recorder.get()};
        QVERIFY(panel->listenTo(std::move(recorder)));
        QTRY_VERIFY_WITH_TIMEOUT(panel->runner()->isListening(), 30000);
        if (shot.isEmpty()) keys.play({67, 72, 76});
        else keys.play({60, 64, 67, 72, 71, 67, 69, 65, 67}, 380, 100);
        QTRY_COMPARE_WITH_TIMEOUT(panel->runner()->exchanges().size(), std::size_t(1), 30000);
        const generate::Exchange e = panel->runner()->exchanges().front();
        QVERIFY2(e.error.empty(), e.error.c_str());
        const midi::Score& piece = window.document()->score();
        QCOMPARE(piece.tracks.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(piece.tracks[1].name), QStringLiteral("Answer"));
        QCOMPARE(piece.tracks[1].notes, e.notes);
        QCOMPARE(piece.tracks[1].program, shot.isEmpty() ? 40 : 0);
        QVERIFY(piece.tracks[0].notes.back().end() < e.notes.front().start);
        if (!shot.isEmpty()) {
            QTest::qWait(1000);
            QVERIFY(window.grab().save(shot));
        }
        panel->stop();
    }

    // The figure, end to end in the studio: the pause's end -> the answer handed to the
    // player on the GUI thread, with the bundled default model. Printed, not asserted.
    void defaultModelAnswerLatency() {
        const QString model = QStringLiteral(MOZART_SOURCE_DIR "/resources/models/default/model.safetensors");
        if (!QFile::exists(model)) QSKIP("no bundled default model");
        panel_->setModelSource([model] { return model; });
        auto recorder = audio::MidiRecorder::unconnected("test keyboard");
        Keyboard keys{recorder.get()};
        QVERIFY(panel_->listenTo(std::move(recorder)));
        QTRY_VERIFY_WITH_TIMEOUT(panel_->runner()->isListening(), 30000);
        for (int i = 0; i < 3; ++i) {
            keys.play({60, 62, 64, 65, 67, 65, 64, 62});
            QTRY_COMPARE_WITH_TIMEOUT(panel_->runner()->exchanges().size(), std::size_t(i + 1), 30000);
            const generate::Exchange e = panel_->runner()->exchanges().back();
            QVERIFY2(e.error.empty(), e.error.c_str());
            qInfo("default model, answer %d: %zu notes in %d bars; generated in %.0f ms after the last key went up; "
                  "handed over %.1f ms and sent to be played %.1f ms after the pause ended",
                  i + 1, e.notes.size(), e.answerBars, e.generationSeconds * 1000, e.latencySeconds() * 1000,
                  (playedAt_.back() - e.pauseEndSeconds) * 1000);
            QTest::qWait(200);
        }
        panel_->stop();
        panel_->setModelSource([this] { return model_; });
    }
};

QTEST_MAIN(TestCallResponsePanel)
#include "tst_callresponsepanel.moc"
