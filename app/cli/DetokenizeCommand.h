// `mozart detokenize`: a JSON token file (as `mozart tokenize` or MidiTok writes) -> a MIDI file.
#pragma once

#include <string>

namespace CLI { class App; }

namespace mozart::cli {

struct DetokenizeOptions {
    std::string input;
    std::string out;
    std::string tokenizer;  // empty: tokenizer.json beside the input or in a parent folder, else default
    bool force = false;
};

CLI::App* addDetokenizeCommand(CLI::App& app, DetokenizeOptions& options);
int runDetokenize(const DetokenizeOptions& options);

}  // namespace mozart::cli
