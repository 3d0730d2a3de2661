// `mozart generate`: writes new pieces with a trained model: sampling settings, an opening
// (composer, tempo, meter, instrument) described by options or by a prompt line of plain words,
// a MIDI prompt to continue or partly regenerate, musical constraints, a length, several
// variations at once; every MIDI file gets its recipe (`<name>.json` and a text event inside) and
// `--recipe FILE.json` makes the same piece again. The options are checked by core/generate's
// GenerateRequest, the same code the studio's Generate panel uses. --copy-check reports how much
// of each piece was copied from the training data (GenerateCopyCheck.h).
#pragma once

#include <string>

#include "cli/GenerateCopyCheck.h"
#include "cli/SynthOptions.h"
#include "generate/GenerateRequest.h"

namespace CLI { class App; }

namespace mozart::cli {

struct GenerateOptions {
    std::string model;   // file, checkpoint folder or run folder; empty: the default model
    std::string recipe;
    generate::GenerateRequest request;
    std::string out;
    std::string wav, flac, ogg;
    SynthOptions synth;
    CopyCheckOptions copyCheck;
    bool force = false;
    bool verbose = false;
};

CLI::App* addGenerateCommand(CLI::App& app, GenerateOptions& options);
int runGenerate(const GenerateOptions& options);

}  // namespace mozart::cli
