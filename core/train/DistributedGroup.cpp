#include "train/DistributedGroup.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

// --- Where the store listens -------------------------------------------------------------------
// LibTorch 1.13's TCPStore server binds to the wildcard address (getaddrinfo(nullptr, port,
// AI_PASSIVE)) and offers no option to choose the interface. While rank 0 starts it, this
// thread's wildcard lookup is answered for the master address instead, so the store listens
// there only. The same interposition counts the connections the store accepts, to notice a
// stranger after every rank has joined. Both pass every other call straight to the C library.
namespace {

thread_local const char* t_listenHost = nullptr;
std::atomic<int> g_storePort{-1};
std::atomic<int> g_accepted{0};
std::atomic<int> g_expected{-1};  // connections once everyone joined; -1: still joining
std::mutex g_strayMutex;
std::string g_stray;

int localPort(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
    if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    return -1;
}

std::string peerName(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    char host[NI_MAXHOST] = "?", port[NI_MAXSERV] = "?";
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        ::getnameinfo(reinterpret_cast<sockaddr*>(&address), length, host, sizeof host, port, sizeof port,
                      NI_NUMERICHOST | NI_NUMERICSERV);
    return std::string(host) + ":" + port;
}

void noteAccepted(int listening, int connection) {
    const int storePort = g_storePort.load();
    if (storePort < 0 || localPort(listening) != storePort) return;
    const int count = ++g_accepted;
    const int expected = g_expected.load();
    if (expected < 0 || count <= expected) return;
    std::lock_guard<std::mutex> lock(g_strayMutex);
    if (g_stray.empty())
        g_stray = "a connection from " + peerName(connection) + " reached the store port " + std::to_string(storePort) +
                  " after every rank had joined (the run must stay on a trusted network)";
}

}  // namespace

extern "C" int getaddrinfo(const char* node, const char* service, const struct addrinfo* hints,
                           struct addrinfo** result) {
    using Real = int (*)(const char*, const char*, const struct addrinfo*, struct addrinfo**);
    static const Real real = reinterpret_cast<Real>(::dlsym(RTLD_NEXT, "getaddrinfo"));
    if (!node && t_listenHost && hints && (hints->ai_flags & AI_PASSIVE)) node = t_listenHost;
    return real(node, service, hints, result);
}

extern "C" int accept(int fd, struct sockaddr* address, socklen_t* length) {
    using Real = int (*)(int, struct sockaddr*, socklen_t*);
    static const Real real = reinterpret_cast<Real>(::dlsym(RTLD_NEXT, "accept"));
    const int connection = real(fd, address, length);
    if (connection >= 0) noteAccepted(fd, connection);
    return connection;
}

namespace mozart::train {

namespace {

using Milliseconds = std::chrono::milliseconds;

Milliseconds timeoutOf(const DistributedOptions& o) { return Milliseconds(std::int64_t(o.timeoutSeconds * 1000)); }

// The first line of LibTorch's or Gloo's message, without the "[file:line] " prefix.
std::string causeOf(const std::exception& e) {
    const auto* c10 = dynamic_cast<const c10::Error*>(&e);
    std::string text = c10 ? c10->what_without_backtrace() : e.what();
    text = text.substr(0, text.find('\n'));
    while (!text.empty() && text[0] == '[') {
        const auto close = text.find("] ");
        if (close == std::string::npos) break;
        text = text.substr(close + 2);
    }
    return text;
}

// What a failed collective means, in words: Gloo's messages are about sockets.
std::string explain(const std::string& cause, const DistributedOptions& o) {
    const std::string other = o.worldSize == 2 ? "rank " + std::to_string(1 - o.rank) : std::string("another rank");
    const bool timedOut = cause.find("imed out") != std::string::npos;
    if (timedOut)
        return "no answer from " + other + " within " + std::to_string(int(o.timeoutSeconds)) +
               " s (it hangs, died or the network failed): " + cause;
    if (cause.find("losed") != std::string::npos || cause.find("reset") != std::string::npos ||
        cause.find("Broken pipe") != std::string::npos)
        return other + " went away (its process ended or the network failed): " + cause;
    return cause;
}

bool parseInt(const char* text, long lo, long hi, int& out) {
    if (!text || !*text) return false;
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(text, &end, 10);
    if (errno || *end || v < lo || v > hi) return false;
    out = int(v);
    return true;
}

// The local address the route to `host` leaves from (a UDP socket sends nothing on connect).
std::string localAddressToward(const std::string& host) {
    addrinfo hints{}, *found = nullptr;
    hints.ai_socktype = SOCK_DGRAM;
    if (::getaddrinfo(host.c_str(), "9", &hints, &found) != 0 || !found) return host;
    std::string out = host;
    const int fd = ::socket(found->ai_family, SOCK_DGRAM, 0);
    if (fd >= 0 && ::connect(fd, found->ai_addr, found->ai_addrlen) == 0) {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        char name[NI_MAXHOST];
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
            ::getnameinfo(reinterpret_cast<sockaddr*>(&address), length, name, sizeof name, nullptr, 0,
                          NI_NUMERICHOST) == 0)
            out = name;
    }
    if (fd >= 0) ::close(fd);
    ::freeaddrinfo(found);
    return out;
}

struct ListenOn {
    explicit ListenOn(const std::string& host) { t_listenHost = host.c_str(); }
    ~ListenOn() { t_listenHost = nullptr; }
};

}  // namespace

