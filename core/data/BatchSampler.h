// BatchSampler: deterministic batches of training windows, reproducible from (seed, epoch,
// batch index) alone, so a run resumed from a checkpoint sees the same batches it would have.
//
// - Epoch e visits every window once, in a permutation drawn from (seed, e) (or in order without
//   shuffling, for validation). Batch b of an epoch holds permutation entries [b*B, (b+1)*B).
//   With dropLast, a last incomplete batch is skipped; without, its missing rows are PAD.
// - Augmentation (training only): each row draws, from (seed, epoch, row position in the epoch),
//   a transposition among the shifts that keep that window in the pitch range
//   (TokenAugmentation.h) within +-maxTranspose, and a velocity shift within +-maxVelocityShift.
// - Infilling (training only): with probability infilling.rate a row is rearranged as
//   [FIM_Prefix] prefix [FIM_Suffix] suffix [FIM_Middle] middle bars, also drawn from
//   (seed, epoch, row position).
// - fillBatch writes int64 ids into the caller's buffer, shape [B, length + 1] row-major (input
//   and target together: the trainer takes [:, :-1] as input and [:, 1:] as target), and
//   optionally the label of each row into [B] (-1 for padding rows and unlabelled pieces).
// Thread-safe: fillBatch may be called from several loader threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "data/FillInTheMiddle.h"
#include "data/TokenAugmentation.h"
#include "data/TrainingWindows.h"

namespace mozart::data {

struct AugmentationConfig {
    int maxTranspose = 0;      // semitones, both ways
    int maxVelocityShift = 0;  // velocity bins, both ways
};

struct SamplerConfig {
    std::size_t batchSize = 16;
    std::uint64_t seed = 0;
    bool shuffle = true;
    bool dropLast = true;
    AugmentationConfig augmentation;
    // Training only: a share of the rows rearranged for fill-in-the-middle (FillInTheMiddle.h),
    // after augmentation, drawn from (seed, epoch, row position) like the augmentation.
    InfillingConfig infilling;
    // Data parallelism: rank `shard` of `shards` reads rows [shard * B, (shard + 1) * B) of each
    // batch of B * shards rows (B = batchSize), so the ranks together read every window of an
    // epoch once, exactly the rows (and augmentation) one process with the combined batch reads.
    std::size_t shards = 1;
    std::size_t shard = 0;
};

class BatchSampler {
public:
    // nullopt with `error` for a zero batch size, negative shifts, or a transposition the
    // tokenizer's ids cannot support (then `augmenter` says why).
    static std::optional<BatchSampler> create(std::shared_ptr<const TrainingWindows> windows, const SamplerConfig& config,
                                              std::shared_ptr<const TokenAugmenter> augmenter, std::string* error);

    std::size_t batchesPerEpoch() const;
    std::size_t batchSize() const { return config_.batchSize; }
    std::size_t rowLength() const { return windows_->rowLength(); }

    // Returns the number of rows that hold windows (batchSize() except for a last partial batch).
    // `ids` holds batchSize() * rowLength() values; `labels` batchSize() values or is null.
    std::size_t fillBatch(std::uint64_t epoch, std::size_t batch, std::int64_t* ids, std::int64_t* labels) const;

    // The windows of batch `batch` of epoch `epoch`, in row order (for tests and logging).
    std::vector<std::size_t> batchWindows(std::uint64_t epoch, std::size_t batch) const;

    // A copy reading shard `shard` of `shards` (SamplerConfig::shards); without dropping a
    // last partial batch when the windows do not fill one combined batch.
    BatchSampler sharded(std::size_t shard, std::size_t shards) const;

    BatchSampler(const BatchSampler& other);
    BatchSampler& operator=(const BatchSampler&) = delete;

private:
    BatchSampler() = default;
    std::shared_ptr<const std::vector<std::uint32_t>> order(std::uint64_t epoch) const;
    void augmentRow(std::size_t window, std::int64_t* row, std::uint64_t epoch, std::uint64_t position) const;

    std::shared_ptr<const TrainingWindows> windows_;
    SamplerConfig config_;
    std::shared_ptr<const TokenAugmenter> augmenter_;

    mutable std::mutex mutex_;  // guards the cached order of the last epoch asked for
    mutable std::uint64_t cachedEpoch_ = 0;
    mutable std::shared_ptr<const std::vector<std::uint32_t>> cachedOrder_;
};

}  // namespace mozart::data
