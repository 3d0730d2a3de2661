#include "io/AtomicFile.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mozart::io {

namespace {

std::string reason(int err) { return std::strerror(err); }

std::string folderOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// A name no other writer (thread or process) picks: pid, a process-wide counter and the clock,
// mixed; O_EXCL makes a collision a retry, never a shared file.
std::string temporaryName(const std::string& path, unsigned attempt) {
    static std::atomic<unsigned long long> counter{0};
    unsigned long long x = (unsigned long long)::getpid() * 0x9E3779B97F4A7C15ULL;
    x ^= counter.fetch_add(1) * 0xBF58476D1CE4E5B9ULL;
    x ^= (unsigned long long)std::chrono::steady_clock::now().time_since_epoch().count() + attempt;
    x ^= x >> 31;
    static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string suffix;
    for (int i = 0; i < 6; ++i, x /= 36) suffix += kAlphabet[x % 36];
    const auto slash = path.find_last_of('/');
    const std::string folder = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    return folder + "." + base + ".tmp-" + suffix;
}

}  // namespace

bool AtomicFile::fail(const char* what, int err, std::string* error) {
    discard();
    if (error) *error = path_ + ": " + what + ": " + reason(err);
    return false;
}

bool AtomicFile::open(std::string* error) {
    discard();
    for (unsigned attempt = 0; attempt < 100; ++attempt) {
        temp_ = temporaryName(path_, attempt);
        // 0666: the kernel applies the umask, so the file gets the mode every new file gets.
        fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd_ >= 0) return true;
        if (errno != EEXIST) break;
    }
    const int err = errno;
    temp_.clear();
    if (error) *error = path_ + ": cannot write: " + reason(err);
    return false;
}

bool AtomicFile::write(const void* data, std::size_t size, std::string* error) {
    if (fd_ < 0) {
        if (error) *error = path_ + ": not open for writing";
        return false;
    }
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd_, bytes, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail("cannot write", n < 0 ? errno : ENOSPC, error);
        bytes += n;
        size -= std::size_t(n);
    }
    return true;
}

bool AtomicFile::commit(std::string* error) {
    if (fd_ < 0) {
        if (error) *error = path_ + ": not open for writing";
        return false;
    }
    if (::fsync(fd_) != 0) return fail("cannot write", errno, error);
    const int closed = ::close(fd_);
    fd_ = -1;
    if (closed != 0) return fail("cannot write", errno, error);
    if (::rename(temp_.c_str(), path_.c_str()) != 0) return fail("cannot replace", errno, error);
    temp_.clear();
    syncFolder(folderOf(path_));  // the rename itself, durable
    return true;
}

void AtomicFile::discard() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!temp_.empty()) {
        ::unlink(temp_.c_str());
        temp_.clear();
    }
}

bool writeFileAtomically(const std::string& path, const void* data, std::size_t size,
                         std::string* error) {
    AtomicFile file(path);
    return file.open(error) && file.write(data, size, error) && file.commit(error);
}

bool syncFolder(const std::string& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

bool readWholeFile(const std::string& path, std::string* contents, std::string* error) {
    return readWholeFile(path, contents, error, ~std::size_t(0));
}

bool readWholeFile(const std::string& path, std::string* contents, std::string* error,
                   std::size_t maxBytes) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = path + ": cannot open: " + reason(errno);
        return false;
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        *error = path + ": is a folder, not a file";
        return false;
    }
    if (st.st_size > 0 && std::uint64_t(st.st_size) > maxBytes) {
        ::close(fd);
        *error = path + ": the file is " + std::to_string(st.st_size) + " bytes, more than the " +
                 std::to_string(maxBytes) + " accepted";
        return false;
    }
    contents->clear();
    if (st.st_size > 0) contents->reserve(std::size_t(st.st_size));
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            *error = path + ": cannot read: " + reason(err);
            return false;
        }
        if (contents->size() + std::size_t(n) > maxBytes) {  // grew after fstat (a pipe, a growing file)
            ::close(fd);
            *error = path + ": the file is larger than the " + std::to_string(maxBytes) + " bytes accepted";
            return false;
        }
        contents->append(buffer, std::size_t(n));
    }
    ::close(fd);
    return true;
}

}  // namespace mozart::io