std::optional<std::string> parseMasterAddress(const std::string& text, DistributedOptions& o) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return "the master \"" + text + "\" is not HOST:PORT (e.g. 192.168.1.10:29500)";
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    int port = 0;
    if (!parseInt(text.c_str() + colon + 1, 1, 65535, port))
        return "the master \"" + text + "\" has no port between 1 and 65535";
    o.masterAddress = host;
    o.masterPort = port;
    return std::nullopt;
}

std::optional<std::string> readLauncherEnvironment(DistributedOptions& o, bool rankFromFlags, bool worldFromFlags,
                                                   bool masterFromFlags) {
    auto read = [](const char* name, long lo, long hi, int& out) -> std::optional<std::string> {
        const char* v = std::getenv(name);
        if (!v) return std::nullopt;
        if (!parseInt(v, lo, hi, out))
            return std::string("the environment variable ") + name + "=\"" + v + "\" is not a number from " +
                   std::to_string(lo) + " to " + std::to_string(hi);
        return std::nullopt;
    };
    if (!rankFromFlags)
        if (auto e = read("RANK", 0, 65535, o.rank)) return e;
    if (!worldFromFlags)
        if (auto e = read("WORLD_SIZE", 1, 65536, o.worldSize)) return e;
    if (auto e = read("LOCAL_RANK", 0, 65535, o.localRank)) return e;
    if (!masterFromFlags) {
        if (const char* a = std::getenv("MASTER_ADDR"); a && *a) o.masterAddress = a;
        if (auto e = read("MASTER_PORT", 1, 65535, o.masterPort)) return e;
    }
    return std::nullopt;
}

std::string validateDistributedOptions(const DistributedOptions& o) {
    if (o.worldSize < 1) return "the world size must be at least 1";
    if (o.rank < 0 || o.rank >= o.worldSize)
        return "the rank " + std::to_string(o.rank) + " is not below the world size " + std::to_string(o.worldSize);
    if (o.masterPort < 1 || o.masterPort > 65535) return "the master port must be between 1 and 65535";
    if (o.masterAddress.empty()) return "the master address is empty";
    if (!(o.timeoutSeconds >= 1 && o.timeoutSeconds <= 86400)) return "the timeout must be 1 to 86400 seconds";
    return {};
}

int freeLocalPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int port = -1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) port = localPort(fd);
    ::close(fd);
    return port;
}

struct DistributedGroup::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

DistributedGroup::DistributedGroup(const DistributedOptions& options) : options_(options), impl_(new Impl) {}

DistributedGroup::~DistributedGroup() {
    if (options_.rank == 0) g_storePort = -1;
}

