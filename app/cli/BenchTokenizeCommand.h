// `mozart bench tokenize`: reads and tokenizes every MIDI file under a folder and prints
// files/s, notes/s and tokens/s, cold (page cache dropped for those files) and warm.
#pragma once

#include <string>

namespace CLI { class App; }

namespace mozart::cli {

struct BenchTokenizeOptions {
    std::string folder;
    std::string tokenizer = "default";
    unsigned jobs = 0;  // 0: every core
    int runs = 5;       // warm runs; the median is reported
};

CLI::App* addBenchTokenizeCommand(CLI::App& bench, BenchTokenizeOptions& options);
int runBenchTokenize(const BenchTokenizeOptions& options);

}  // namespace mozart::cli
