// `mozart dataset`: opens a folder of MIDI files as a training dataset (through the token cache)
// and prints its statistics per style label, the duplicates dropped, the files that failed and
// the sizes of the train / validation / test split; --json prints the same as one JSON object.
#pragma once

#include <cstdint>
#include <string>

namespace CLI { class App; }

namespace mozart::cli {

struct DatasetOptions {
    std::string folder;
    std::string tokenizer = "default";
    std::string cacheDir;  // empty: the per-user cache folder
    bool noCache = false;
    bool json = false;
    unsigned jobs = 0;
    std::uint64_t seed = 0;
    std::string split = "0.9,0.05,0.05";
};

CLI::App* addDatasetCommand(CLI::App& app, DatasetOptions& options);
int runDataset(const DatasetOptions& options);

}  // namespace mozart::cli
