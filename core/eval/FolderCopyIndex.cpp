#include "eval/FolderCopyIndex.h"

#include <algorithm>

#include "data/Dataset.h"
#include "data/TokenCache.h"
#include "eval/TrainingCopyIndex.h"
#include "remi/RemiTokenizer.h"
#include "remi/TokenizerConfig.h"

namespace mozart::eval {

FolderCopyIndexResult openFolderCopyIndex(const std::string& folder, const std::string& tokenizerJson,
                                          const FolderCopyIndexOptions& options) {
    FolderCopyIndexResult out;
    std::string error;
    const auto config = remi::TokenizerConfig::fromMidiTokJson(tokenizerJson, &error);
    if (!config) {
        out.error = "the model's tokenizer: " + error;
        return out;
    }
    const remi::RemiTokenizer tokenizer(*config);
    const std::string cacheDirectory =
        options.noCache ? std::string() : options.cacheDirectory.empty() ? data::defaultTokenCacheDirectory() : options.cacheDirectory;
    data::TokenCacheOptions cache;
    cache.cacheDirectory = cacheDirectory;
    cache.threads = std::max(1u, options.threads);
    cache.cancel = options.cancel;
    data::DatasetOpenResult opened = data::Dataset::open(folder, tokenizer, cache);
    if (!opened.dataset) {
        out.cancelled = opened.cache.cancelled;
        out.error = out.cancelled ? "cancelled" : folder + ": " + opened.error;
        return out;
    }
    const auto split = data::splitDataset(*opened.dataset, options.split, &error);
    if (!split) {
        out.error = folder + ": " + error;
        return out;
    }
    out.trainingPieces = split->train.size();
    TrainingCopyIndexOptions indexOptions;
    indexOptions.cacheDirectory = cacheDirectory;
    indexOptions.threads = std::max(1u, options.threads);
    indexOptions.cancel = options.cancel;
    TrainingCopyIndexResult index = openTrainingCopyIndex(*opened.dataset, split->train, tokenizer, indexOptions);
    if (!index.index) {
        out.cancelled = options.cancel && options.cancel->load();
        out.error = out.cancelled ? "cancelled" : folder + ": the copy index could not be built" + (index.note.empty() ? std::string() : " (" + index.note + ")");
        return out;
    }
    out.index = std::make_shared<const CopyIndex>(std::move(*index.index));
    return out;
}

}  // namespace mozart::eval
