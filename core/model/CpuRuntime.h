// CpuRuntime: process-wide settings that decide how fast LibTorch runs on a desktop CPU. Call
// them once, early, from main() of a program that trains or generates (they are global, so
// core code never calls them on its own).
//
// Why they matter on Debian's LibTorch 1.13 (measured on 2 cores, see tests/bench/model_speed):
// float32 matrix products go to OpenBLAS, whose own thread pool competes with the OpenMP pool
// that runs everything else; with OpenMP's default busy-waiting each side spins on the cores
// the other needs, which cost up to 4x on a shared machine.
#pragma once

namespace mozart::model {

// Threads for ATen (OpenMP, oneDNN) and for OpenBLAS's separate pool. n >= 1.
void setComputeThreads(int n);

// Keeps freed memory in the heap instead of returning it to the kernel at once (glibc's
// default for blocks above 128 KiB, re-faulted on every training step: the activations of one
// step are hundreds of MB that are freed and allocated again).
void keepFreedMemory();
// Whether keepFreedMemory() was called in this process (for the benchmarks' report).
bool freedMemoryKept();

// Idle compute threads must sleep, not spin: on a 2-core desktop a spinning pool takes the core
// that the GUI thread (or the other pool) needs. Both libraries read their setting once, before
// main(): libgomp's OMP_WAIT_POLICY (PASSIVE: sleep between parallel regions) and OpenBLAS's
// OPENBLAS_THREAD_TIMEOUT (its workers call sched_yield for 2^28 cycles, about 0.1 s, after each
// product before they sleep; 20 is 2^20 cycles, under 0.5 ms: still long enough to bridge the
// gaps between the small products of one decoding step). Those the user did not set are set
// and the program re-executes itself with the same arguments; it returns only when no re-exec
// was needed or possible. Call it first thing in main(), before any thread exists.
void ensurePassiveThreadWaiting(char** argv);

}  // namespace mozart::model
