// `mozart generate --copy-check`: for each piece written, the longest run of consecutive notes
// (pitch and onset intervals, so transposed and shifted copies count) that it shares with any
// piece of the model's training part, through the copy index of that part (built once, cached
// beside the token cache; core/eval FolderCopyIndex.h and CopyCheck.h).
//
// The training data is the folder the model file records (`mozart train` writes "data_folder",
// "split" and "split_seed" into it), else --data DIR with --split/--split-seed as `mozart eval`
// takes them; without either the command refuses before generating anything.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "data/DatasetSplit.h"
#include "midi/Score.h"

namespace CLI { class App; }
namespace mozart::eval { class CopyIndex; }

namespace mozart::cli {

struct CopyCheckOptions {
    bool enabled = false;
    std::string data;                        // empty: the folder the model records
    std::string split;                       // empty: the model's split, else 0.9,0.05,0.05
    std::optional<std::uint64_t> splitSeed;  // empty: the model's seed, else 0
    std::string cacheDir;                    // empty: the per-user cache folder
    bool noCache = false;
    unsigned jobs = 0;
};

void addCopyCheckOptions(CLI::App& command, CopyCheckOptions& options);

struct CopyCheck {
    std::shared_ptr<const eval::CopyIndex> index;
    std::string folder;
    data::SplitConfig split;
    std::size_t trainingPieces = 0;
};

// Finds the training data (options, else the model's notes) and opens its copy index, telling
// on stderr what it uses. 0, or the exit code after printing why not (2: no data to check against).
int openCopyCheck(const CopyCheckOptions& options, const std::map<std::string, std::string>& modelNotes,
                  const std::string& tokenizerJson, CopyCheck& out);

// Prints "  longest run shared with training piece X: N notes (at bar B)" for `piece` and
// returns the figure as JSON for its recipe ("copy_check").
nlohmann::json reportCopy(const CopyCheck& check, const midi::Score& piece);

}  // namespace mozart::cli
