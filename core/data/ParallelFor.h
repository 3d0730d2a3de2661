// ParallelFor: runs fn(i) for i in [0, count) on `threads` worker threads, handing out indices
// one at a time so that a few long files do not leave a core idle.
//
// An exception thrown by fn (std::bad_alloc on a stranger's file, a LibTorch error) never reaches
// std::terminate on a worker: the workers stop taking indices, and the first exception is rethrown
// on the calling thread after all have joined, where the caller's own handling (or mozart's
// top-level catch) reports it.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace mozart::data {

inline unsigned defaultThreadCount() { return std::max(1u, std::thread::hardware_concurrency()); }

template <typename Fn>
void parallelFor(std::size_t count, unsigned threads, Fn&& fn) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&] {
        try {
            for (std::size_t i = next++; i < count; i = next++) fn(i);
        } catch (...) {
            next = count;  // the others stop after their current index
            std::lock_guard<std::mutex> lock(failureMutex);
            if (!failure) failure = std::current_exception();
        }
    };
    threads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(threads, count)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace mozart::data
