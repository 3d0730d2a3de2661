// SynthOptions: the FluidSynth settings every sound command takes (--soundfont, --sample-rate,
// --gain, --no-reverb, --no-chorus), in one place so they read the same everywhere.
#pragma once

#include "audio/Synth.h"

namespace CLI { class App; }

namespace mozart::cli {

struct SynthOptions {
    audio::SynthSettings settings;
    bool noReverb = false;
    bool noChorus = false;

    audio::SynthSettings resolved() const {
        audio::SynthSettings s = settings;
        s.reverb = !noReverb;
        s.chorus = !noChorus;
        return s;
    }
};

void addSynthOptions(CLI::App& command, SynthOptions& options);

}  // namespace mozart::cli
