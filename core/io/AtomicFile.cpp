#include "io/AtomicFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mozart::io {

namespace {

std::string reason(int err) { return std::strerror(err); }

}  // namespace

bool writeFileAtomically(const std::string& path, const void* data, std::size_t size,
                         std::string* error) {
    // mkstemp gives a unique name even when several processes write beside the same target.
    std::string temp = path + ".XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        *error = path + ": cannot write: " + reason(errno);
        return false;
    }
    auto fail = [&](const char* what, int err) {
        ::close(fd);
        ::unlink(temp.c_str());
        *error = path + ": " + what + ": " + reason(err);
        return false;
    };
    const auto* bytes = static_cast<const char*>(data);
    std::size_t written = 0;
    while (written < size) {
        const ssize_t n = ::write(fd, bytes + written, size - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("cannot write", errno);
        }
        written += std::size_t(n);
    }
    // mkstemp creates 0600; a user's file should get the usual permissions (umask applies).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    if (::fsync(fd) != 0) return fail("cannot write", errno);
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        *error = path + ": cannot write: " + reason(err);
        return false;
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        *error = path + ": cannot replace: " + reason(err);
        return false;
    }
    return true;
}

bool readWholeFile(const std::string& path, std::string* contents, std::string* error) {
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
        contents->append(buffer, std::size_t(n));
    }
    ::close(fd);
    return true;
}

}  // namespace mozart::io
