// TokenStore: the token streams of a dataset, read in place from the token cache image (usually
// a memory mapping). Ids are stored as uint16 when the vocabulary has fewer than 65536 tokens,
// else as uint32; TokenSpan hides the difference.
//
// Immutable; safe to read from any number of threads. Whoever holds a TokenSpan must also hold
// the store (Dataset and TrainingWindows keep a shared_ptr to it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "data/ReadOnlyBytes.h"

namespace mozart::data {

class TokenSpan {
public:
    TokenSpan() = default;
    TokenSpan(const std::uint8_t* data, std::size_t size, int width)
        : data_(data), size_(size), width_(width) {}

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    int width() const { return width_; }  // bytes per id: 2 or 4
    std::int32_t operator[](std::size_t i) const {
        if (width_ == 2) {
            std::uint16_t v;
            std::memcpy(&v, data_ + 2 * i, 2);
            return v;
        }
        std::int32_t v;
        std::memcpy(&v, data_ + 4 * i, 4);
        return v;
    }
    TokenSpan subspan(std::size_t offset, std::size_t count) const {
        return TokenSpan(data_ + offset * std::size_t(width_), count, width_);
    }
    std::vector<std::int32_t> toVector() const;
    const std::uint8_t* bytes() const { return data_; }

private:
    const std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
    int width_ = 2;
};

struct TokenStreamRef {
    std::uint64_t offset = 0;  // in ids from the start of the token section
    std::uint64_t length = 0;
};

class TokenStore {
public:
    TokenStore(std::shared_ptr<const ReadOnlyBytes> image, const std::uint8_t* tokens, int width,
               std::vector<TokenStreamRef> streams)
        : image_(std::move(image)), tokens_(tokens), width_(width), streams_(std::move(streams)) {}

    std::size_t streamCount() const { return streams_.size(); }
    TokenSpan stream(std::size_t i) const {
        const auto& s = streams_[i];
        return TokenSpan(tokens_ + s.offset * std::size_t(width_), std::size_t(s.length), width_);
    }
    int width() const { return width_; }
    // True when the ids are read from a mapped cache file rather than memory of our own.
    bool isMapped() const { return image_ && image_->isMapped(); }

private:
    std::shared_ptr<const ReadOnlyBytes> image_;
    const std::uint8_t* tokens_;
    int width_;
    std::vector<TokenStreamRef> streams_;
};

inline std::vector<std::int32_t> TokenSpan::toVector() const {
    std::vector<std::int32_t> out(size_);
    for (std::size_t i = 0; i < size_; ++i) out[i] = (*this)[i];
    return out;
}

}  // namespace mozart::data
