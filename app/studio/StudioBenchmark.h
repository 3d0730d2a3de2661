// StudioBenchmark: `mozart-studio --bench`: times a full piano-roll repaint of the largest corpus
// piece at 1920x1080 (at a working zoom and zoomed to fit), and the longest event-loop block while
// a folder scans, a piece loads, playback runs and an export writes. Figures to compare, not tests.
#pragma once

#include <QApplication>
#include <QString>
#include <memory>

namespace mozart::studio {

// The application object for --bench: a QApplication that also times every event it delivers,
// so the benchmark can name what blocked the event loop longest.
std::unique_ptr<QApplication> makeBenchApplication(int& argc, char** argv);

// Returns the process exit code (0, or 1 when the corpus cannot be found).
int runStudioBenchmark(const QString& corpusFolder);

}  // namespace mozart::studio
