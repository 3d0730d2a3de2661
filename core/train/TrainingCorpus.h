// TrainingCorpus: a folder of MIDI files made ready for training and evaluation, through the
// data pipeline (Dataset with its token cache, DatasetSplit, TrainingWindows per part): the
// windows of each part, the label names, and batch samplers over them. No LibTorch here.
// open() is long work on the calling thread (progress and cancel as in TokenCache.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/BatchSampler.h"
#include "data/Dataset.h"
#include "data/DatasetSplit.h"
#include "data/TrainingWindows.h"
#include "remi/RemiTokenizer.h"
#include "remi/TokenizerConfig.h"

namespace mozart::train {

struct CorpusOptions {
    std::string folder;
    remi::TokenizerConfig tokenizer;
    std::string cacheDirectory;  // empty: in memory only
    unsigned threads = 1;
    data::SplitConfig split;
    std::size_t windowLength = 512;
    std::size_t windowStride = 0;  // 0: windowLength / 2
    std::function<void(const data::ScanProgress&)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

class TrainingCorpus {
public:
    // nullopt with `error` (the folder, the cache, the split or an empty training part).
    static std::optional<TrainingCorpus> open(const CorpusOptions& options, std::string* error);

    const data::Dataset& dataset() const { return *dataset_; }
    const remi::RemiTokenizer& tokenizer() const { return *tokenizer_; }
    const std::vector<std::string>& labels() const { return dataset_->labels(); }
    std::int64_t padId() const;
    // Windows of a part (may hold no window: a tiny folder can have an empty validation part).
    std::shared_ptr<const data::TrainingWindows> windows(data::DatasetPart part) const;
    // Shuffled batches for training, in order for validation and test (last batch padded).
    // Augmentation (random transposition, velocity shifts) and fill-in-the-middle rearrangement
    // (infillingRate of the rows) apply to the training part only.
    std::shared_ptr<const data::BatchSampler> sampler(data::DatasetPart part, std::size_t batchSize,
                                                       std::uint64_t seed, std::string* error,
                                                       const data::AugmentationConfig& augmentation = {},
                                                       double infillingRate = 0) const;
    // The fill-in-the-middle setup for this corpus's tokenizer (markers after its vocabulary).
    data::InfillingConfig infilling(double rate) const;

private:
    std::shared_ptr<const remi::RemiTokenizer> tokenizer_;
    std::shared_ptr<const data::Dataset> dataset_;
    std::shared_ptr<const data::TrainingWindows> parts_[3];
};

}  // namespace mozart::train
