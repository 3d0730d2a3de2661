#include "train/DataParallelRun.h"

#include <chrono>
#include <cmath>
#include <limits>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "train/DistributedGroup.h"
#include "train/GradientAllReduce.h"
#include "train/TrainingStepper.h"

namespace mozart::train {

namespace {

std::int64_t nowNanoseconds() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::vector<at::Tensor> trainedTensors(TrainingStepper& stepper) {
    std::vector<at::Tensor> out;
    for (const auto& p : stepper.optimizer().parameters()) out.push_back(p.tensor);
    return out;
}

}  // namespace

std::uint64_t resumedDataIndex(const TrainerState& saved, std::int64_t worldSize, std::size_t batchSize,
                               std::size_t batchesPerEpoch) {
    const std::uint64_t perEpoch = std::max<std::size_t>(1, batchesPerEpoch);
    if (saved.worldSize == worldSize) return saved.dataEpoch * perEpoch + saved.dataBatch;
    const std::uint64_t windowsRead = saved.dataBatch * batchSize * std::uint64_t(saved.worldSize);
    const std::uint64_t combined = batchSize * std::uint64_t(std::max<std::int64_t>(1, worldSize));
    const std::uint64_t batch = (windowsRead + combined - 1) / combined;
    return batch >= perEpoch ? (saved.dataEpoch + 1) * perEpoch : saved.dataEpoch * perEpoch + batch;
}

DataParallelRun::DataParallelRun(std::shared_ptr<DistributedGroup> group, TrainingStepper& stepper,
                                 const TrainerConfig& config, bool overlap)
    : group_(std::move(group)), stepper_(stepper), config_(config) {
    exchange_ = std::make_unique<GradientAllReduce>(*group_, trainedTensors(stepper_), std::size_t(4) << 20, overlap);
    stepper_.setGradientExchange(exchange_.get());
    rankTokensPerSecond_.assign(std::size_t(group_->worldSize()), 0.0);
}

DataParallelRun::~DataParallelRun() { stepper_.setGradientExchange(nullptr); }

int DataParallelRun::rank() const { return group_->rank(); }
int DataParallelRun::worldSize() const { return group_->worldSize(); }

std::optional<std::string> DataParallelRun::agreeOpened(const std::optional<std::string>& own) {
    std::vector<at::Tensor> failed{at::zeros({worldSize()}, at::kLong)};
    if (own) failed[0][rank()] = 1;
    group_->allReduceSum(failed, "checking that every rank opened the run");
    if (own) return own;
    std::string ranks;
    for (int r = 0; r < worldSize(); ++r)
        if (failed[0][r].item<std::int64_t>() != 0) ranks += (ranks.empty() ? "" : ", ") + std::to_string(r);
    if (ranks.empty()) return std::nullopt;
    return "rank " + std::to_string(rank()) + ": stopping because rank " + ranks +
           " could not open the run (its own message says why)";
}

void DataParallelRun::synchronize(TrainerState& state, std::uint64_t& dataIndex) {
    at::NoGradGuard noGrad;
    AdamW& optimizer = stepper_.optimizer();
    std::vector<at::Tensor> tensors = trainedTensors(stepper_);
    for (const auto& m : optimizer.firstMoments()) tensors.push_back(m);
    for (const auto& v : optimizer.secondMoments()) tensors.push_back(v);
    const double inf = std::numeric_limits<double>::infinity();
    at::Tensor scalars = at::tensor(std::vector<double>{double(state.step), state.elapsedSeconds, double(state.tokensSeen),
                                                        std::isfinite(state.bestValidationLoss) ? state.bestValidationLoss : -1.0,
                                                        double(dataIndex), double(optimizer.steps())},
                                    at::kDouble);
    tensors.push_back(scalars);
    group_->broadcast(tensors, 0, "receiving rank 0's weights and optimizer state");
    const double* s = scalars.data_ptr<double>();
    state.step = std::int64_t(s[0]);
    state.elapsedSeconds = s[1];
    state.tokensSeen = std::int64_t(s[2]);
    state.bestValidationLoss = s[3] < 0 ? inf : s[3];
    dataIndex = std::uint64_t(s[4]);
    state.worldSize = worldSize();
    if (rank() != 0) {
        std::string why;
        optimizer.restore(optimizer.firstMoments(), optimizer.secondMoments(), std::int64_t(s[5]), &why);
        // Each rank draws its own dropout masks (its rows differ from rank 0's anyway).
        at::manual_seed(config_.seed + 1000003ull * std::uint64_t(rank()) + std::uint64_t(state.step));
    }
    lastAgreement_ = nowNanoseconds();
}

std::optional<StopReason> DataParallelRun::agreeToStop(bool cancelled, bool timeUp, std::string* error) {
    const int W = worldSize();
    const std::string stray = group_->strayConnection();
    std::vector<at::Tensor> votes{at::zeros({3 + W}, at::kDouble)};
    double* v = votes[0].data_ptr<double>();
    v[0] = cancelled ? 1 : 0;
    v[1] = timeUp ? 1 : 0;
    v[2] = stray.empty() ? 0 : 1;
    v[3 + rank()] = localSeconds_ > 0 ? localTokens_ / localSeconds_ : 0;
    group_->allReduceSum(votes, "agreeing whether to go on");
    for (int r = 0; r < W; ++r) rankTokensPerSecond_[std::size_t(r)] = v[3 + r];
    if (v[2] > 0) {
        if (error)
            *error = stray.empty() ? "rank " + std::to_string(rank()) +
                                         ": rank 0 stopped the run: a stranger connected to its store port "
                                         "(the run must stay on a trusted network)"
                                   : "rank 0: " + stray;
        return StopReason::Failed;
    }
    if (v[0] > 0) return StopReason::Cancelled;
    if (v[1] > 0) return StopReason::TimeLimit;
    lastAgreement_ = nowNanoseconds();
    return std::nullopt;
}

void DataParallelRun::addStepFields(nlohmann::json& event) {
    const double step = double(nowNanoseconds() - lastAgreement_) * 1e-9;
    localSeconds_ += step;
    localTokens_ += double(exchange_->localTokens());
    event["world_size"] = worldSize();
    event["rank_tokens_per_second"] = rankTokensPerSecond_;
    event["allreduce_seconds"] = exchange_->lastSeconds();
    event["communication_share"] = step > 0 ? std::min(1.0, exchange_->lastSeconds() / step) : 0.0;
}

}  // namespace mozart::train
