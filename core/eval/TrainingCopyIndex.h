// TrainingCopyIndex: the copy index of a dataset's training part, built once and kept in a
// cache file beside the token cache: what `mozart eval` and `mozart generate --copy-check`
// (and the studio's generation history) open before calling copyCheck() (CopyIndex.h).
//
// The cache file's key digests the tokenizer configuration and every training piece's path and
// content digest, so a changed split, tokenizer or file makes a new index; an existing file with
// another key, or a damaged one, is rebuilt and replaced (atomically).
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "data/Dataset.h"
#include "eval/CopyIndex.h"
#include "eval/CorpusPieces.h"

namespace mozart::eval {

std::string copyIndexKey(const data::Dataset& dataset, const std::vector<std::size_t>& trainingPieces,
                         const std::string& tokenizerJson);
// "<folder name>-copy-<16 hex digits of the key>.mzci" inside `cacheDirectory`.
std::string copyIndexPath(const std::string& cacheDirectory, const std::string& folder, const std::string& key);

std::vector<CopyIndex::Entry> copyIndexEntries(const std::vector<CorpusPiece>& pieces);

struct CopyIndexOpenResult {
    std::optional<CopyIndex> index;
    bool fromCache = false;    // read from `path`
    bool written = false;      // built and saved to `path`
    std::string note;          // why the cache was not used or not saved ("" when all went well)
};
// Loads the index at `path` when its key matches, else calls `build` (nullopt: cancelled) and
// saves the result there. An empty `path` builds in memory only.
CopyIndexOpenResult openCopyIndex(const std::string& path, const std::string& key,
                                  const std::function<std::optional<std::vector<CopyIndex::Entry>>()>& build);

// The whole job for a dataset's training pieces (DatasetSplit's `train`, the pieces `mozart train`
// learns from): the key, the cache file (`cacheFile`, else one named by copyIndexPath() in
// `cacheDirectory`, else none), and on a miss the pieces read (CorpusPieces.h; those in `loaded`
// are taken from there instead) and the index built and saved. Long work on the calling thread
// plus `threads - 1` helpers; `progress` may come from any of them. index is empty on cancel.
struct TrainingCopyIndexOptions {
    std::string cacheDirectory;
    std::string cacheFile;
    unsigned threads = 1;
    const std::vector<CorpusPiece>* loaded = nullptr;
    std::function<void(std::size_t done, std::size_t total)> progress;
    const std::atomic<bool>* cancel = nullptr;
};
struct TrainingCopyIndexResult : CopyIndexOpenResult {
    std::string path;                 // the cache file used ("" without one)
    std::vector<std::string> errors;  // training files that could not be read (left out)
};
TrainingCopyIndexResult openTrainingCopyIndex(const data::Dataset& dataset, const std::vector<std::size_t>& trainingPieces,
                                              const remi::RemiTokenizer& tokenizer, const TrainingCopyIndexOptions& options);

}  // namespace mozart::eval