std::unique_ptr<DistributedGroup> DistributedGroup::connect(const DistributedOptions& o, std::string* error) {
    const std::string who = "rank " + std::to_string(o.rank) + " of " + std::to_string(o.worldSize);
    const std::string where = o.masterAddress + ":" + std::to_string(o.masterPort);
    if (auto why = validateDistributedOptions(o); !why.empty()) {
        *error = who + ": " + why;
        return nullptr;
    }
    std::unique_ptr<DistributedGroup> g(new DistributedGroup(o));
    DistributedOptions& own = g->options_;
    if (own.listenAddress.empty())
        own.listenAddress = o.rank == 0 ? o.masterAddress : localAddressToward(o.masterAddress);
    const char* stage = "connecting to the store";
    try {
        c10d::TCPStoreOptions so;
        so.port = std::uint16_t(o.masterPort);
        so.isServer = o.rank == 0;
        so.numWorkers = std::size_t(o.worldSize);
        so.waitWorkers = true;
        so.timeout = timeoutOf(o);
        if (so.isServer) {
            stage = "starting the store";
            g_expected = -1;
            g_accepted = 0;
            {
                std::lock_guard<std::mutex> lock(g_strayMutex);
                g_stray.clear();
            }
            g_storePort = o.masterPort;
            ListenOn listen(o.masterAddress);
            g->impl_->store = c10::make_intrusive<c10d::TCPStore>(o.masterAddress, so);
        } else {
            g->impl_->store = c10::make_intrusive<c10d::TCPStore>(o.masterAddress, so);
        }
        stage = "meeting the other ranks (Gloo)";
        auto prefixed = c10::make_intrusive<c10d::PrefixStore>("mozart", g->impl_->store);
        auto options = c10d::ProcessGroupGloo::Options::create(timeoutOf(o));
        options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(own.listenAddress));
        options->threads = 1;  // one collective at a time: the cores are for training
        g->impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, o.rank, o.worldSize, options);
        stage = "the first exchange";
        std::vector<at::Tensor> probe{at::ones({1}, at::kLong)};
        g->allReduceSum(probe, "the first exchange");
        if (probe[0].item<std::int64_t>() != o.worldSize) throw DistributedError("the ranks disagree on the world size");
    } catch (const DistributedError& e) {
        *error = e.what();
        return nullptr;
    } catch (const std::exception& e) {
        *error = who + ": " + stage + " at " + where + " failed: " + explain(causeOf(e), o);
        return nullptr;
    }
    if (o.rank == 0) g_expected = g_accepted.load();  // from now on, a new connection is a stranger
    return g;
}

void DistributedGroup::wait(const void* work, const char* what) {
    auto& w = *static_cast<const c10::intrusive_ptr<c10d::Work>*>(work);
    try {
        w->wait(timeoutOf(options_));
    } catch (const std::exception& e) {
        throw DistributedError("rank " + std::to_string(options_.rank) + ": " + what + " failed: " +
                               explain(causeOf(e), options_));
    }
}

void DistributedGroup::allReduceSum(std::vector<at::Tensor>& tensors, const char* what) {
    if (tensors.empty()) return;
    c10::intrusive_ptr<c10d::Work> work;
    try {
        work = impl_->group->allreduce(tensors);
    } catch (const std::exception& e) {
        throw DistributedError("rank " + std::to_string(options_.rank) + ": " + what + " failed: " +
                               explain(causeOf(e), options_));
    }
    wait(&work, what);
}

namespace {
struct PendingWork : DistributedGroup::Pending {
    std::function<void()> waiter;
    void wait() override { waiter(); }
};
}  // namespace

std::unique_ptr<DistributedGroup::Pending> DistributedGroup::startAllReduceSum(std::vector<at::Tensor> tensors,
                                                                               const char* what) {
    auto pending = std::make_unique<PendingWork>();
    c10::intrusive_ptr<c10d::Work> work;
    try {
        work = impl_->group->allreduce(tensors);
    } catch (const std::exception& e) {
        throw DistributedError("rank " + std::to_string(options_.rank) + ": " + what + " failed: " +
                               explain(causeOf(e), options_));
    }
    // The tensors stay referenced until the wait: Gloo reads and writes them meanwhile.
    pending->waiter = [this, work, tensors, what]() mutable { wait(&work, what); };
    return pending;
}

void DistributedGroup::broadcast(std::vector<at::Tensor>& tensors, int root, const char* what) {
    for (auto& t : tensors) {
        std::vector<at::Tensor> one{t};
        c10d::BroadcastOptions options;
        options.rootRank = root;
        c10::intrusive_ptr<c10d::Work> work;
        try {
            work = impl_->group->broadcast(one, options);
        } catch (const std::exception& e) {
            throw DistributedError("rank " + std::to_string(options_.rank) + ": " + what + " failed: " +
                                   explain(causeOf(e), options_));
        }
        wait(&work, what);
    }
}

std::string DistributedGroup::strayConnection() const {
    if (options_.rank != 0) return {};
    std::lock_guard<std::mutex> lock(g_strayMutex);
    return g_stray;
}

}  // namespace mozart::train
