#include "studio/StudioBenchmark.h"

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <vector>

#include "dataset/DatasetBrowser.h"
#include "export/ExportRunner.h"
#include "mainwindow/MainWindow.h"
#include "midi/SmfReader.h"
#include "pianoroll/PianoRollCanvas.h"
#include "pianoroll/PianoRollEditor.h"
#include "playback/PlaybackEngine.h"

namespace mozart::studio {

namespace {

// Times each outermost event delivery; the slowest ones say what blocked the event loop.
class EventTimingApplication : public QApplication {
public:
    using QApplication::QApplication;
    struct Slow {
        double ms;
        QString what;
    };
    bool recording = false;
    std::vector<Slow> slowest;

    bool notify(QObject* receiver, QEvent* event) override {
        if (!recording || depth_ > 0) {
            ++depth_;
            const bool r = QApplication::notify(receiver, event);
            --depth_;
            return r;
        }
        // Named before delivery: the receiver may delete itself while handling the event.
        const char* className = receiver->metaObject()->className();
        const int type = int(event->type());
        ++depth_;
        QElapsedTimer t;
        t.start();
        const bool r = QApplication::notify(receiver, event);
        const double ms = t.nsecsElapsed() / 1e6;
        --depth_;
        if (ms > 5.0) slowest.push_back({ms, QStringLiteral("%1, event type %2").arg(QLatin1String(className)).arg(type)});
        return r;
    }

private:
    int depth_ = 0;
};

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Stats {
    double median = 0, p95 = 0, max = 0;
};

Stats summarize(std::vector<double> v) {
    Stats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    s.median = v[v.size() / 2];
    s.p95 = v[std::min(v.size() - 1, v.size() * 95 / 100)];
    s.max = v.back();
    return s;
}

QString findCorpus(const QString& given) {
    QStringList candidates;
    if (!given.isEmpty()) candidates << given;
    const QString shared = qEnvironmentVariable("MOZART_SHARED_DIR");
    if (!shared.isEmpty()) candidates << QDir(shared).filePath(QStringLiteral("corpus"));
    candidates << QStringLiteral("../shared/corpus") << QStringLiteral("../../shared/corpus");
    for (const QString& c : candidates)
        if (QFileInfo(c).isDir()) return QFileInfo(c).absoluteFilePath();
    return {};
}

QString largestMidi(const QString& folder) {
    QString best;
    qint64 size = -1;
    QDirIterator it(folder, {QStringLiteral("*.mid"), QStringLiteral("*.midi")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo f(it.next());
        if (f.size() > size) {
            size = f.size();
            best = f.absoluteFilePath();
        }
    }
    return best;
}

// Wall time and CPU time of the GUI thread (the machine may be shared: CPU time is steadier).
std::pair<Stats, Stats> timeRepaints(ui::PianoRollCanvas* canvas, int runs, int* notesDrawn, int* fills) {
    QImage target(canvas->size() * canvas->devicePixelRatioF(), QImage::Format_ARGB32_Premultiplied);
    target.setDevicePixelRatio(canvas->devicePixelRatioF());
    std::vector<double> wall, cpu;
    for (int i = 0; i < runs + 3; ++i) {
        QElapsedTimer t;
        t.start();
        const double c0 = threadCpuMs();
        canvas->render(&target);
        if (i >= 3) {  // the first paints warm caches up
            wall.push_back(t.nsecsElapsed() / 1e6);
            cpu.push_back(threadCpuMs() - c0);
        }
    }
    *notesDrawn = canvas->lastPaintedNoteCount();
    *fills = canvas->lastFillCount();
    return {summarize(wall), summarize(cpu)};
}

}  // namespace

std::unique_ptr<QApplication> makeBenchApplication(int& argc, char** argv) {
    return std::make_unique<EventTimingApplication>(argc, argv);
}

int runStudioBenchmark(const QString& corpusFolder) {
    const QString corpus = findCorpus(corpusFolder);
    if (corpus.isEmpty()) {
        std::fprintf(stderr, "mozart-studio --bench: no corpus folder (give --corpus DIR or set MOZART_SHARED_DIR)\n");
        return 1;
    }
    const QString piece = largestMidi(corpus);
    const auto read = midi::SmfReader::readFile(piece.toStdString());
    if (!read.ok()) {
        std::fprintf(stderr, "mozart-studio --bench: %s\n", read.error ? read.error->toString().c_str() : "unreadable");
        return 1;
    }
    std::printf("piece: %s (%zu notes, %zu tracks)\n", qPrintable(piece), read.score->noteCount(),
                read.score->tracks.size());
    std::printf("platform: %s, device pixel ratio %.2f\n", qPrintable(QGuiApplication::platformName()),
                qApp->devicePixelRatio());

    // 1. Piano-roll repaint at 1920x1080.
    ui::PieceDocument doc;
    doc.load(*read.score, piece);
    ui::PianoRollCanvas* canvas = nullptr;
    ui::PianoRollEditor editor;
    editor.setDocument(&doc);
    editor.show();
    const QSize chrome = editor.size() - editor.canvas()->size();
    editor.resize(QSize(1920, 1080) + chrome);
    QApplication::processEvents();
    editor.resize(QSize(1920, 1080) + (editor.size() - editor.canvas()->size()));
    QApplication::processEvents();
    canvas = editor.canvas();
    std::printf("canvas: %dx%d\n", canvas->width(), canvas->height());
    int drawn = 0, fills = 0;
    editor.viewport()->scrollTo(editor.viewport()->originTick(), editor.viewport()->originY());
    auto [working, workingCpu] = timeRepaints(canvas, 60, &drawn, &fills);
    std::printf("repaint, 8 bars across: median %.2f ms (CPU %.2f), p95 %.2f ms (CPU %.2f), max %.2f ms "
                "(%d notes on screen, %d rectangles)\n",
                working.median, workingCpu.median, working.p95, workingCpu.p95, working.max, drawn, fills);
    editor.zoomToFit();
    editor.viewport()->showPitches(21, 108);
    auto [fit, fitCpu] = timeRepaints(canvas, 30, &drawn, &fills);
    std::printf("repaint, whole piece in view: median %.2f ms (CPU %.2f), p95 %.2f ms (CPU %.2f), max %.2f ms "
                "(%d notes on screen, %d rectangles)\n",
                fit.median, fitCpu.median, fit.p95, fitCpu.p95, fit.max, drawn, fills);
    editor.hide();

    // 2. Longest event-loop block while background work runs.
    ui::MainWindow window;
    window.resize(1920, 1080);
    window.show();
    QApplication::processEvents();
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    std::vector<double> gaps;
    QTimer probe;
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        gaps.push_back((now - last) / 1e6);

        last = now;
    });
    auto* timing = dynamic_cast<EventTimingApplication*>(qApp);
    if (timing) timing->recording = true;
    probe.start();
    window.openDatasetFolder(corpus);
    window.openMidiFile(piece);
    QTemporaryDir out;
    bool exportStarted = false, scanDone = false;
    QObject::connect(window.datasetBrowser(), &ui::DatasetBrowser::scanFinished, [&] { scanDone = true; });
    QTimer::singleShot(300, [&] {
        window.playbackEngine()->play();
        ui::ExportChoice choice;
        choice.destination = out.filePath(QStringLiteral("bench.mid"));
        exportStarted = window.startExport(choice);
    });
    QElapsedTimer wall;
    wall.start();
    while (!scanDone && wall.elapsed() < 600000) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    window.exportRunner()->wait();
    probe.stop();
    window.playbackEngine()->stop();
    const Stats loop = summarize(gaps);
    std::printf("event loop during scan of %d files + load + playback + MIDI export%s: %zu ticks, median gap %.2f ms, "
                "p95 %.2f ms, longest block %.2f ms (goal < 50 ms)\n",
                window.datasetBrowser()->model()->rowCount(), exportStarted ? "" : " (export not started)", gaps.size(),
                loop.median, loop.p95, loop.max);
    std::printf("scan wall time: %.1f s\n", wall.elapsed() / 1000.0);
    if (timing) {
        timing->recording = false;
        auto& slow = timing->slowest;
        std::sort(slow.begin(), slow.end(), [](auto& a, auto& b) { return a.ms > b.ms; });
        for (std::size_t i = 0; i < std::min<std::size_t>(5, slow.size()); ++i)
            std::printf("  slow event: %.1f ms %s\n", slow[i].ms, qPrintable(slow[i].what));
    }
    window.close();
    return 0;
}

}  // namespace mozart::studio
