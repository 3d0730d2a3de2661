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

Stats timeRepaints(ui::PianoRollCanvas* canvas, int runs, int* notesDrawn) {
    QImage target(canvas->size() * canvas->devicePixelRatioF(), QImage::Format_ARGB32_Premultiplied);
    target.setDevicePixelRatio(canvas->devicePixelRatioF());
    std::vector<double> ms;
    for (int i = 0; i < runs + 3; ++i) {
        QElapsedTimer t;
        t.start();
        canvas->render(&target);
        if (i >= 3) ms.push_back(t.nsecsElapsed() / 1e6);  // the first paints warm caches up
    }
    *notesDrawn = canvas->lastPaintedNoteCount();
    return summarize(ms);
}

}  // namespace

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
    int drawn = 0;
    editor.viewport()->scrollTo(editor.viewport()->originTick(), editor.viewport()->originY());
    Stats working = timeRepaints(canvas, 60, &drawn);
    std::printf("repaint, 8 bars across: median %.2f ms, p95 %.2f ms, max %.2f ms (%d notes drawn)\n", working.median,
                working.p95, working.max, drawn);
    editor.zoomToFit();
    editor.viewport()->showPitches(21, 108);
    Stats fit = timeRepaints(canvas, 30, &drawn);
    std::printf("repaint, whole piece in view: median %.2f ms, p95 %.2f ms, max %.2f ms (%d notes drawn)\n",
                fit.median, fit.p95, fit.max, drawn);
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
    window.close();
    return 0;
}

}  // namespace mozart::studio
