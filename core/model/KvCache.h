// KvCache: the keys and values a Transformer has computed for the tokens it has already seen, so
// that generating one more token costs one position instead of the whole context. Storage for the
// full context is allocated once, up front; appending only copies into it.
//
// One cache serves one batch of sequences that advance together (same length). Not thread-safe:
// one generator thread owns it.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

#include "model/ModelConfig.h"

namespace mozart::model {

class KvCache {
public:
    // Capacity is config.maxContext positions (a conditioning prefix takes one of them).
    // Keys and values are kept in float32, the dtype decode() computes attention in.
    KvCache(const ModelConfig& config, std::int64_t batch);

    std::int64_t batch() const { return batch_; }
    std::int64_t capacity() const { return capacity_; }
    // Positions filled so far, including the conditioning prefix once it is in.
    std::int64_t length() const { return length_; }
    std::int64_t freePositions() const { return capacity_ - length_; }
    // Forgets all positions; keeps the storage.
    void clear() { length_ = 0; }
    // Drops positions from the end (e.g. to re-sample the last tokens).
    void truncate(std::int64_t length);

    // [batch, heads, capacity, head_dim] views of layer `layer`'s storage. Positions at and
    // beyond length() hold stale data.
    at::Tensor keys(std::int64_t layer) const;
    at::Tensor values(std::int64_t layer) const;

    // Called by Transformer::decode after it wrote `count` positions at length().
    void advance(std::int64_t count);

private:
    std::int64_t batch_ = 0;
    std::int64_t capacity_ = 0;
    std::int64_t length_ = 0;
    at::Tensor storage_;  // [layers, 2, batch, heads, capacity, head_dim]
};

}  // namespace mozart::model
