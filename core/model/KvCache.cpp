#include "model/KvCache.h"

#include <stdexcept>
#include <string>

#include <ATen/ops/zeros.h>

namespace mozart::model {

KvCache::KvCache(const ModelConfig& config, std::int64_t batch)
    : batch_(batch), capacity_(config.maxContext) {
    if (batch < 1) throw std::invalid_argument("KvCache: batch must be at least 1");
    // Zeroed rather than empty so stale positions never hold NaN bit patterns that a bug could
    // leak into a softmax unnoticed.
    storage_ = at::zeros({config.layers, 2, batch, config.heads, capacity_, config.headDim()},
                         at::TensorOptions().dtype(at::kFloat));
}

void KvCache::truncate(std::int64_t length) {
    if (length < 0 || length > length_)
        throw std::out_of_range("KvCache::truncate: length " + std::to_string(length) +
                                " outside 0.." + std::to_string(length_));
    length_ = length;
}

at::Tensor KvCache::keys(std::int64_t layer) const {
    return storage_.select(0, layer).select(0, 0);
}
at::Tensor KvCache::values(std::int64_t layer) const {
    return storage_.select(0, layer).select(0, 1);
}

void KvCache::advance(std::int64_t count) {
    if (count < 0 || length_ + count > capacity_)
        throw std::out_of_range("KvCache: " + std::to_string(length_ + count) +
                                " positions exceed the capacity of " + std::to_string(capacity_));
    length_ += count;
}

}  // namespace mozart::model
