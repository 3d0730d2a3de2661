// GenerateBench: the Generate panel's figures for `mozart-studio --bench` (issue #11). In the
// studio's main window at 1920x1080: the time from clicking Generate to the first note painted in
// the piano roll (the first click, which loads the model, and warm clicks after it), and the
// longest event-loop stall while notes stream into the visible piano roll and the piece plays
// (through the playback engine the studio made: the silent transport when there is no sound
// device, which the output says), with what ran long.
#pragma once

#include <QString>

namespace mozart::studio {

struct GenerateBenchOptions {
    QString model;   // empty: the picker's default model
    int runs = 3;    // generations after the first (cold) one
    int bars = 16;   // length asked of each
};

// Returns false (with the reason on stderr) when there is no model or a generation failed.
bool runGenerateBench(const GenerateBenchOptions& options);

}  // namespace mozart::studio
