// CpuAutocast: while an instance is alive on a thread, LibTorch's CPU autocast runs matrix
// products (linear, matmul, attention) in bfloat16 while norms, softmax and losses stay in
// float32 and the parameters stay float32 "master" weights. With AVX512-BF16 (Zen 4, Sapphire
// Rapids) this is where most of the CPU training speed comes from.
//
// Leaving the scope clears autocast's cache of bf16 weight copies: they are stale as soon as
// the optimizer steps, so one scope must cover one forward pass (+ loss), not more.
// Autocast state is thread-local: create the guard on the thread that runs the model.
#pragma once

namespace mozart::model {

class CpuAutocast {
public:
    explicit CpuAutocast(bool enabled = true);
    ~CpuAutocast();
    CpuAutocast(const CpuAutocast&) = delete;
    CpuAutocast& operator=(const CpuAutocast&) = delete;

private:
    bool enabled_;
    bool previousEnabled_ = false;
    int previousDtype_ = 0;  // at::ScalarType, kept out of this header
};

}  // namespace mozart::model
