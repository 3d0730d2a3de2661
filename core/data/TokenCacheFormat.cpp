#include "data/TokenCacheFormat.h"

#include <algorithm>
#include <cstring>

namespace mozart::data {

namespace {

constexpr char kMagic[8] = {'M', 'Z', 'T', 'O', 'K', 'C', 'C', 'H'};
constexpr std::uint32_t kByteOrderMark = 0x01020304;
constexpr std::size_t kHeaderSize = 160;
constexpr std::size_t kRecordSize = 656;
constexpr std::size_t kStreamSize = 16;

// Header field offsets.
enum : std::size_t {
    kVersionAt = 8, kByteOrderAt = 12, kDigestAt = 16, kVocabAt = 48, kWidthAt = 52,
    kPiecesAt = 56, kStreamsAt = 64, kTokensAt = 72, kStringBytesAt = 80,
    kRecordsOffsetAt = 88, kStreamsOffsetAt = 96, kStringsOffsetAt = 104, kTokensOffsetAt = 112,
    kFileSizeAt = 120, kMetaSumAt = 128, kTokenSumAt = 136, kHeaderSumAt = 152  // 144: zero
};

std::size_t padded8(std::size_t n) { return (n + 7) & ~std::size_t(7); }

void put(std::vector<std::uint8_t>& out, const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    out.insert(out.end(), b, b + n);
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) { put(out, &v, 4); }
void put64(std::vector<std::uint8_t>& out, std::uint64_t v) { put(out, &v, 8); }
void pad8(std::vector<std::uint8_t>& out) { out.resize(padded8(out.size()), 0); }

std::uint32_t get32(const std::uint8_t* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}
std::uint64_t get64(const std::uint8_t* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}
void set64(std::uint8_t* p, std::uint64_t v) { std::memcpy(p, &v, 8); }

std::uint64_t checksum(const std::uint8_t* p, std::size_t size) { return tokenCacheChecksum(p, size); }

bool hostIsLittleEndian() {
    const std::uint32_t one = 1;
    std::uint8_t first;
    std::memcpy(&first, &one, 1);
    return first == 1;
}

}  // namespace

// Word-wise multiply-xorshift; meant to catch damage, not attacks. Each step is a bijection of
// the state for a given word, so any one changed word always changes the result.
std::uint64_t tokenCacheChecksum(const std::uint8_t* p, std::size_t size) {
    std::uint64_t h = 0x9e3779b97f4a7c15ull ^ size;
    for (std::size_t i = 0; i + 8 <= size; i += 8) {
        h = (h ^ get64(p + i)) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

TokenCacheImageBuilder::TokenCacheImageBuilder(const TokenCacheKey& key) : key_(key) {}

void TokenCacheImageBuilder::addPiece(const PieceRecord& record, const std::vector<TokenSpan>& streams) {
    const std::uint64_t pathOffset = strings_.size();
    put(strings_, record.relativePath.data(), record.relativePath.size());
    const std::uint64_t messageOffset = strings_.size();
    put(strings_, record.message.data(), record.message.size());

    std::uint64_t tokenCount = 0;
    for (const auto& span : streams) {
        put64(streams_, tokenCount_);
        put64(streams_, span.size());
        const std::size_t width = std::size_t(key_.idWidth()), at = tokens_.size();
        tokens_.resize(at + span.size() * width);
        std::uint8_t* out = tokens_.data() + at;
        if (width == 2 && span.width() == 2) {
            std::memcpy(out, span.bytes(), span.size() * 2);
        } else {
            for (std::size_t i = 0; i < span.size(); ++i) {
                const std::uint32_t id = std::uint32_t(span[i]);
                if (width == 2) {
                    const std::uint16_t narrow = std::uint16_t(id);
                    std::memcpy(out + 2 * i, &narrow, 2);
                } else {
                    std::memcpy(out + 4 * i, &id, 4);
                }
            }
        }
        tokenCount_ += span.size();
        tokenCount += span.size();
    }

    put64(records_, pathOffset);
    put32(records_, std::uint32_t(record.relativePath.size()));
    put32(records_, std::uint32_t(record.message.size()));
    put64(records_, messageOffset);
    put64(records_, record.fileSize);
    put64(records_, std::uint64_t(record.modifiedNs));
    put(records_, record.contentDigest.data(), 32);
    put(records_, record.noteDigest.data(), 32);
    put64(records_, record.noteCount);
    put(records_, &record.durationSeconds, 8);
    put64(records_, tokenCount);
    put32(records_, std::uint32_t(streamCount_));
    put32(records_, std::uint32_t(streams.size()));
    put32(records_, record.usable ? 1 : 0);
    put32(records_, 0);
    put(records_, record.pitchHistogram.data(), 4 * 128);
    streamCount_ += streams.size();
    ++pieceCount_;
}

std::vector<std::uint8_t> TokenCacheImageBuilder::finish() {
    pad8(strings_);
    pad8(tokens_);
    const std::uint64_t recordsOffset = kHeaderSize;
    const std::uint64_t streamsOffset = recordsOffset + records_.size();
    const std::uint64_t stringsOffset = streamsOffset + streams_.size();
    const std::uint64_t tokensOffset = stringsOffset + strings_.size();
    const std::uint64_t fileSize = tokensOffset + tokens_.size();

    std::vector<std::uint8_t> out;
    out.reserve(fileSize);
    put(out, kMagic, 8);
    put32(out, kTokenCacheFormatVersion);
    put32(out, kByteOrderMark);
    put(out, key_.configDigest.data(), 32);
    put32(out, key_.vocabularySize);
    put32(out, std::uint32_t(key_.idWidth()));
    put64(out, pieceCount_);
    put64(out, streamCount_);
    put64(out, tokenCount_);
    put64(out, strings_.size());
    put64(out, recordsOffset);
    put64(out, streamsOffset);
    put64(out, stringsOffset);
    put64(out, tokensOffset);
    put64(out, fileSize);
    out.resize(kHeaderSize, 0);  // checksums filled below
    put(out, records_.data(), records_.size());
    put(out, streams_.data(), streams_.size());
    put(out, strings_.data(), strings_.size());
    put(out, tokens_.data(), tokens_.size());

    set64(out.data() + kMetaSumAt, checksum(out.data() + recordsOffset, tokensOffset - recordsOffset));
    set64(out.data() + kTokenSumAt, checksum(out.data() + tokensOffset, fileSize - tokensOffset));
    set64(out.data() + kHeaderSumAt, checksum(out.data(), kHeaderSumAt));
    return out;
}

bool parseTokenCache(const std::uint8_t* data, std::size_t size, const TokenCacheKey& key,
                     TokenCacheContents* out, std::string* reason) {
    auto fail = [&](const std::string& why) {
        *reason = why;
        return false;
    };
    if (!hostIsLittleEndian()) return fail("this machine is big-endian; the cache format is little-endian");
    if (size < kHeaderSize) return fail("truncated (" + std::to_string(size) + " bytes, no complete header)");
    if (std::memcmp(data, kMagic, 8) != 0) return fail("not a Mozart token cache (wrong magic)");
    if (get32(data + kVersionAt) != kTokenCacheFormatVersion)
        return fail("format version " + std::to_string(get32(data + kVersionAt)) + ", expected " +
                    std::to_string(kTokenCacheFormatVersion));
    if (get32(data + kByteOrderAt) != kByteOrderMark) return fail("written with another byte order");
    if (get64(data + kHeaderSumAt) != checksum(data, kHeaderSumAt)) return fail("header checksum mismatch");
    if (std::memcmp(data + kDigestAt, key.configDigest.data(), 32) != 0 ||
        get32(data + kVocabAt) != key.vocabularySize)
        return fail("made for another tokenizer configuration");
    const int width = int(get32(data + kWidthAt));
    if (width != key.idWidth()) return fail("unexpected id width " + std::to_string(width));

    const std::uint64_t pieces = get64(data + kPiecesAt), streams = get64(data + kStreamsAt);
    const std::uint64_t tokens = get64(data + kTokensAt), stringBytes = get64(data + kStringBytesAt);
    if (get64(data + kFileSizeAt) != size)
        return fail("truncated or extended: header says " + std::to_string(get64(data + kFileSizeAt)) +
                    " bytes, file has " + std::to_string(size));
    // Counts are bounded by the file size before any multiplication can overflow.
    if (pieces > size / kRecordSize || streams > size / kStreamSize || tokens > size / 2 ||
        stringBytes > size)
        return fail("counts larger than the file");
    const std::uint64_t recordsOffset = kHeaderSize;
    const std::uint64_t streamsOffset = recordsOffset + pieces * kRecordSize;
    const std::uint64_t stringsOffset = streamsOffset + streams * kStreamSize;
    const std::uint64_t tokensOffset = stringsOffset + padded8(stringBytes);
    const std::uint64_t fileSize = tokensOffset + padded8(tokens * std::uint64_t(width));
    if (get64(data + kRecordsOffsetAt) != recordsOffset || get64(data + kStreamsOffsetAt) != streamsOffset ||
        get64(data + kStringsOffsetAt) != stringsOffset || get64(data + kTokensOffsetAt) != tokensOffset ||
        fileSize != size)
        return fail("inconsistent section offsets");
    if (get64(data + kMetaSumAt) != checksum(data + recordsOffset, tokensOffset - recordsOffset))
        return fail("checksum mismatch in the file records");
    if (get64(data + kTokenSumAt) != checksum(data + tokensOffset, fileSize - tokensOffset))
        return fail("checksum mismatch in the tokens");

    TokenCacheContents contents;
    contents.width = width;
    contents.tokens = data + tokensOffset;
    contents.streams.resize(std::size_t(streams));
    for (std::uint64_t s = 0; s < streams; ++s) {
        const std::uint8_t* p = data + streamsOffset + s * kStreamSize;
        auto& ref = contents.streams[std::size_t(s)];
        ref.offset = get64(p);
        ref.length = get64(p + 8);
        if (ref.offset > tokens || ref.length > tokens - ref.offset)
            return fail("stream " + std::to_string(s) + " lies outside the tokens");
    }
    const char* strings = reinterpret_cast<const char*>(data + stringsOffset);
    std::uint64_t nextStream = 0;
    contents.records.resize(std::size_t(pieces));
    for (std::uint64_t i = 0; i < pieces; ++i) {
        const std::uint8_t* p = data + recordsOffset + i * kRecordSize;
        PieceRecord& r = contents.records[std::size_t(i)];
        const std::uint64_t pathOffset = get64(p), pathLength = get32(p + 8);
        const std::uint64_t messageLength = get32(p + 12), messageOffset = get64(p + 16);
        if (pathOffset > stringBytes || pathLength > stringBytes - pathOffset ||
            messageOffset > stringBytes || messageLength > stringBytes - messageOffset)
            return fail("record " + std::to_string(i) + " names text outside the strings");
        r.relativePath.assign(strings + pathOffset, std::size_t(pathLength));
        r.message.assign(strings + messageOffset, std::size_t(messageLength));
        r.fileSize = get64(p + 24);
        r.modifiedNs = std::int64_t(get64(p + 32));
        std::memcpy(r.contentDigest.data(), p + 40, 32);
        std::memcpy(r.noteDigest.data(), p + 72, 32);
        r.noteCount = get64(p + 104);
        std::memcpy(&r.durationSeconds, p + 112, 8);
        r.tokenCount = get64(p + 120);
        r.firstStream = get32(p + 128);
        r.streamCount = get32(p + 132);
        const std::uint32_t usable = get32(p + 136);
        std::memcpy(r.pitchHistogram.data(), p + 144, 4 * 128);
        if (usable > 1) return fail("record " + std::to_string(i) + " has a bad flag");
        r.usable = usable == 1;
        if (r.firstStream != nextStream || r.streamCount > streams - nextStream)
            return fail("record " + std::to_string(i) + " has inconsistent streams");
        std::uint64_t counted = 0;
        for (std::uint32_t s = 0; s < r.streamCount; ++s) counted += contents.streams[r.firstStream + s].length;
        if (counted != r.tokenCount) return fail("record " + std::to_string(i) + " miscounts its tokens");
        nextStream += r.streamCount;
        if (i > 0 && !(contents.records[std::size_t(i - 1)].relativePath < r.relativePath))
            return fail("records out of order");
    }
    if (nextStream != streams) return fail("streams not covered by records");

    // Ids index embedding tables downstream: check them even though the checksum matched.
    std::uint32_t maxId = 0;
    if (width == 2) {
        for (std::uint64_t t = 0; t < tokens; ++t) {
            std::uint16_t v;
            std::memcpy(&v, contents.tokens + 2 * t, 2);
            maxId = std::max<std::uint32_t>(maxId, v);
        }
    } else {
        for (std::uint64_t t = 0; t < tokens; ++t) maxId = std::max(maxId, get32(contents.tokens + 4 * t));
    }
    if (tokens > 0 && maxId >= key.vocabularySize)
        return fail("token id " + std::to_string(maxId) + " outside the vocabulary");
    *out = std::move(contents);
    return true;
}

}  // namespace mozart::data
