// DashboardBench: the training dashboard's figures for `mozart-studio --bench` (issue #10). One
// long tiny-preset training runs from the Train panel while the panel is shown (plotting) and hidden
// in turn, every `segmentSteps` steps; each segment's tokens/s (from metrics.jsonl, the first steps
// after a switch left out) is compared with the mean of its two neighbours, so a machine whose load
// drifts weighs on both alike, and the cost is the median of those ratios. Then one more training,
// shown, with the 1 ms stall probe (kept out of the tokens/s: its wake-ups slow LibTorch's threads
// on a 2-core machine): the longest event-loop stall, with what ran long.
#pragma once

#include <QString>

namespace mozart::studio {

struct DashboardBenchOptions {
    QString corpus;  // MIDI to train on (a sample of it is copied); empty: generated melodies
    int steps = 3000;        // steps of the measured training (about 75 s on 2 cores)
    int segmentSteps = 120;  // shown, then hidden, ... every this many steps (about 3 s)
    int settleSteps = 12;    // left out at the start of a segment (the switch's own repaint and layout)
    int probeSteps = 320;    // steps of the training the stall probe watches
    int batch = 4, seq = 256;  // 0: the form's defaults (8 x 512: minutes per segment on 2 cores)
    bool warmUp = true;        // a first, short, uncounted training (token cache, LibTorch's first steps)
};

// Returns false (with the reason on stderr) when a training could not run.
bool runDashboardBench(const DashboardBenchOptions& options);

}  // namespace mozart::studio
