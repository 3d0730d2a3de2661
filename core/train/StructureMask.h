// StructureMask: for the structure term of the loss, which next ids the REMI grammar forbids at
// each position of a training row. The grammar state at a row's start comes from the ids
// before it in its sequence (a window may start mid-piece); after a token the grammar rejects
// (corrupt data, or a context it cannot follow) the rest of the row gets no mask rather than a
// wrong one. CPU work on plain ids; the result is a uint8 tensor the stepper takes.
// Thread-safety: const methods only; share across threads.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <ATen/core/Tensor.h>

#include "remi/RemiGrammar.h"

namespace mozart::train {

class StructureMask {
public:
    explicit StructureMask(std::shared_ptr<const remi::RemiGrammar> grammar);

    // rows: int64 [B, L + 1]; contexts: B vectors (or empty = every row starts its sequence),
    // each the ids before the row in its sequence, BOS included. Returns uint8 [B, L, V]:
    // entry [b, t, id] = 1 when the grammar forbids `id` right after rows[b, 0..t].
    at::Tensor forbidden(const at::Tensor& rows, const std::vector<std::vector<std::int32_t>>& contexts) const;

private:
    std::shared_ptr<const remi::RemiGrammar> grammar_;
};

}  // namespace mozart::train
