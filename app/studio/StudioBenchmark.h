// StudioBenchmark: `mozart-studio --bench`: times a full piano-roll repaint of the largest corpus
// piece at 1920x1080 (at a working zoom and zoomed to fit), and the longest event-loop block while
// a folder scans, a piece loads, playback runs and an export writes; then the training dashboard's
// cost and stall (DashboardBench) and generation into the piano roll while playing (GenerateBench).
// Figures to compare, not tests. The bench's settings live in a temporary folder.
#pragma once

#include <QApplication>
#include <QString>
#include <memory>

namespace mozart::studio {

// The application object for --bench: a QApplication that also times every event it delivers,
// so the benchmark can name what blocked the event loop longest (BenchProbe.h).
std::unique_ptr<QApplication> makeBenchApplication(int& argc, char** argv);

struct BenchOptions {
    QString corpus;      // folder of MIDI files (empty: $MOZART_SHARED_DIR/corpus, ../shared/corpus)
    QString model;       // model for the generation figures (empty: the default model)
    bool quick = false;  // one short round of each (a smoke test, not figures)
};

// Returns the process exit code: 0, or 1 when a part failed or the corpus cannot be found (then
// only the dashboard, on generated melodies, and generation are measured).
int runStudioBenchmark(const BenchOptions& options);

}  // namespace mozart::studio
