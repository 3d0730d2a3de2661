// DashboardBench: the training dashboard's figures for `mozart-studio --bench` (issue #10). A
// tiny-preset training of a fixed number of steps runs several times from the Train panel, with the
// panel shown and plotting and with it hidden, alternating in one process (ABBA order) so a loaded
// machine weighs on both alike. Prints the training tokens/s of each and the dashboard's cost; then
// one more training, shown, with the 1 ms stall probe (kept out of the tokens/s rounds: its wake-ups
// slow LibTorch's threads on a 2-core machine): the longest event-loop stall, with what ran long.
#pragma once

#include <QString>

namespace mozart::studio {

struct DashboardBenchOptions {
    QString corpus;  // MIDI to train on (a sample of it is copied); empty: generated melodies
    int rounds = 6;              // each round trains once shown and once hidden (fewer: the cost drowns in noise)
    int steps = 240;             // optimizer steps per training (about 6 s: shorter ones scatter by +-10%)
    int probeSteps = 320;        // steps of the training the stall probe watches
    int batch = 4, seq = 256;    // 0: the form's defaults (8 x 512: minutes per round on 2 cores)
    bool warmUp = true;          // a first, uncounted training (token cache, LibTorch's first steps)
};

// Returns false (with the reason on stderr) when a training could not run.
bool runDashboardBench(const DashboardBenchOptions& options);

}  // namespace mozart::studio
