// SharedData: what a test does when the data beside the repository (../shared: corpus, MidiTok's
// reference vectors, the prototype; MOZART_SHARED_DIR) is missing. On a developer's machine it
// skips (QSKIP, which ctest reports as skipped: see SKIP_REGULAR_EXPRESSION in
// tests/CMakeLists.txt); in continuous integration (CI=true), where the data must be present, it
// fails loudly instead, so losing it can never turn into a green run.
#pragma once

#include <QtTest>

// Global, not in namespace mozart: some tests name a helper `mozart` (the command they run).
inline bool mozartTestInContinuousIntegration() { return qEnvironmentVariable("CI") == QLatin1String("true"); }

// Use where a test would QSKIP for missing shared data: `if (dir.isEmpty()) MOZART_SHARED_MISSING("...");`
#define MOZART_SHARED_MISSING(message)                                                                      \
    do {                                                                                                   \
        if (mozartTestInContinuousIntegration())                                                       \
            QFAIL(qPrintable(QStringLiteral("CI=true but the shared data is missing: ") + QString(message))); \
        QSKIP(message);                                                                                    \
    } while (false)
