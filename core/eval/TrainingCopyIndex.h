// TrainingCopyIndex: the copy index of a dataset's training part, built once and kept in a
// cache file beside the token cache: what `mozart eval` and `mozart generate --copy-check`
// (and the studio's generation history) open before calling copyCheck() (CopyIndex.h).
//
// The cache file's key digests the tokenizer configuration and every training piece's path and
// content digest, so a changed split, tokenizer or file makes a new index; an existing file with
// another key, or a damaged one, is rebuilt and replaced (atomically).
#pragma once

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

}  // namespace mozart::eval
