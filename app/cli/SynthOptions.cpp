#include "cli/SynthOptions.h"

#include <CLI/CLI.hpp>

namespace mozart::cli {

void addSynthOptions(CLI::App& cmd, SynthOptions& o) {
    cmd.add_option("--soundfont", o.settings.soundFont,
                   std::string("SoundFont (.sf2/.sf3); default ") + audio::kDefaultSoundFont);
    cmd.add_option("--sample-rate,-r", o.settings.sampleRate, "Sample rate in Hz")
        ->capture_default_str()->check(CLI::Range(8000.0, 96000.0));
    cmd.add_option("--gain,-g", o.settings.gain, "FluidSynth master gain")
        ->capture_default_str()->check(CLI::Range(0.0, 10.0));
    cmd.add_flag("--no-reverb", o.noReverb, "Switch FluidSynth's reverb off");
    cmd.add_flag("--no-chorus", o.noChorus, "Switch FluidSynth's chorus off");
}

}  // namespace mozart::cli
