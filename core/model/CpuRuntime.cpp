#include "model/CpuRuntime.h"

#include <atomic>
#include <cstdlib>

#include <dlfcn.h>
#include <malloc.h>
#include <unistd.h>

#include <ATen/Parallel.h>

namespace mozart::model {

void setComputeThreads(int n) {
    if (n < 1) n = 1;
    at::set_num_threads(n);
    // Not declared by any header we include and absent when libblas is the reference BLAS:
    // look it up instead of linking against it.
    using SetThreads = void (*)(int);
    if (auto fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
        fn(n);
}

namespace {
std::atomic<bool> kept{false};
}

void keepFreedMemory() {
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    kept = true;
}

bool freedMemoryKept() { return kept.load(); }

void ensurePassiveThreadWaiting(char** argv) {
    if (!argv || !argv[0]) return;
    bool changed = false;
    if (!std::getenv("OMP_WAIT_POLICY")) changed = setenv("OMP_WAIT_POLICY", "PASSIVE", 1) == 0 || changed;
    if (!std::getenv("OPENBLAS_THREAD_TIMEOUT")) changed = setenv("OPENBLAS_THREAD_TIMEOUT", "20", 1) == 0 || changed;
    // Both are set now, so the new image returns at once.
    if (changed) execv("/proc/self/exe", argv);  // returns only on failure: then run on, just slower
}

}  // namespace mozart::model
