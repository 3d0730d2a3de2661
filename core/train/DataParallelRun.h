// DataParallelRun: what a TrainingSession does differently as one rank of a data-parallel run
// (DistributedGroup.h), kept out of the session's own code:
//
// - every rank trains the same model on its shard of each combined batch (BatchSampler::sharded);
//   GradientAllReduce sums the gradients, so the ranks' weights stay identical;
// - rank 0 alone writes the run folder (config.json, metrics.jsonl, checkpoints); the others
//   receive rank 0's weights, optimizer moments and run state before the first step, so they
//   need neither a copy of the checkpoint nor the same start;
// - whether to stop (cancel, time limit, a stranger on the store port) is agreed between steps
//   by every rank, so no rank waits for a partner that has left;
// - rank 0's metrics record the world size, each rank's tokens/s, the all-reduce time and the
//   share of the step spent communicating.
//
// Effective batch: --batch rows per rank, so batchSize x worldSize rows per optimizer step.
// Resuming with another world size keeps the data position (in windows of the epoch, rounded up
// to a whole new combined batch) and the optimizer state; the schedule goes on by steps.
// One thread (the session's) uses it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "train/TrainingCheckpoint.h"
#include "train/TrainingSession.h"

namespace mozart::train {

class DistributedGroup;
class GradientAllReduce;
class TrainingStepper;

// The next batch index (epoch * batchesPerEpoch + batch) of a resumed run with `worldSize`
// ranks, from a checkpoint made with saved.worldSize: the same index when they agree, else the
// windows already read this epoch rounded up to whole combined batches of the new size.
std::uint64_t resumedDataIndex(const TrainerState& saved, std::int64_t worldSize, std::size_t batchSize,
                               std::size_t batchesPerEpoch);

class DataParallelRun {
public:
    DataParallelRun(std::shared_ptr<DistributedGroup> group, TrainingStepper& stepper, const TrainerConfig& config,
                    bool overlap);
    ~DataParallelRun();

    int rank() const;
    int worldSize() const;
    bool writes() const { return rank() == 0; }

    // Every rank after its open(): its own error, or the ranks whose open() failed.
    std::optional<std::string> agreeOpened(const std::optional<std::string>& own);
    // Before the first step: rank 0's trained weights, AdamW moments and steps, run state and
    // data position to every rank; ranks above 0 then reseed dropout differently from rank 0.
    void synchronize(TrainerState& state, std::uint64_t& dataIndex);
    // Between steps on every rank: nullopt to go on, else the reason every rank stops with
    // (Failed with `error` for a stranger on the store port).
    std::optional<StopReason> agreeToStop(bool cancelled, bool timeUp, std::string* error);
    // Right after a step: counts it for this rank's tokens/s (its tokens over the time from the
    // agreement to here: batch and step, as the session's own tokens/s) and adds world_size,
    // rank_tokens_per_second (every rank's, as of the previous agreement), allreduce_seconds and
    // communication_share (of this step, on this rank).
    void addStepFields(nlohmann::json& event);

private:
    std::shared_ptr<DistributedGroup> group_;
    TrainingStepper& stepper_;
    TrainerConfig config_;
    std::unique_ptr<GradientAllReduce> exchange_;
    std::vector<double> rankTokensPerSecond_;
    double localTokens_ = 0, localSeconds_ = 0;
    std::int64_t lastAgreement_ = 0;  // steady clock, nanoseconds
};

}  // namespace mozart::train
