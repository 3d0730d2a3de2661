#include "train/StructureMask.h"

#include <cstring>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

namespace mozart::train {

StructureMask::StructureMask(std::shared_ptr<const remi::RemiGrammar> grammar) : grammar_(std::move(grammar)) {}

at::Tensor StructureMask::forbidden(const at::Tensor& rows, const std::vector<std::vector<std::int32_t>>& contexts) const {
    const at::Tensor ids = rows.contiguous();
    const std::int64_t B = ids.size(0), L = ids.size(1) - 1;
    const std::int64_t V = std::int64_t(grammar_->vocabularySize());
    at::Tensor out = at::zeros({B, L, V}, at::kByte);
    const std::int64_t* src = ids.data_ptr<std::int64_t>();
    std::uint8_t* dst = out.data_ptr<std::uint8_t>();
    at::parallel_for(0, B, 1, [&](std::int64_t begin, std::int64_t end) {
        std::vector<std::uint8_t> allowed;
        for (std::int64_t b = begin; b < end; ++b) {
            remi::RemiGrammar::State state = grammar_->initialState();
            bool known = true;
            if (std::size_t(b) < contexts.size())
                for (std::int32_t id : contexts[std::size_t(b)])
                    if (!(known = grammar_->advance(state, id))) break;
            for (std::int64_t t = 0; t < L && known; ++t) {
                const std::int64_t id = src[b * (L + 1) + t];
                if (id < 0 || id >= V || !grammar_->advance(state, std::int32_t(id))) break;
                grammar_->allowedNext(state, allowed);
                std::uint8_t* row = dst + (b * L + t) * V;
                for (std::int64_t v = 0; v < V; ++v) row[v] = allowed[std::size_t(v)] ? 0 : 1;
            }
        }
    });
    return out;
}

}  // namespace mozart::train
