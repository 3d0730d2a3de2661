// `mozart render`: MIDI files -> WAV, FLAC or Ogg Vorbis through FluidSynth, several files in
// parallel (one synthesizer per worker thread).
#pragma once

#include <string>
#include <vector>

#include "cli/SynthOptions.h"

namespace CLI { class App; }

namespace mozart::cli {

struct RenderOptions {
    std::vector<std::string> inputs;
    std::string out;      // one output file, for a single input
    std::string outDir;   // or a folder for several
    std::string format;   // wav, flac, ogg: for --out-dir (default wav); --out uses its extension
    SynthOptions synth;
    int bitDepth = 16;
    double quality = 6.0;  // Vorbis, 0..10 as oggenc
    bool normalize = false;
    double tail = 2.0;
    double start = 0.0, end = -1.0;
    bool force = false;
    unsigned jobs = 0;    // 0: every core
};

CLI::App* addRenderCommand(CLI::App& app, RenderOptions& options);
int runRender(const RenderOptions& options);

}  // namespace mozart::cli
