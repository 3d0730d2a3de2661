#include "studio/GenerateBench.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QFileInfo>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "document/PieceDocument.h"
#include "generate/GenerateForm.h"
#include "generate/GeneratePanel.h"
#include "generate/GenerationHistory.h"
#include "generate/ModelPicker.h"
#include "mainwindow/MainWindow.h"
#include "pianoroll/PianoRollCanvas.h"
#include "pianoroll/PianoRollEditor.h"
#include "playback/PlaybackEngine.h"
#include "studio/BenchProbe.h"

namespace mozart::studio {

namespace {

// Notes the moment the piano roll starts painting a piece that has notes: the first note the user sees.
class FirstNoteWatch : public QObject {
public:
    FirstNoteWatch(ui::PianoRollCanvas* canvas, ui::PieceDocument* doc) : canvas_(canvas), doc_(doc) {
        canvas_->installEventFilter(this);
    }
    void arm() {
        clock_.start();
        atMs = -1;
    }
    double atMs = -1;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == canvas_ && event->type() == QEvent::Paint && atMs < 0 && clock_.isValid() &&
            doc_->score().noteCount() > 0)
            atMs = clock_.nsecsElapsed() / 1e6;
        return false;
    }

private:
    ui::PianoRollCanvas* canvas_;
    ui::PieceDocument* doc_;
    QElapsedTimer clock_;
};

struct Run {
    bool ok = false;
    double firstNoteMs = -1, totalMs = 0;
    int notes = 0;
    bool played = false, stoppedEarly = false;  // the transport stopped while notes still came
    QString error;
};

// Clicks Generate, starts playback at the first note, waits for the end; the probe runs throughout.
Run generateAndPlay(ui::MainWindow& window, FirstNoteWatch& watch, QPushButton* button) {
    Run r;
    ui::GeneratePanel* panel = window.generatePanel();
    QEventLoop loop;
    bool done = false, playing = false;
    auto c1 = QObject::connect(panel, &ui::GeneratePanel::generationFinished, &loop, [&] {
        done = true;
        loop.quit();
    });
    // Play as the user does (Space), once there is something to hear: after the window's own
    // handling of the new piece, which stops the transport.
    auto play = [&] {
        if (playing || window.document()->score().noteCount() == 0) return;
        playing = true;
        QTimer::singleShot(0, &loop, [&window, &r] {
            if (auto* action = window.findChild<QAction*>(QStringLiteral("playPause"))) action->trigger();
            r.played = window.playbackEngine()->state() == ui::PlaybackState::Playing;
        });
    };
    auto c4 = QObject::connect(window.playbackEngine(), &ui::PlaybackEngine::stateChanged, &loop, [&](ui::PlaybackState s) {
        if (r.played && s != ui::PlaybackState::Playing && panel->runner()->isRunning()) r.stoppedEarly = true;
    });
    auto c2 = QObject::connect(window.document(), &ui::PieceDocument::notesChanged, &loop, play);
    auto c3 = QObject::connect(window.document(), &ui::PieceDocument::scoreReset, &loop, play);
    QElapsedTimer wall;
    wall.start();
    watch.arm();
    button->click();
    if (!panel->isRunning() && !done) {
        r.error = panel->statusText();
        QObject::disconnect(c1), QObject::disconnect(c2), QObject::disconnect(c3), QObject::disconnect(c4);
        return r;
    }
    if (!done) loop.exec();
    // A short piece may be finished before the piano roll painted it: the first note is seen at
    // the first paint after that.
    QElapsedTimer paintWait;
    paintWait.start();
    while (watch.atMs < 0 && paintWait.elapsed() < 2000) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
    r.totalMs = wall.nsecsElapsed() / 1e6;
    QObject::disconnect(c1), QObject::disconnect(c2), QObject::disconnect(c3), QObject::disconnect(c4);
    window.playbackEngine()->stop();
    r.firstNoteMs = watch.atMs;
    r.notes = int(window.document()->score().noteCount());
    r.ok = r.notes > 0;
    if (!r.ok) r.error = panel->statusText();
    return r;
}

}  // namespace

