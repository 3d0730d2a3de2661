#include "train/TrainingCorpus.h"

namespace mozart::train {

std::optional<TrainingCorpus> TrainingCorpus::open(const CorpusOptions& o, std::string* error) {
    TrainingCorpus corpus;
    corpus.tokenizer_ = std::make_shared<remi::RemiTokenizer>(o.tokenizer);
    data::TokenCacheOptions cache;
    cache.cacheDirectory = o.cacheDirectory;
    cache.threads = std::max(1u, o.threads);
    cache.progress = o.progress;
    cache.cancel = o.cancel;
    data::DatasetOpenResult opened = data::Dataset::open(o.folder, *corpus.tokenizer_, cache);
    if (!opened.dataset) {
        if (error) *error = opened.cache.cancelled ? "cancelled" : o.folder + ": " + opened.error;
        return std::nullopt;
    }
    corpus.dataset_ = std::make_shared<const data::Dataset>(std::move(*opened.dataset));
    const auto split = data::splitDataset(*corpus.dataset_, o.split, error);
    if (!split) return std::nullopt;
    data::WindowConfig windows;
    windows.length = o.windowLength;
    windows.stride = o.windowStride ? o.windowStride : std::max<std::size_t>(1, o.windowLength / 2);
    const remi::Vocabulary vocabulary(o.tokenizer);
    for (auto part : {data::DatasetPart::Train, data::DatasetPart::Validation, data::DatasetPart::Test}) {
        auto built = data::TrainingWindows::build(*corpus.dataset_, split->part(part), windows, vocabulary, error);
        if (!built) return std::nullopt;
        corpus.parts_[int(part)] = std::make_shared<const data::TrainingWindows>(std::move(*built));
    }
    if (corpus.parts_[0]->size() == 0) {
        if (error) *error = o.folder + ": no training windows (no usable MIDI file in the training part)";
        return std::nullopt;
    }
    return corpus;
}

std::int64_t TrainingCorpus::padId() const { return parts_[0]->padId(); }

data::InfillingConfig TrainingCorpus::infilling(double rate) const {
    const remi::Vocabulary vocabulary(tokenizer_->config());
    data::InfillingConfig c;
    c.rate = rate;
    c.barId = vocabulary.id("Bar_None");
    c.padId = padId();
    c.tokens = data::infillingTokensAfter(std::int64_t(vocabulary.size()));
    return c;
}

std::shared_ptr<const data::TrainingWindows> TrainingCorpus::windows(data::DatasetPart part) const {
    return parts_[int(part)];
}

std::shared_ptr<const data::BatchSampler> TrainingCorpus::sampler(data::DatasetPart part, std::size_t batchSize,
                                                                   std::uint64_t seed, std::string* error,
                                                                   const data::AugmentationConfig& augmentation,
                                                                   double infillingRate) const {
    data::SamplerConfig config;
    config.batchSize = batchSize;
    config.seed = seed;
    const bool training = part == data::DatasetPart::Train;
    config.shuffle = training;
    config.dropLast = training && parts_[int(part)]->size() >= batchSize;
    std::shared_ptr<const data::TokenAugmenter> augmenter;
    if (training && (augmentation.maxTranspose > 0 || augmentation.maxVelocityShift > 0)) {
        config.augmentation = augmentation;
        augmenter = std::make_shared<const data::TokenAugmenter>(*tokenizer_);
    }
    if (training && infillingRate > 0) config.infilling = infilling(infillingRate);
    auto sampler = data::BatchSampler::create(parts_[int(part)], config, augmenter, error);
    if (!sampler) return nullptr;
    return std::make_shared<const data::BatchSampler>(*sampler);
}

}  // namespace mozart::train
