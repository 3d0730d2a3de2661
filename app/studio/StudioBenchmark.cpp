#include "studio/StudioBenchmark.h"

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSettings>
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
#include "mainwindow/SettingsWriter.h"
#include "playback/PlaybackEngine.h"
#include "studio/BenchProbe.h"
#include "model/CpuRuntime.h"
#include "studio/DashboardBench.h"
#include "studio/GenerateBench.h"

namespace mozart::studio {

namespace {

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

// The training dashboard and the generation figures; `only` names one of them (empty: both).
int runParts(const BenchOptions& options, const QString& corpus, const QString& only) {
    DashboardBenchOptions dashboard;
    dashboard.corpus = corpus;
    GenerateBenchOptions generate;
    generate.model = options.model;
    if (options.quick) {
        std::printf("--bench-quick: one short round of each part below; a smoke run, not figures to quote\n");
        dashboard.steps = 16, dashboard.segmentSteps = 4, dashboard.settleSteps = 0, dashboard.probeSteps = 5, dashboard.batch = 2, dashboard.seq = 128, dashboard.warmUp = false;
        generate.runs = 1, generate.bars = 4;
    }
    bool ok = true;
    if (only.isEmpty() || only == QLatin1String("dashboard")) ok = runDashboardBench(dashboard) && ok;
    if (only.isEmpty() || only == QLatin1String("generate")) ok = runGenerateBench(generate) && ok;
    return ok ? 0 : 1;
}

}  // namespace

namespace {
int runAll(const BenchOptions& options);
}

int runStudioBenchmark(const BenchOptions& options) {
    // The bench's windows and runs must not change the user's settings, history or "resume" offer.
    QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    // What main() set before any thread existed (model/CpuRuntime.h): spinning pools would take the
    // GUI thread's core in the dashboard's figures.
    std::printf("idle compute threads: OMP_WAIT_POLICY=%s OPENBLAS_THREAD_TIMEOUT=%s; freed memory %s\n",
                qPrintable(qEnvironmentVariable("OMP_WAIT_POLICY", QStringLiteral("(unset)"))),
                qPrintable(qEnvironmentVariable("OPENBLAS_THREAD_TIMEOUT", QStringLiteral("(unset)"))),
                model::freedMemoryKept() ? "kept in the heap" : "returned at once (glibc's default)");
    const int code = runAll(options);
    ui::SettingsWriter::flush();  // its queued writes land before the folder goes, not after
    return code;
}

namespace {

int runAll(const BenchOptions& options) {
    const QString corpus = findCorpus(options.corpus);
    // MOZART_BENCH_ONLY=dashboard or generate: that part alone (while working on it).
    const QString only = qEnvironmentVariable("MOZART_BENCH_ONLY");
    if (!only.isEmpty()) return runParts(options, corpus, only);
    if (corpus.isEmpty()) {
        std::fprintf(stderr, "mozart-studio --bench: no corpus folder (give --corpus DIR or set MOZART_SHARED_DIR); "
                             "only the dashboard (on generated melodies) and generation are measured\n");
        runParts(options, corpus, QString());
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
    recordSlowEvents(true);
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
    recordSlowEvents(false);
    printSlowEvents(takeSlowEvents(), 5);
    window.close();
    std::fflush(stdout);

    // 3. The training dashboard (issue #10) and generation into the piano roll while playing (#11).
    return runParts(options, corpus, QString());
}

}  // namespace

}  // namespace mozart::studio
