#include "cli/DatasetCommand.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "data/ParallelFor.h"
#include "cli/TerminalProgress.h"
#include "cli/TokenizerChoice.h"
#include "data/Dataset.h"
#include "data/DatasetSplit.h"
#include "data/DatasetStatistics.h"
#include "midi/GeneralMidi.h"
#include "remi/RemiTokenizer.h"

namespace mozart::cli {

namespace {

bool parseFractions(const std::string& text, data::SplitConfig* config) {
    double f[3];
    char comma1 = 0, comma2 = 0;
    std::istringstream in(text);
    if (!(in >> f[0] >> comma1 >> f[1] >> comma2 >> f[2]) || comma1 != ',' || comma2 != ',') return false;
    in >> std::ws;
    if (!in.eof()) return false;
    config->train = f[0];
    config->validation = f[1];
    config->test = f[2];
    return true;
}

std::string hours(double seconds) {
    const long total = long(seconds + 0.5);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
    return buffer;
}

nlohmann::json groupJson(const data::GroupStatistics& g) {
    nlohmann::json j;
    j["label"] = g.label;
    j["files"] = g.files;
    j["pieces"] = g.pieces;
    j["duplicates"] = g.duplicates;
    j["errors"] = g.errors;
    j["notes"] = g.notes;
    j["tokens"] = g.tokens;
    j["seconds"] = g.seconds;
    j["pitch_histogram"] = g.pitchHistogram;
    j["notes_per_second"] = {{"pieces", g.density.pieces}, {"mean", g.density.mean}, {"median", g.density.median},
                             {"min", g.density.min}, {"max", g.density.max}};
    return j;
}

void printGroup(const data::GroupStatistics& g, const char* name) {
    std::printf("  %-14s %6zu %6zu %4zu %4zu %10llu %11llu %10s %7.1f\n", name, g.files, g.pieces, g.duplicates,
                g.errors, (unsigned long long)g.notes, (unsigned long long)g.tokens, hours(g.seconds).c_str(),
                g.density.median);
}

void printPitchHistogram(const data::GroupStatistics& g) {
    std::uint64_t octaves[11] = {}, most = 0, total = 0;
    int lo = -1, hi = -1;
    for (int p = 0; p < 128; ++p) {
        octaves[p / 12] += g.pitchHistogram[p];
        total += g.pitchHistogram[p];
        if (g.pitchHistogram[p]) {
            if (lo < 0) lo = p;
            hi = p;
        }
    }
    if (total == 0) return;
    for (auto o : octaves) most = std::max(most, o);
    std::printf("\nPitched notes by octave (%s to %s):\n", midi::noteName(lo).c_str(), midi::noteName(hi).c_str());
    for (int o = 0; o < 11; ++o) {
        if (!octaves[o]) continue;
        const int bar = int(40.0 * double(octaves[o]) / double(most) + 0.5);
        std::printf("  %-4s %9llu %5.1f%%  %s\n", midi::noteName(o * 12).c_str(), (unsigned long long)octaves[o],
                    100.0 * double(octaves[o]) / double(total), std::string(std::size_t(bar), '#').c_str());
    }
}

}  // namespace

CLI::App* addDatasetCommand(CLI::App& app, DatasetOptions& o) {
    auto* cmd = app.add_subcommand("dataset", "Open a folder of MIDI files as a training dataset: statistics, "
                                              "duplicates, errors and the train/validation/test split");
    cmd->add_option("folder", o.folder, "Folder of MIDI files (first sub-folder level = style label)")->required();
    cmd->add_option("--tokenizer,-t", o.tokenizer, "default, rich or a MidiTok tokenizer.json")->capture_default_str();
    cmd->add_option("--cache", o.cacheDir, "Token cache folder (default: ~/.cache/mozart/token-cache)");
    cmd->add_flag("--no-cache", o.noCache, "Keep everything in memory; read and write no cache");
    cmd->add_flag("--json", o.json, "Print one JSON object instead of text");
    cmd->add_option("--jobs,-j", o.jobs, "Worker threads (default: every core)");
    cmd->add_option("--seed", o.seed, "Split seed")->capture_default_str();
    cmd->add_option("--split", o.split, "Train,validation,test fractions")->capture_default_str();
    return cmd;
}

int runDataset(const DatasetOptions& o) {
    std::string error;
    auto config = resolveTokenizer(o.tokenizer, &error);
    if (!config) {
        std::fprintf(stderr, "mozart dataset: %s\n", error.c_str());
        return 2;
    }
    data::SplitConfig splitConfig;
    splitConfig.seed = o.seed;
    if (!parseFractions(o.split, &splitConfig)) {
        std::fprintf(stderr, "mozart dataset: --split takes three fractions like 0.9,0.05,0.05\n");
        return 2;
    }
    const remi::RemiTokenizer tokenizer(*config);

    data::TokenCacheOptions options;
    options.cacheDirectory = o.noCache ? std::string() : o.cacheDir.empty() ? data::defaultTokenCacheDirectory() : o.cacheDir;
    options.threads = o.jobs ? o.jobs : data::defaultThreadCount();
    std::unique_ptr<TerminalProgress> progress;  // made on the first file read (total known then)
    options.progress = [&](const data::ScanProgress& p) {  // serialized by refreshTokenCache
        if (!progress) progress = std::make_unique<TerminalProgress>("dataset", p.total);
        progress->advance(p.file);
    };
    const auto start = std::chrono::steady_clock::now();
    data::DatasetOpenResult opened = data::Dataset::open(o.folder, tokenizer, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (progress) progress->finish();
    if (!opened.dataset) {
        std::fprintf(stderr, "mozart dataset: %s\n", opened.error.c_str());
        return 1;
    }
    const data::Dataset& dataset = *opened.dataset;
    const data::TokenCacheReport& cache = opened.cache;
    if (!cache.rebuiltBecause.empty()) std::fprintf(stderr, "note: token cache rebuilt: %s\n", cache.rebuiltBecause.c_str());
    if (!cache.writeError.empty()) std::fprintf(stderr, "warning: token cache not saved: %s\n", cache.writeError.c_str());

    const auto stats = data::computeStatistics(dataset);
    const auto split = data::splitDataset(dataset, splitConfig, &error);
    if (!split) {
        std::fprintf(stderr, "mozart dataset: %s\n", error.c_str());
        return 2;
    }

    if (o.json) {
        nlohmann::json j;
        j["folder"] = o.folder;
        j["tokenizer"] = o.tokenizer;
        j["vocabulary_size"] = tokenizer.vocabulary().size();
        j["labels"] = dataset.labels();
        j["open_seconds"] = seconds;
        j["cache"] = {{"file", cache.cacheFile}, {"reused", cache.reused}, {"tokenized", cache.analyzed},
                      {"dropped", cache.dropped}, {"written", cache.written}, {"rebuilt_because", cache.rebuiltBecause},
                      {"write_error", cache.writeError}};
        j["total"] = groupJson(stats.total);
        j["by_label"] = nlohmann::json::array();
        for (const auto& g : stats.byLabel) j["by_label"].push_back(groupJson(g));
        j["duplicates"] = nlohmann::json::array();
        for (const auto& d : dataset.duplicates())
            j["duplicates"].push_back({{"file", dataset.pieces()[d.piece].record.relativePath},
                                       {"kept", dataset.pieces()[d.kept].record.relativePath},
                                       {"reason", d.kind == data::DuplicateKind::SameBytes ? "same bytes" : "same notes"}});
        j["errors"] = nlohmann::json::array();
        for (const auto& e : dataset.errors()) j["errors"].push_back({{"file", e.relativePath}, {"message", e.message}});
        j["warnings"] = nlohmann::json::array();
        for (const auto& p : dataset.pieces())
            if (!p.record.message.empty()) j["warnings"].push_back({{"file", p.record.relativePath}, {"message", p.record.message}});
        j["split"] = {{"seed", splitConfig.seed},
                      {"fractions", {splitConfig.train, splitConfig.validation, splitConfig.test}},
                      {"train", split->train.size()}, {"validation", split->validation.size()}, {"test", split->test.size()}};
        std::printf("%s\n", j.dump(2).c_str());
        return dataset.errors().empty() ? 0 : 1;
    }

    std::printf("Folder:     %s\n", o.folder.c_str());
    std::printf("Tokenizer:  %s (vocabulary %zu)\n", o.tokenizer.c_str(), tokenizer.vocabulary().size());
    std::printf("Opened in:  %.3f s (%zu files from the cache, %zu read and tokenized)\n", seconds, cache.reused,
                cache.analyzed);
    std::printf("Cache:      %s%s\n", cache.cacheFile.empty() ? "none (in memory)" : cache.cacheFile.c_str(),
                cache.written ? " (written)" : "");
    std::printf("\n  %-14s %6s %6s %4s %4s %10s %11s %10s %7s\n", "label", "files", "pieces", "dup", "err", "notes",
                "tokens", "duration", "notes/s");
    for (const auto& g : stats.byLabel) printGroup(g, g.label.empty() ? "(no label)" : g.label.c_str());
    printGroup(stats.total, "total");
    std::printf("  (pieces, notes, tokens, duration: duplicates removed; notes/s: median over pieces, %.1f to %.1f)\n",
                stats.total.density.min, stats.total.density.max);
    printPitchHistogram(stats.total);

    if (!dataset.duplicates().empty()) {
        std::printf("\nDuplicates dropped (%zu):\n", dataset.duplicates().size());
        for (const auto& d : dataset.duplicates())
            std::printf("  %s: %s\n", dataset.pieces()[d.piece].record.relativePath.c_str(), dataset.describe(d).c_str());
    }
    if (!dataset.errors().empty()) {
        std::printf("\nFiles skipped (%zu):\n", dataset.errors().size());
        for (const auto& e : dataset.errors()) std::printf("  %s\n", e.message.c_str());
    }
    std::size_t warned = 0;
    for (const auto& p : dataset.pieces()) warned += !p.record.message.empty();
    if (warned) {
        std::printf("\nWarnings (%zu):\n", warned);
        for (const auto& p : dataset.pieces())
            if (!p.record.message.empty()) std::printf("  %s\n", p.record.message.c_str());
    }
    std::printf("\nSplit (seed %llu, %g/%g/%g, per piece): train %zu, validation %zu, test %zu pieces\n",
                (unsigned long long)splitConfig.seed, splitConfig.train, splitConfig.validation, splitConfig.test,
                split->train.size(), split->validation.size(), split->test.size());
    return dataset.errors().empty() ? 0 : 1;
}

}  // namespace mozart::cli
