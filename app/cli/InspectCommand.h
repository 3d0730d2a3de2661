// `mozart inspect`: what is in a MIDI file: tracks, programs, notes, duration, tempo and
// time-signature changes, token count; --tokens prints the REMI token stream.
#pragma once

#include <string>

namespace CLI { class App; }

namespace mozart::cli {

struct InspectOptions {
    std::string input;
    std::string tokenizer = "default";
    bool tokens = false;
};

CLI::App* addInspectCommand(CLI::App& app, InspectOptions& options);
int runInspect(const InspectOptions& options);

}  // namespace mozart::cli
