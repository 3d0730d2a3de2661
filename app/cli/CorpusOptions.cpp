#include "cli/CorpusOptions.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/TerminalProgress.h"
#include "data/ParallelFor.h"
#include "data/TokenCache.h"

namespace mozart::cli {

void addCorpusOptions(CLI::App& cmd, CorpusChoice& c) {
    cmd.add_option("--data", c.folder, "Folder of MIDI files (first sub-folder level = composer/style label)")
        ->required();
    cmd.add_option("--cache", c.cacheDir, "Token cache folder (default: ~/.cache/mozart/token-cache)");
    cmd.add_flag("--no-cache", c.noCache, "Keep the tokens in memory only");
    cmd.add_option("--jobs,-j", c.jobs, "Threads for reading MIDI files (default: all cores)");
    cmd.add_option("--split", c.split, "Train,validation,test fractions of the pieces")->capture_default_str();
    cmd.add_option("--split-seed", c.splitSeed, "Seed of the split (keep it to evaluate on the same parts)")
        ->capture_default_str();
}

std::optional<train::TrainingCorpus> openCorpus(const CorpusChoice& c, const remi::TokenizerConfig& tokenizer,
                                                std::size_t windowLength, bool disjointWindows,
                                                const char* command) {
    train::CorpusOptions o;
    o.folder = c.folder;
    o.tokenizer = tokenizer;
    o.cacheDirectory = c.noCache ? std::string() : c.cacheDir.empty() ? data::defaultTokenCacheDirectory() : c.cacheDir;
    o.threads = c.jobs ? c.jobs : data::defaultThreadCount();
    o.split.seed = c.splitSeed;
    double f[3] = {0, 0, 0};
    char tail = 0;
    if (std::sscanf(c.split.c_str(), "%lf,%lf,%lf%c", &f[0], &f[1], &f[2], &tail) != 3) {
        std::fprintf(stderr, "mozart %s: --split takes three fractions like 0.9,0.05,0.05\n", command);
        return std::nullopt;
    }
    o.split.train = f[0];
    o.split.validation = f[1];
    o.split.test = f[2];
    o.windowLength = windowLength;
    o.windowStride = disjointWindows ? windowLength : 0;
    std::unique_ptr<TerminalProgress> progress;
    o.progress = [&](const data::ScanProgress& p) {
        if (!progress) progress = std::make_unique<TerminalProgress>("reading", p.total);
        progress->advance(p.file);
    };
    std::string error;
    auto corpus = train::TrainingCorpus::open(o, &error);
    if (progress) progress->finish();
    if (!corpus) std::fprintf(stderr, "mozart %s: %s\n", command, error.c_str());
    return corpus;
}

}  // namespace mozart::cli
