// FolderCopyIndex: the copy index of a MIDI folder's training part, as `mozart train` splits it,
// opened from nothing but the folder and the model's tokenizer: what the studio's generation
// history (and any caller that has a model file and the folder it was trained on) needs before
// calling copyCheck() (CopyIndex.h). The token cache and the index cache make every open after
// the first one quick (TrainingCopyIndex.h).
//
// Long work on the calling thread (plus `threads - 1` helpers); `cancel` is checked between files.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "data/DatasetSplit.h"
#include "eval/CopyIndex.h"

namespace mozart::eval {

struct FolderCopyIndexOptions {
    data::SplitConfig split;     // `mozart train`'s default split unless the caller knows better
    std::string cacheDirectory;  // token and index caches; empty: data::defaultTokenCacheDirectory()
    bool noCache = false;        // build everything in memory only
    unsigned threads = 1;
    const std::atomic<bool>* cancel = nullptr;
};

struct FolderCopyIndexResult {
    std::shared_ptr<const CopyIndex> index;  // null on error or cancel
    std::string error;                       // a sentence naming the folder and the problem
    std::size_t trainingPieces = 0;
    bool cancelled = false;
};

// `tokenizerJson`: the model's tokenizer configuration (MidiTok JSON, ModelFileInfo::tokenizerConfig).
FolderCopyIndexResult openFolderCopyIndex(const std::string& folder, const std::string& tokenizerJson,
                                          const FolderCopyIndexOptions& options);

}  // namespace mozart::eval
