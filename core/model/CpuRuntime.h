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

// libgomp reads OMP_WAIT_POLICY once, before main(). If it is unset, this sets it to PASSIVE
// (threads sleep instead of spinning between parallel regions) and re-executes the program
// with the same arguments; it returns only when no re-exec was needed or possible. Call it
// first thing in main(), before any thread exists.
void ensurePassiveOpenMpWaiting(char** argv);

}  // namespace mozart::model
