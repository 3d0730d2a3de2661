// libFuzzer target: the tensor files that are not models, trainer state (trainer-state.safetensors)
// and LoRA adapters (adapters.safetensors): readTensorFile, then LoraAdapters::load against a
// small model shape. The input is the file's bytes, through a memfd. Contracts: a refusal names
// the file; every tensor read has the shape and byte size its header entry promised; nothing
// escapes as an exception (a dimension of 2^63 in a zero-byte tensor was a c10::Error).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <sys/mman.h>
#include <unistd.h>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "model/LoraAdapters.h"
#include "model/TensorFile.h"

using namespace mozart;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool once = (at::set_num_threads(1), true);
    (void)once;
    const int fd = ::memfd_create("state", MFD_CLOEXEC);
    if (fd < 0) return 0;
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n <= 0) break;
        done += std::size_t(n);
    }
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    const auto file = model::readTensorFile(path);
    model::ModelConfig shape;
    shape.vocabSize = 16;
    shape.width = 8;
    shape.heads = 2;
    shape.layers = 1;
    shape.feedForward = 16;
    shape.maxContext = 8;
    const auto lora = model::LoraAdapters::load(path, shape);
    ::close(fd);
    if (file.error && file.error->toString().rfind(path + ": ", 0) != 0) std::abort();
    if (lora.error && lora.error->toString().rfind(path + ": ", 0) != 0) std::abort();
    std::size_t bytes = 0;
    for (const auto& t : file.tensors) bytes += std::size_t(t.tensor.nbytes());
    if (file && bytes > size) std::abort();  // nothing read that the file does not hold
    return 0;
}
