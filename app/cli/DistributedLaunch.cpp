#include "cli/DistributedLaunch.h"

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <sys/wait.h>
#include <unistd.h>

#include "train/DistributedGroup.h"

namespace mozart::cli {

void addDistributedOptions(CLI::App& cmd, DistributedFlags& f) {
    cmd.add_option("--nproc", f.nproc, "Data-parallel: start N worker processes on this machine (127.0.0.1 only)");
    cmd.add_option("--rank", f.rank, "Data-parallel across machines: this process's rank (0 = the master)");
    cmd.add_option("--world-size", f.worldSize, "Data-parallel across machines: number of processes in all");
    cmd.add_option("--master", f.master,
                   "Data-parallel across machines: HOST:PORT of rank 0's store (rank 0 listens on HOST only)");
    cmd.add_option("--listen", f.listen, "Data-parallel: this rank's address for Gloo (default: toward the master)");
    cmd.add_option("--dist-timeout", f.timeoutSeconds,
                   "Data-parallel: seconds before a missing or silent rank stops the run")
        ->capture_default_str();
    cmd.add_flag("--overlap-allreduce", f.overlap, "Data-parallel: all-reduce gradient buckets during backward");
}

bool distributedOptions(const DistributedFlags& f, train::DistributedOptions& o, std::string* error) {
    o = train::DistributedOptions();
    o.timeoutSeconds = f.timeoutSeconds;
    o.listenAddress = f.listen;
    if (!f.master.empty())
        if (auto e = train::parseMasterAddress(f.master, o)) {
            *error = *e + " (--master)";
            return false;
        }
    if (f.rank >= 0) o.rank = f.rank;
    if (f.worldSize > 0) o.worldSize = f.worldSize;
    if (auto e = train::readLauncherEnvironment(o, f.rank >= 0, f.worldSize > 0, !f.master.empty())) {
        *error = *e;
        return false;
    }
    if (!o.distributed()) return false;
    if (auto why = train::validateDistributedOptions(o); !why.empty()) {
        *error = why + " (--rank, --world-size, --master, --dist-timeout or RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT)";
        return false;
    }
    return true;
}

namespace {

std::string describeStatus(int status) {
    if (WIFSIGNALED(status)) {
        const int s = WTERMSIG(status);
        return "was killed by signal " + std::to_string(s) + " (" + strsignal(s) + ")";
    }
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

bool failed(int status) { return WIFSIGNALED(status) || WEXITSTATUS(status) != 0; }

double now() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

}  // namespace

int runLocalWorkers(int nproc, double timeoutSeconds, const std::vector<std::string>& args, const char* command) {
    const int port = train::freeLocalPort();
    if (port <= 0) {
        std::fprintf(stderr, "%s: no free port on 127.0.0.1 for the workers' store\n", command);
        return 1;
    }
    // This program by its own path (not /proc/self/exe: the workers would be called "exe" in ps).
    std::string self(4096, '\0');
    const ssize_t length = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
    self = length > 0 ? self.substr(0, std::size_t(length)) : std::string("/proc/self/exe");
    std::vector<pid_t> workers(std::size_t(nproc), -1);
    // Ctrl-C reaches every worker through the terminal; they agree to stop and rank 0 saves.
    auto previous = std::signal(SIGINT, SIG_IGN);
    for (int r = 0; r < nproc; ++r) {
        const pid_t pid = ::fork();
        if (pid < 0) {
            std::fprintf(stderr, "%s: cannot start worker %d: %s\n", command, r, std::strerror(errno));
            for (pid_t w : workers)
                if (w > 0) ::kill(w, SIGTERM);
            return 1;
        }
        if (pid == 0) {
            std::signal(SIGINT, SIG_DFL);
            ::setenv("RANK", std::to_string(r).c_str(), 1);
            ::setenv("LOCAL_RANK", std::to_string(r).c_str(), 1);
            ::setenv("WORLD_SIZE", std::to_string(nproc).c_str(), 1);
            ::setenv("MASTER_ADDR", "127.0.0.1", 1);
            ::setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
            // c10d's glog warnings (no IPv6 address on loopback, ...) are noise here; errors stay.
            ::setenv("GLOG_minloglevel", "2", 0);
            std::vector<char*> childArgv;
            for (const auto& a : args) childArgv.push_back(const_cast<char*>(a.c_str()));
            childArgv.push_back(nullptr);
            ::execv(self.c_str(), childArgv.data());
            std::fprintf(stderr, "%s: cannot start worker %d: %s\n", command, r, std::strerror(errno));
            ::_exit(127);
        }
        workers[std::size_t(r)] = pid;
    }
    int running = nproc, exitCode = 0;
    double giveUpAt = -1;  // once a worker failed: when the others are ended
    while (running > 0) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, giveUpAt < 0 ? 0 : WNOHANG);
        if (pid > 0) {
            int rank = -1;
            for (int r = 0; r < nproc; ++r)
                if (workers[std::size_t(r)] == pid) rank = r;
            if (rank < 0) continue;
            workers[std::size_t(rank)] = -1;
            --running;
            if (rank == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 130 && exitCode == 0) exitCode = 130;
            if (failed(status) && !(WIFEXITED(status) && WEXITSTATUS(status) == 130)) {
                std::fprintf(stderr, "%s: worker rank %d of %d %s\n", command, rank, nproc, describeStatus(status).c_str());
                exitCode = 1;
                if (giveUpAt < 0) giveUpAt = now() + timeoutSeconds + 10;
            }
            continue;
        }
        if (pid < 0 && errno != EINTR) break;
        if (giveUpAt >= 0 && now() > giveUpAt) {
            for (int r = 0; r < nproc; ++r)
                if (workers[std::size_t(r)] > 0) {
                    std::fprintf(stderr, "%s: ending worker rank %d, still running after the failure\n", command, r);
                    ::kill(workers[std::size_t(r)], SIGKILL);
                }
            giveUpAt = now() + 3600;
        }
        if (pid == 0) ::usleep(100 * 1000);
    }
    std::signal(SIGINT, previous);
    return exitCode;
}

int launchLocalWorkers(const DistributedFlags& flags, char** argv, const char* command) {
    if (flags.nproc < 1 || flags.nproc > 256) {
        std::fprintf(stderr, "%s: --nproc must be between 1 and 256\n", command);
        return 2;
    }
    if (flags.rank >= 0 || flags.worldSize > 0 || !flags.master.empty()) {
        std::fprintf(stderr, "%s: --nproc starts its own ranks: leave out --rank, --world-size and --master\n", command);
        return 2;
    }
    std::vector<std::string> args;
    for (int i = 0; argv[i]; ++i) {
        const std::string a = argv[i];
        if (a == "--nproc") {
            ++i;
            if (!argv[i]) break;
            continue;
        }
        if (a.rfind("--nproc=", 0) == 0) continue;
        args.push_back(a);
    }
    return runLocalWorkers(flags.nproc, flags.timeoutSeconds, args, command);
}

}  // namespace mozart::cli
