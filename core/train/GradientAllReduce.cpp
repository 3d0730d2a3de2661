#include "train/GradientAllReduce.h"

#include <chrono>

#include <ATen/ATen.h>

namespace mozart::train {

using Clock = std::chrono::steady_clock;

namespace {
double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
}  // namespace

struct GradientAllReduce::Bucket {
    std::vector<std::size_t> parameters;  // indices into parameters_
    std::vector<std::int64_t> offsets;    // of each parameter in `flat`
    at::Tensor flat;                      // float32; the last bucket carries the loss after the gradients
    std::size_t ready = 0;                // gradients copied in during this backward (overlap)
    std::unique_ptr<DistributedGroup::Pending> pending;
};

GradientAllReduce::GradientAllReduce(DistributedGroup& group, std::vector<at::Tensor> parameters,
                                     std::size_t bucketBytes, bool overlap)
    : group_(group), parameters_(std::move(parameters)), overlap_(overlap) {
    const std::int64_t bucketElements = std::max<std::int64_t>(1, std::int64_t(bucketBytes / sizeof(float)));
    std::unique_ptr<Bucket> current;
    std::int64_t filled = 0;
    auto close = [&] {
        if (!current) return;
        current->flat = at::zeros({filled}, at::kFloat);
        buckets_.push_back(std::move(current));
        filled = 0;
    };
    for (std::size_t i = parameters_.size(); i-- > 0;) {
        if (!current) current = std::make_unique<Bucket>();
        current->parameters.push_back(i);
        current->offsets.push_back(filled);
        filled += parameters_[i].numel();
        gradientBytes_ += std::size_t(parameters_[i].numel()) * sizeof(float);
        if (filled >= bucketElements) close();
    }
    close();
    if (buckets_.empty()) buckets_.push_back(std::make_unique<Bucket>());
    // One more element at the end of the last bucket: the loss travels with the gradients.
    Bucket& last = *buckets_.back();
    last.flat = at::zeros({(last.flat.defined() ? last.flat.numel() : 0) + 1}, at::kFloat);
    if (!overlap_) return;
    for (std::size_t b = 0; b < buckets_.size(); ++b)
        for (std::size_t s = 0; s < buckets_[b]->parameters.size(); ++s)
            parameters_[buckets_[b]->parameters[s]].register_hook(
                [this, b, s](const at::Tensor& grad) { onGradient(b, s, grad); });
}

GradientAllReduce::~GradientAllReduce() = default;

std::int64_t GradientAllReduce::totalTokens(std::int64_t localTokens) {
    localTokens_ = localTokens;
    lastSeconds_ = hookSeconds_ = 0;
    for (auto& b : buckets_) b->ready = 0;
    const auto start = Clock::now();
    std::vector<at::Tensor> count{at::full({1}, localTokens, at::kLong)};
    group_.allReduceSum(count, "summing the batch's token count");
    lastSeconds_ += secondsSince(start);
    return count[0].item<std::int64_t>();
}

void GradientAllReduce::lastBackward(bool last) { lastBackward_ = last; }

// Overlap: called by autograd with a parameter's gradient of this backward pass, before it is
// added to .grad (which holds the earlier micro-batches' sum).
void GradientAllReduce::onGradient(std::size_t b, std::size_t slot, const at::Tensor& grad) {
    if (!overlap_ || !lastBackward_) return;
    const auto start = Clock::now();
    Bucket& bucket = *buckets_[b];
    const at::Tensor& p = parameters_[bucket.parameters[slot]];
    at::Tensor target = bucket.flat.narrow(0, bucket.offsets[slot], p.numel()).view_as(p);
    at::NoGradGuard noGrad;
    if (p.grad().defined()) at::add_out(target, p.grad(), grad);
    else target.copy_(grad);
    if (++bucket.ready == bucket.parameters.size() && b + 1 < buckets_.size())
        bucket.pending = group_.startAllReduceSum({bucket.flat}, "summing the gradients");
    hookSeconds_ += secondsSince(start);
}

void GradientAllReduce::fillBucket(Bucket& bucket) {
    at::NoGradGuard noGrad;
    for (std::size_t s = 0; s < bucket.parameters.size(); ++s) {
        const at::Tensor& p = parameters_[bucket.parameters[s]];
        at::Tensor target = bucket.flat.narrow(0, bucket.offsets[s], p.numel()).view_as(p);
        if (p.grad().defined()) target.copy_(p.grad());
        else target.zero_();
    }
}

double GradientAllReduce::sumGradients(double localLoss) {
    const auto start = Clock::now();
    Bucket& last = *buckets_.back();
    // The buckets in the same order on every rank: those the hooks started, then the rest.
    for (auto& bucket : buckets_) {
        if (bucket->pending) continue;
        fillBucket(*bucket);
        if (bucket.get() == &last) last.flat[last.flat.numel() - 1] = float(localLoss);
        bucket->pending = group_.startAllReduceSum({bucket->flat}, "summing the gradients");
    }
    double loss = 0;
    at::NoGradGuard noGrad;
    for (auto& bucket : buckets_) {
        bucket->pending->wait();
        bucket->pending.reset();
        for (std::size_t s = 0; s < bucket->parameters.size(); ++s) {
            at::Tensor p = parameters_[bucket->parameters[s]];
            const at::Tensor summed = bucket->flat.narrow(0, bucket->offsets[s], p.numel()).view_as(p);
            if (p.grad().defined()) p.mutable_grad().copy_(summed);
            else p.mutable_grad() = summed.clone();
        }
        if (bucket.get() == &last) loss = last.flat[last.flat.numel() - 1].item<double>();
    }
    lastSeconds_ += secondsSince(start) + hookSeconds_;
    lastBackward_ = false;
    return loss;
}

}  // namespace mozart::train
