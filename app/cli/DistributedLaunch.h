// The data-parallel flags of `mozart train` (and `mozart bench train`), and the local launcher:
//
//   --nproc N                        N worker processes on this machine (this program started
//                                    again with RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR=127.0.0.1
//                                    and MASTER_PORT set to a free port); this process only waits
//   --rank R --world-size W --master HOST:PORT
//                                    one rank of a run across machines (rank 0 listens on HOST)
//   (or RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT from a torchrun-style launcher)
//   --listen ADDR                    this rank's address for Gloo (default: toward the master)
//   --dist-timeout S                 connecting and every collective give up after S seconds
//   --overlap-allreduce              start gradient all-reduces during backward
//
// The launcher names the worker that failed (exit status or signal) and ends the others if they
// have not stopped by themselves within the timeout.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}
namespace mozart::train {
struct DistributedOptions;
}

namespace mozart::cli {

struct DistributedFlags {
    int nproc = 0;
    int rank = -1;
    int worldSize = 0;
    std::string master;
    std::string listen;
    double timeoutSeconds = 120;
    bool overlap = false;
};

void addDistributedOptions(CLI::App& command, DistributedFlags& flags);

// The run's options from the flags and the launchers' variables: true for a data-parallel run
// (`out` filled); false for one process, or with `error` set for inconsistent values.
bool distributedOptions(const DistributedFlags& flags, train::DistributedOptions& out, std::string* error);

// Starts flags.nproc workers (argv without --nproc, NULL-terminated as main's), waits for them,
// reports a failed one by rank. Returns the exit code: 0, 130 when rank 0 was interrupted, 1.
int launchLocalWorkers(const DistributedFlags& flags, char** argv, const char* command);

// The same, with extra environment variables per worker (the benchmark's), and argv given whole.
int runLocalWorkers(int nproc, double timeoutSeconds, const std::vector<std::string>& args, const char* command);

}  // namespace mozart::cli
