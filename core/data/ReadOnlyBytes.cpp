#include "data/ReadOnlyBytes.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mozart::data {

std::shared_ptr<const ReadOnlyBytes> ReadOnlyBytes::mapFile(const std::string& path, std::string* error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = path + ": cannot open: " + std::strerror(errno);
        return nullptr;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const int err = errno;
        ::close(fd);
        *error = path + ": not a regular file" + (err ? std::string(": ") + std::strerror(err) : "");
        return nullptr;
    }
    std::shared_ptr<ReadOnlyBytes> bytes(new ReadOnlyBytes);
    if (st.st_size > 0) {
        void* p = ::mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            *error = path + ": cannot map: " + std::strerror(errno);
            ::close(fd);
            return nullptr;
        }
        bytes->data_ = static_cast<const std::uint8_t*>(p);
        bytes->size_ = std::size_t(st.st_size);
        bytes->mapped_ = true;
    }
    // The mapping stays valid after close. The cache is only ever replaced by rename, never
    // rewritten in place, so the mapped bytes cannot change under us.
    ::close(fd);
    return bytes;
}

std::shared_ptr<const ReadOnlyBytes> ReadOnlyBytes::fromBuffer(std::vector<std::uint8_t> buffer) {
    std::shared_ptr<ReadOnlyBytes> bytes(new ReadOnlyBytes);
    bytes->buffer_ = std::move(buffer);
    bytes->data_ = bytes->buffer_.data();
    bytes->size_ = bytes->buffer_.size();
    return bytes;
}

ReadOnlyBytes::~ReadOnlyBytes() {
    if (mapped_) ::munmap(const_cast<std::uint8_t*>(data_), size_);
}

}  // namespace mozart::data
