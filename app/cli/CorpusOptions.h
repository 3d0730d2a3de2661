// CorpusOptions (CLI): the options `mozart train` and `mozart eval` share to open a folder of
// MIDI files through the data pipeline (tokenizer, token cache, split), and the opening itself
// with a progress line on the terminal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "remi/TokenizerConfig.h"
#include "train/TrainingCorpus.h"

namespace CLI { class App; }

namespace mozart::cli {

struct CorpusChoice {
    std::string folder;
    std::string cacheDir;  // empty: the per-user cache folder
    bool noCache = false;
    unsigned jobs = 0;
    std::uint64_t splitSeed = 0;
    std::string split = "0.9,0.05,0.05";
};

void addCorpusOptions(CLI::App& command, CorpusChoice& choice);

// Opens the corpus with windows of `windowLength` ids (stride: half a window, or a whole one
// with `disjointWindows`). Prints what went wrong, prefixed with `command`, and returns nullopt.
std::optional<train::TrainingCorpus> openCorpus(const CorpusChoice& choice, const remi::TokenizerConfig& tokenizer,
                                                std::size_t windowLength, bool disjointWindows,
                                                const char* command);

}  // namespace mozart::cli
