// libFuzzer target: model files from strangers (ModelFile::inspect and ModelFile::load: the
// 8-byte length, the JSON header, every tensor entry, the metadata and the embedded model and
// tokenizer configurations), then the embedded tokenizer.json as callers read it. The input is
// the file's bytes, handed over through a memfd so the loader reads a real file descriptor.
// Contracts: a refusal names the file; inspect and load agree; a loaded model has the stored
// configuration; nothing escapes as an exception.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <sys/mman.h>
#include <unistd.h>

#include <ATen/Parallel.h>

#include "model/ModelFile.h"
#include "remi/TokenizerConfig.h"

using namespace mozart;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool once = (at::set_num_threads(1), true);
    (void)once;
    const int fd = ::memfd_create("model", MFD_CLOEXEC);
    if (fd < 0) return 0;
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n <= 0) break;
        done += std::size_t(n);
    }
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    const auto header = model::ModelFile::inspect(path, {});
    const auto loaded = model::ModelFile::load(path);
    ::close(fd);
    if (bool(header) == false && bool(loaded)) std::abort();  // load accepts only what inspect accepts
    for (const auto* r : {&header, &loaded})
        if (r->error && r->error->toString().rfind(path + ": ", 0) != 0) std::abort();
    if (!loaded) return 0;
    if (!loaded.model || loaded.model->config() != loaded.info.config) std::abort();
    std::string why;
    (void)remi::TokenizerConfig::fromMidiTokJson(loaded.info.tokenizerConfig, &why);
    return 0;
}
