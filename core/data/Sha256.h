// Sha256: the SHA-256 digest (FIPS 180-4), used to recognise identical files and identical note
// content, and to key caches and splits. Plain and portable so that a digest printed here equals
// what `sha256sum` prints for the same bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace mozart::data {

using Sha256Digest = std::array<std::uint8_t, 32>;

class Sha256 {
public:
    Sha256();
    void add(const void* data, std::size_t size);
    void add(const std::string& text) { add(text.data(), text.size()); }
    // Ends the message; the object must not be used afterwards.
    Sha256Digest finish();

    static Sha256Digest of(const void* data, std::size_t size);
    static Sha256Digest of(const std::string& text) { return of(text.data(), text.size()); }

private:
    void compress(const std::uint8_t* block);

    std::uint32_t state_[8];
    std::uint8_t buffer_[64];
    std::size_t buffered_ = 0;
    std::uint64_t totalBytes_ = 0;
};

// Lower-case hexadecimal, as sha256sum prints it.
std::string toHex(const Sha256Digest& digest);
// The first 8 bytes read as a big-endian number: a well-mixed 64-bit key.
std::uint64_t leadingBits64(const Sha256Digest& digest);

}  // namespace mozart::data
