#include "data/BatchSampler.h"

#include <algorithm>
#include <numeric>

namespace mozart::data {

namespace {

// SplitMix64: small, fast, and the same on every platform (std:: distributions are not).
struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n) by rejection (no modulo bias).
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % n);
        for (;;) {
            const std::uint64_t v = next();
            if (v < limit) return v % n;
        }
    }
    int between(int lo, int hi) { return lo + int(below(std::uint64_t(hi - lo + 1))); }
};

std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    SplitMix64 m{a};
    m.state ^= m.next() + b;
    m.state ^= m.next() + c;
    return m.next();
}

constexpr std::uint64_t kShuffleStream = 1, kAugmentStream = 2, kInfillStream = 3;

}  // namespace

std::optional<BatchSampler> BatchSampler::create(std::shared_ptr<const TrainingWindows> windows,
                                                 const SamplerConfig& config,
                                                 std::shared_ptr<const TokenAugmenter> augmenter, std::string* error) {
    if (!windows) {
        *error = "no windows";
        return std::nullopt;
    }
    if (config.batchSize == 0) {
        *error = "the batch size must be at least 1";
        return std::nullopt;
    }
    if (config.shards == 0 || config.shard >= config.shards) {
        *error = "the shard must be below the number of shards";
        return std::nullopt;
    }
    if (config.augmentation.maxTranspose < 0 || config.augmentation.maxVelocityShift < 0) {
        *error = "augmentation ranges must not be negative";
        return std::nullopt;
    }
    const bool augmenting = config.augmentation.maxTranspose > 0 || config.augmentation.maxVelocityShift > 0;
    if (augmenting && !augmenter) {
        *error = "augmentation needs a TokenAugmenter";
        return std::nullopt;
    }
    std::string why;
    if (config.augmentation.maxTranspose > 0 && !augmenter->canTranspose(&why)) {
        *error = "cannot transpose: " + why;
        return std::nullopt;
    }
    if (!(config.infilling.rate >= 0 && config.infilling.rate <= 1)) {
        *error = "the infilling rate must be between 0 and 1";
        return std::nullopt;
    }
    if (config.infilling.rate > 0 && !config.infilling.enabled()) {
        *error = "infilling needs a Bar token and the three FIM token ids";
        return std::nullopt;
    }
    if (windows->size() > 0xffffffffu) {
        *error = "too many windows";
        return std::nullopt;
    }
    std::optional<BatchSampler> sampler(BatchSampler{});
    sampler->windows_ = std::move(windows);
    sampler->config_ = config;
    if (augmenting) sampler->augmenter_ = std::move(augmenter);
    return sampler;
}

BatchSampler::BatchSampler(const BatchSampler& other)
    : windows_(other.windows_), config_(other.config_), augmenter_(other.augmenter_) {}

BatchSampler BatchSampler::sharded(std::size_t shard, std::size_t shards) const {
    BatchSampler copy(*this);
    copy.config_.shards = std::max<std::size_t>(1, shards);
    copy.config_.shard = std::min(shard, copy.config_.shards - 1);
    if (windows_->size() < copy.config_.batchSize * copy.config_.shards) copy.config_.dropLast = false;
    return copy;
}

std::size_t BatchSampler::batchesPerEpoch() const {
    const std::size_t n = windows_->size(), b = config_.batchSize * config_.shards;
    return config_.dropLast ? n / b : (n + b - 1) / b;
}

std::shared_ptr<const std::vector<std::uint32_t>> BatchSampler::order(std::uint64_t epoch) const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (cachedOrder_ && cachedEpoch_ == epoch) return cachedOrder_;
    auto order = std::make_shared<std::vector<std::uint32_t>>(windows_->size());
    std::iota(order->begin(), order->end(), 0u);
    if (config_.shuffle) {
        SplitMix64 rng{mix(config_.seed, kShuffleStream, epoch)};
        for (std::size_t i = order->size(); i > 1; --i) std::swap((*order)[i - 1], (*order)[rng.below(i)]);
    }
    cachedEpoch_ = epoch;
    cachedOrder_ = order;
    return cachedOrder_;
}

std::vector<std::size_t> BatchSampler::batchWindows(std::uint64_t epoch, std::size_t batch) const {
    std::vector<std::size_t> out;
    if (batch >= batchesPerEpoch()) return out;
    const auto o = order(epoch);
    const std::size_t first = (batch * config_.shards + config_.shard) * config_.batchSize;
    for (std::size_t r = 0; r < config_.batchSize && first + r < o->size(); ++r) out.push_back((*o)[first + r]);
    return out;
}

std::size_t BatchSampler::fillBatch(std::uint64_t epoch, std::size_t batch, std::int64_t* ids,
                                    std::int64_t* labels) const {
    const std::size_t rowLength = windows_->rowLength();
    const std::vector<std::size_t> rows = batchWindows(epoch, batch);
    for (std::size_t r = 0; r < config_.batchSize; ++r) {
        std::int64_t* row = ids + r * rowLength;
        if (r >= rows.size()) {
            std::fill(row, row + rowLength, windows_->padId());
            if (labels) labels[r] = -1;
            continue;
        }
        const std::size_t w = rows[r];
        windows_->fill(w, row);
        if (labels) labels[r] = (*windows_)[w].label;
        const std::uint64_t position = (batch * config_.shards + config_.shard) * config_.batchSize + r;
        if (augmenter_) augmentRow(w, row, epoch, position);
        if (config_.infilling.enabled()) {
            SplitMix64 rng{mix(config_.seed, kInfillStream, mix(epoch, position, 0))};
            const double draw = double(rng.next() >> 11) * 0x1.0p-53;
            if (draw < config_.infilling.rate) rearrangeForInfilling(row, rowLength, config_.infilling, rng.next());
        }
    }
    return rows.size();
}

void BatchSampler::augmentRow(std::size_t w, std::int64_t* row, std::uint64_t epoch, std::uint64_t position) const {
    const std::size_t rowLength = windows_->rowLength();
    SplitMix64 rng{mix(config_.seed, kAugmentStream, mix(epoch, position, 0))};
    const bool drums = augmenter_->needsProgramContext() && augmenter_->startsInDrums(windows_->tokensBefore(w));
    const ShiftRange range = augmenter_->allowedShifts(row, rowLength, drums, config_.augmentation.maxTranspose);
    const int transpose = rng.between(range.lowest, range.highest);
    const int velocity = config_.augmentation.maxVelocityShift > 0
                             ? rng.between(-config_.augmentation.maxVelocityShift, config_.augmentation.maxVelocityShift)
                             : 0;
    augmenter_->apply(row, rowLength, drums, transpose, velocity);
}

}  // namespace mozart::data