bool runGenerateBench(const GenerateBenchOptions& options) {
    QTemporaryDir dir;
    ui::MainWindow window;
    window.resize(1920, 1080);
    window.show();
    QApplication::processEvents();
    window.resize(1920, 1080);  // again: showing may have sized the docks for a smaller screen
    QApplication::processEvents();
    ui::GeneratePanel* panel = window.generatePanel();
    panel->history()->setFolder(dir.filePath(QStringLiteral("history")));  // not the user's history
    if (!options.model.isEmpty() && !panel->modelPicker()->selectModel(options.model)) {
        std::fprintf(stderr, "mozart-studio --bench: %s\n", qPrintable(panel->modelPicker()->errorText()));
        return false;
    }
    const QString model = panel->modelPicker()->current().file;
    if (model.isEmpty()) {
        std::fprintf(stderr, "mozart-studio --bench: no model for the Generate panel: %s\n", qPrintable(panel->modelPicker()->infoText()));
        return false;
    }
    panel->form()->setLengthBars(options.bars);
    panel->form()->setVariations(1);
    // A new piece each click, as a user gets, but from seeds 1, 2, 3 ...: every run of the bench times
    // the same pieces (a random seed now and then gave a short piece without a note, so no first note).
    panel->form()->setSeedLocked(true);
    auto* button = panel->findChild<QPushButton*>(QStringLiteral("generateButton"));
    ui::PlaybackEngine* engine = window.playbackEngine();
    const QString unavailable = engine->unavailableReason();
    std::printf("generate: %s (%.1f MB), %d bars, window %dx%d, piano roll %dx%d, playback through '%s'%s\n", qPrintable(model),
                QFileInfo(model).size() / 1e6, options.bars, window.width(), window.height(), window.pianoRoll()->canvas()->width(),
                window.pianoRoll()->canvas()->height(), qPrintable(engine->output()),
                unavailable.isEmpty() ? "" : qPrintable(QStringLiteral(" (no sound: %1)").arg(unavailable)));
    std::fflush(stdout);

    FirstNoteWatch watch(window.pianoRoll()->canvas(), window.document());
    StallProbe probe;
    std::vector<double> warm;
    double stallMax = 0, stallP99 = 0, cpuMax = 0, cold = -1;
    std::size_t shots = 0;
    int notes = 0, played = 0, stopped = 0;
    double totalMs = 0;
    std::vector<SlowEvent> slow;
    for (int i = 0; i <= options.runs; ++i) {
        probe.clear();
        recordSlowEvents(true);
        takeMaxEventCpuMs();
        probe.start();
        panel->form()->setSeed(std::uint64_t(i) + 1);
        const Run r = generateAndPlay(window, watch, button);
        probe.stop();
        recordSlowEvents(false);
        if (!r.ok) {
            std::fprintf(stderr, "mozart-studio --bench: generation failed: %s\n", qPrintable(r.error));
            return false;
        }
        cpuMax = std::max(cpuMax, takeMaxEventCpuMs());
        auto s = takeSlowEvents();
        slow.insert(slow.end(), s.begin(), s.end());
        stallMax = std::max(stallMax, probe.maxMs());
        stallP99 = std::max(stallP99, probe.percentileMs(99));
        shots += probe.shots();
        played += r.played ? 1 : 0;
        stopped += r.stoppedEarly ? 1 : 0;
        if (i == 0) cold = r.firstNoteMs;
        else {
            warm.push_back(r.firstNoteMs);
            notes += r.notes;
            totalMs += r.totalMs;
        }
    }
    std::sort(warm.begin(), warm.end());
    std::sort(slow.begin(), slow.end(), [](const SlowEvent& a, const SlowEvent& b) { return a.ms > b.ms; });
    const double median = warm.empty() ? cold : warm[warm.size() / 2];
    std::printf("generate first note: %.0f ms (median of %zu clicks with the model loaded, max %.0f ms; goal < 500 ms)\n",
                median, warm.size(), warm.empty() ? cold : warm.back());
    std::printf("generate first note, first click (loads the model): %.0f ms\n", cold);
    if (!warm.empty())
        std::printf("generate: %.0f notes per piece, %.1f s per piece\n", double(notes) / double(warm.size()),
                    totalMs / 1000.0 / double(warm.size()));
    std::printf("generate: playback started in %d of %d runs, stopped before the generation ended in %d\n", played,
                options.runs + 1, stopped);
    std::printf("generate+play stall max: %.1f ms (p99 %.1f ms, %zu probe shots; goal < 50 ms)\n", stallMax, stallP99, shots);
    std::printf("generate+play longest GUI work in one event: %.1f ms of CPU (a longer stall is the GUI thread waiting for a core)\n", cpuMax);
    printSlowEvents(slow, 5);
    std::fflush(stdout);
    return true;
}

}  // namespace mozart::studio
