// GradientAllReduce: the data-parallel exchange of one training step (TrainingStepper's
// GradientExchange). Before the forward pass the ranks sum their non-PAD target counts, so every
// rank normalizes its loss by the combined batch's count; after backward they sum the gradients.
// The summed gradient is then exactly the gradient of the combined batch (up to the order of
// float additions), the same on every rank, so the identical AdamW updates keep the weights equal.
//
// Gradients travel in buckets of about `bucketBytes` (float32, parameters in reverse order, the
// order backward produces them): each bucket is copied into one flat buffer and all bucket
// all-reduces are started before the first is waited for, so copying overlaps sending. With
// `overlap`, a bucket's all-reduce starts during backward, as soon as its last gradient is
// computed (through tensor hooks), the way PyTorch's DistributedDataParallel does.
// Timing: lastSeconds() is the wall time of the last step's exchange spent outside the model
// (copies, the all-reduce and waiting for the slowest rank).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <ATen/core/Tensor.h>

#include "train/DistributedGroup.h"
#include "train/TrainingStepper.h"

namespace mozart::train {

class GradientAllReduce : public GradientExchange {
public:
    // `parameters`: the tensors the optimizer updates (float32, requiring grad), on every rank in
    // the same order and shapes.
    GradientAllReduce(DistributedGroup& group, std::vector<at::Tensor> parameters,
                      std::size_t bucketBytes = std::size_t(4) << 20, bool overlap = false);
    ~GradientAllReduce() override;

    std::int64_t totalTokens(std::int64_t localTokens) override;
    void lastBackward(bool last) override;
    double sumGradients(double localLoss) override;

    double lastSeconds() const { return lastSeconds_; }
    std::int64_t localTokens() const { return localTokens_; }
    std::size_t gradientBytes() const { return gradientBytes_; }
    std::size_t bucketCount() const { return buckets_.size(); }

private:
    struct Bucket;
    void fillBucket(Bucket& bucket);
    void onGradient(std::size_t bucket, std::size_t slot, const at::Tensor& grad);

    DistributedGroup& group_;
    std::vector<at::Tensor> parameters_;
    std::vector<std::unique_ptr<Bucket>> buckets_;
    bool overlap_ = false;
    bool lastBackward_ = false;
    std::int64_t localTokens_ = 0;
    std::size_t gradientBytes_ = 0;
    double lastSeconds_ = 0;
    double hookSeconds_ = 0;
};

}  // namespace mozart::train
