// `mozart generate`: writes new pieces with a trained model: sampling settings, an opening
// (composer, tempo, meter, instrument) or a MIDI prompt to continue or partly regenerate, musical
// constraints, a length, several variations at once; every MIDI file gets its recipe (`<name>.json`
// and a text event inside) and `--recipe FILE.json` makes the same piece again.
#pragma once

#include <optional>
#include <string>

#include "cli/SynthOptions.h"
#include "generate/GenerationSettings.h"

namespace CLI { class App; }

namespace mozart::cli {

struct GenerateOptions {
    std::string model;
    std::string recipe;
    generate::GenerationSettings settings;
    std::optional<std::uint64_t> seed;  // unset: a random seed, recorded in the recipe
    std::string timeSignature;          // "N/D"
    std::string key;                    // "C", "F#", "Bb"
    std::string pitchRange;             // "LO-HI"
    std::string density;                // "MIN-MAX" notes per bar
    std::string instruments;            // "0,40,-1"
    std::string out;
    std::string wav, flac, ogg;
    SynthOptions synth;
    bool noGrammar = false;
    bool force = false;
    bool verbose = false;
};

CLI::App* addGenerateCommand(CLI::App& app, GenerateOptions& options);
int runGenerate(const GenerateOptions& options);

}  // namespace mozart::cli
