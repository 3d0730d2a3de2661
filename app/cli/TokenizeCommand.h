// `mozart tokenize`: MIDI files and folders -> MidiTok-layout JSON token files.
#pragma once

#include <string>
#include <vector>

namespace CLI { class App; }

namespace mozart::cli {

struct TokenizeOptions {
    std::vector<std::string> inputs;
    std::string outDir;
    std::string tokenizer = "default";
    unsigned jobs = 0;  // 0: every core
};

CLI::App* addTokenizeCommand(CLI::App& app, TokenizeOptions& options);
int runTokenize(const TokenizeOptions& options);

}  // namespace mozart::cli
