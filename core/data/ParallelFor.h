// ParallelFor: runs fn(i) for i in [0, count) on `threads` worker threads, handing out indices
// one at a time so that a few long files do not leave a core idle.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace mozart::data {

inline unsigned defaultThreadCount() { return std::max(1u, std::thread::hardware_concurrency()); }

template <typename Fn>
void parallelFor(std::size_t count, unsigned threads, Fn&& fn) {
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < count; i = next++) fn(i);
    };
    threads = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(threads, count)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
}

}  // namespace mozart::data
