// libFuzzer target: the token cache reader (parseTokenCache) on images that pass its checksums.
//
// The checksums would stop a blind fuzzer at the header, so the input drives a writer instead: a
// valid image is built from input-chosen pieces (TokenCacheImageBuilder), then the rest of the
// input flips bytes anywhere in it, and the three checksums are stamped again over the damaged
// image, as a forger would. parseTokenCache must then refuse or accept without reading out of
// bounds, and whatever it accepts must stay inside the image: every stream within the token
// section, every id within the vocabulary.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "data/TokenCacheFormat.h"

using namespace mozart::data;

namespace {

struct Input {
    const std::uint8_t* p;
    std::size_t n;
    std::uint8_t byte() { return n ? (--n, *p++) : 0; }
    std::uint16_t u16() { return std::uint16_t(byte() | (byte() << 8)); }
};

void set64(std::vector<std::uint8_t>& b, std::size_t at, std::uint64_t v) {
    if (at + 8 <= b.size()) std::memcpy(b.data() + at, &v, 8);
}
std::uint64_t get64(const std::vector<std::uint8_t>& b, std::size_t at) {
    std::uint64_t v = 0;
    if (at + 8 <= b.size()) std::memcpy(&v, b.data() + at, 8);
    return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in{data, size};
    TokenCacheKey key;
    key.vocabularySize = in.byte() & 1 ? 70000 : 300;  // 2- and 4-byte ids
    for (std::size_t i = 0; i < key.configDigest.size(); ++i) key.configDigest[i] = std::uint8_t(i);
    TokenCacheImageBuilder builder(key);
    const int pieces = in.byte() % 5;
    for (int k = 0; k < pieces; ++k) {
        PieceRecord r;
        r.relativePath = "p" + std::to_string(k) + std::string(in.byte() % 8, 'x');
        r.message = std::string(in.byte() % 4, 'm');
        r.fileSize = in.u16();
        std::vector<std::vector<std::int32_t>> ids(in.byte() % 3);
        for (auto& s : ids) {
            s.resize(in.byte() % 16);
            for (auto& id : s) id = std::int32_t(in.u16() % key.vocabularySize);
        }
        std::vector<TokenSpan> spans;
        for (const auto& s : ids) spans.emplace_back(reinterpret_cast<const std::uint8_t*>(s.data()), s.size(), 4);
        builder.addPiece(r, spans);
    }
    std::vector<std::uint8_t> image = builder.finish();
    // Damage: (offset, xor) pairs from the rest of the input.
    while (in.n >= 3) {
        const std::size_t at = in.u16() % (image.size() + 1);
        const std::uint8_t x = in.byte();
        if (at < image.size()) image[at] ^= x;
        else image.push_back(x);
    }
    // Forge the checksums over whatever the header now claims (clamped to the image).
    const std::uint64_t tokensOffset = std::min<std::uint64_t>(get64(image, 112) & ~7ull, image.size());
    if (image.size() >= 160 && tokensOffset >= 160) {
        set64(image, 128, tokenCacheChecksum(image.data() + 160, (tokensOffset - 160) & ~std::size_t(7)));
        set64(image, 136, tokenCacheChecksum(image.data() + tokensOffset, (image.size() - tokensOffset) & ~std::size_t(7)));
        set64(image, 152, tokenCacheChecksum(image.data(), 152));
    }
    TokenCacheContents contents;
    std::string reason;
    if (!parseTokenCache(image.data(), image.size(), key, &contents, &reason)) {
        if (reason.empty()) std::abort();
        return 0;
    }
    const std::uint8_t* end = image.data() + image.size();
    for (const auto& s : contents.streams) {
        const std::uint8_t* first = contents.tokens + s.offset * std::size_t(contents.width);
        if (first < contents.tokens || first + s.length * std::size_t(contents.width) > end) std::abort();
        for (std::uint64_t i = 0; i < s.length; ++i) {
            std::uint32_t id = 0;
            std::memcpy(&id, first + i * std::size_t(contents.width), std::size_t(contents.width));
            if (id >= key.vocabularySize) std::abort();
        }
    }
    return 0;
}
