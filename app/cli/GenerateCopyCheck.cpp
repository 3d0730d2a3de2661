#include "cli/GenerateCopyCheck.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "data/ParallelFor.h"
#include "eval/CopyCheck.h"
#include "eval/FolderCopyIndex.h"

namespace mozart::cli {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> stopIndex{false};

extern "C" void stopIndexOnSignal(int) {
    stopIndex.store(true);
    std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C quits at once
}

void say(const std::string& text) { std::fprintf(stderr, "mozart generate: %s\n", text.c_str()); }

std::string splitText(const data::SplitConfig& s) {
    char line[128];
    std::snprintf(line, sizeof line, "%g,%g,%g, seed %llu", s.train, s.validation, s.test, (unsigned long long)s.seed);
    return line;
}

// The folder and split to check against; "" or why there is none.
std::string chooseData(const CopyCheckOptions& o, const eval::RecordedTrainingData& recorded, CopyCheck& out) {
    out.split = recorded.split;  // the model's own split (mozart train's defaults when not recorded)
    if (!o.data.empty()) {
        out.folder = o.data;
    } else if (!recorded.folder.empty()) {
        std::error_code ec;
        if (!fs::is_directory(recorded.folder, ec))
            return "--copy-check: the model was trained on " + recorded.folder +
                   ", which is not there any more; give the training data with --data DIR";
        out.folder = recorded.folder;
    } else {
        return "--copy-check needs the model's training data: this model file does not record where it is" +
               (recorded.folderName.empty() ? std::string()
                                            : std::string(" (only its name, \"") + recorded.folderName + "\")") +
               "; give it with --data DIR (and --split/--split-seed if it was trained with others than "
               "0.9,0.05,0.05 and 0)";
    }
    if (!o.split.empty()) {
        auto parsed = eval::parseSplitFractions(o.split, out.split.seed);
        if (!parsed) return "--split takes three fractions like 0.9,0.05,0.05";
        out.split = *parsed;
    }
    if (o.splitSeed) out.split.seed = *o.splitSeed;
    return {};
}

}  // namespace

void addCopyCheckOptions(CLI::App& cmd, CopyCheckOptions& o) {
    cmd.add_flag("--copy-check", o.enabled,
                 "Report, per piece, the longest run of notes it shares with a training piece (transposed too)");
    cmd.add_option("--data", o.data,
                   "--copy-check: the model's training folder (default: the one the model file records)");
    cmd.add_option("--split", o.split, "--copy-check: train,validation,test fractions the model was trained with "
                                       "(default: the model's, else 0.9,0.05,0.05)");
    cmd.add_option("--split-seed", o.splitSeed, "--copy-check: seed of that split (default: the model's, else 0)");
    cmd.add_option("--cache", o.cacheDir, "--copy-check: token and index cache folder (default: ~/.cache/mozart/token-cache)");
    cmd.add_flag("--no-cache", o.noCache, "--copy-check: keep the copy index in memory only");
    cmd.add_option("--jobs,-j", o.jobs, "--copy-check: threads for reading the training files (default: all cores)");
}

int openCopyCheck(const CopyCheckOptions& o, const std::map<std::string, std::string>& notes,
                  const std::string& tokenizerJson, CopyCheck& out) {
    if (const std::string why = chooseData(o, eval::recordedTrainingData(notes), out); !why.empty()) {
        say(why);
        return 2;
    }
    say("copy check against the training part of " + out.folder + " (split " + splitText(out.split) +
        "); the first time reads every file, then the index is cached");
    eval::FolderCopyIndexOptions options;
    options.split = out.split;
    options.cacheDirectory = o.cacheDir;
    options.noCache = o.noCache;
    options.threads = o.jobs ? o.jobs : data::defaultThreadCount();
    options.cancel = &stopIndex;
    stopIndex.store(false);
    auto previous = std::signal(SIGINT, stopIndexOnSignal);
    eval::FolderCopyIndexResult opened = eval::openFolderCopyIndex(out.folder, tokenizerJson, options);
    std::signal(SIGINT, previous);
    if (opened.cancelled) {
        say("stopped");
        return 130;
    }
    if (!opened.index) {
        std::fprintf(stderr, "error: %s\n", opened.error.c_str());
        return 1;
    }
    out.index = opened.index;
    out.trainingPieces = opened.trainingPieces;
    return 0;
}

nlohmann::json reportCopy(const CopyCheck& check, const midi::Score& piece) {
    const eval::CopyFigure figure = eval::copyFigure(piece, *check.index);
    std::printf("  %s\n", eval::describeCopy(figure, check.trainingPieces).c_str());
    nlohmann::json j = eval::copyFigureJson(figure);
    j["data"] = check.folder;
    j["split"] = {check.split.train, check.split.validation, check.split.test};
    j["split_seed"] = check.split.seed;
    j["training_pieces"] = check.trainingPieces;
    return j;
}

}  // namespace mozart::cli
