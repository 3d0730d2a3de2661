// ReadOnlyBytes: bytes that stay at one address for as long as the object lives: a read-only
// memory mapping of a file (POSIX mmap), or a buffer moved in. The token cache keeps its image in
// one, so a warm dataset shares the page cache instead of copying the tokens.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mozart::data {

class ReadOnlyBytes {
public:
    // Maps the whole file; nullptr (with `error`) when it cannot be opened or mapped. An empty
    // file gives an empty, valid object.
    static std::shared_ptr<const ReadOnlyBytes> mapFile(const std::string& path, std::string* error);
    static std::shared_ptr<const ReadOnlyBytes> fromBuffer(std::vector<std::uint8_t> bytes);

    ReadOnlyBytes(const ReadOnlyBytes&) = delete;
    ReadOnlyBytes& operator=(const ReadOnlyBytes&) = delete;
    ~ReadOnlyBytes();

    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    bool isMapped() const { return mapped_; }

private:
    ReadOnlyBytes() = default;

    const std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
    bool mapped_ = false;
    std::vector<std::uint8_t> buffer_;
};

}  // namespace mozart::data
