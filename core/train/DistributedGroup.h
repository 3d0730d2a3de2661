// DistributedGroup: the processes of one data-parallel run, over LibTorch's own distributed layer
// (c10d): a TCPStore for the rendezvous (rank 0 serves it) and a ProcessGroupGloo for the
// collectives, with the conventions of PyTorch's launchers (RANK, WORLD_SIZE, LOCAL_RANK,
// MASTER_ADDR, MASTER_PORT).
//
// Who may join: neither the store nor Gloo authenticates anyone. Rank 0's store listens on the
// master address only (never on every interface: LibTorch 1.13 would, so the wildcard lookup is
// redirected while the store starts), and Gloo on each rank's own address toward the master
// (127.0.0.1 for local runs). A connection to the store port after every rank has joined is a
// stranger: strayConnection() then names it, and the training loop stops the run.
//
// Nothing waits forever: connecting, the rendezvous and every collective give up after
// options.timeoutSeconds with a DistributedError whose message names this rank and the cause.
// One thread uses a group at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

namespace mozart::train {

struct DistributedOptions {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    std::string masterAddress = "127.0.0.1";  // where rank 0's store listens; the others connect there
    int masterPort = 29500;
    // This rank's address for Gloo; empty: the master address on rank 0, else the local address
    // the route to the master leaves from.
    std::string listenAddress;
    double timeoutSeconds = 60;  // connecting, the rendezvous and each collective
    bool distributed() const { return worldSize > 1; }
};

// Fills what the flags left unset from the launchers' variables (RANK, WORLD_SIZE, LOCAL_RANK,
// MASTER_ADDR, MASTER_PORT). `fromFlags`: rank, world size and master were given as flags (they
// win). Error sentence naming the variable or the value on bad input.
std::optional<std::string> readLauncherEnvironment(DistributedOptions& options, bool rankFromFlags,
                                                   bool worldFromFlags, bool masterFromFlags);
// "HOST:PORT" (IPv6 as [ADDR]:PORT) into the options; error sentence naming the value.
std::optional<std::string> parseMasterAddress(const std::string& text, DistributedOptions& options);
// Rank and world size consistent, port in range; error sentence or empty.
std::string validateDistributedOptions(const DistributedOptions& options);

// A port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int freeLocalPort();

class DistributedError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class DistributedGroup {
public:
    // Connects (rank 0 serves the store and waits for the others). nullptr with `error`, a
    // sentence naming the rank, the address and the cause, when it fails or times out.
    static std::unique_ptr<DistributedGroup> connect(const DistributedOptions& options, std::string* error);
    ~DistributedGroup();
    DistributedGroup(const DistributedGroup&) = delete;
    DistributedGroup& operator=(const DistributedGroup&) = delete;

    int rank() const { return options_.rank; }
    int worldSize() const { return options_.worldSize; }
    const DistributedOptions& options() const { return options_; }

    // Sums each tensor (contiguous CPU, float32, float64 or int64) over the ranks in place.
    // Throws DistributedError (rank, what, cause) on failure or after the timeout.
    void allReduceSum(std::vector<at::Tensor>& tensors, const char* what);
    // Started, not waited for: the gradient buckets during backward. wait() throws as above.
    class Pending {
    public:
        virtual ~Pending() = default;
        virtual void wait() = 0;
    };
    std::unique_ptr<Pending> startAllReduceSum(std::vector<at::Tensor> tensors, const char* what);
    // Copies root's tensors into everyone's (same shapes and types on every rank).
    void broadcast(std::vector<at::Tensor>& tensors, int root, const char* what);

    // Rank 0: set once a connection reached the store port after everyone had joined (a sentence
    // naming the peer); empty elsewhere and before.
    std::string strayConnection() const;

private:
    struct Impl;
    explicit DistributedGroup(const DistributedOptions& options);
    void wait(const void* work, const char* what);
    DistributedOptions options_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace mozart::train
