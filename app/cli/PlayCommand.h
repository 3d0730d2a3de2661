// `mozart play`: plays a MIDI file through FluidSynth on the sound device, or to an external
// synthesizer on a MIDI port; Ctrl-C stops it with every note silenced.
#pragma once

#include <string>
#include <vector>

#include "cli/SynthOptions.h"

namespace CLI { class App; }

namespace mozart::cli {

struct PlayOptions {
    std::string input;
    std::string port;  // a MIDI output port instead of FluidSynth
    SynthOptions synth;
    double start = 0.0;
    std::vector<double> loop;  // start and end seconds
};

CLI::App* addPlayCommand(CLI::App& app, PlayOptions& options);
int runPlay(const PlayOptions& options);

}  // namespace mozart::cli
