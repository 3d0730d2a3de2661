// TokenCacheFormat: the bytes of a token cache file, written and checked.
//
// Layout (little-endian; every section starts at a multiple of 8 bytes, padded with zeros):
//   header   160 bytes: magic "MZTOKCCH", format version, byte-order mark, tokenizer key (SHA-256
//            of the configuration, vocabulary size), id width (2 or 4), counts, section offsets,
//            file size, and three checksums (records+streams+strings, tokens, and last the header's
//            own over all its other bytes)
//   records  one fixed-size record per file, sorted by relative path (PieceRecord)
//   streams  (offset, length) of each token stream in the token section
//   strings  relative paths and messages, referenced by the records
//   tokens   all ids, uint16 when the vocabulary has fewer than 65536 tokens, else uint32
//
// parseTokenCache accepts nothing it has not fully checked: any truncation, flipped bit,
// inconsistent offset, out-of-range id or other tokenizer is reported as a reason, so a damaged
// cache is rebuilt and never read out of bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/PieceRecord.h"
#include "data/Sha256.h"
#include "data/TokenStore.h"

namespace mozart::data {

struct TokenCacheKey {
    Sha256Digest configDigest{};
    std::uint32_t vocabularySize = 0;
    int idWidth() const { return vocabularySize < 65536 ? 2 : 4; }
};

struct TokenCacheContents {
    std::vector<PieceRecord> records;      // sorted by relativePath, streams numbered in order
    std::vector<TokenStreamRef> streams;
    const std::uint8_t* tokens = nullptr;  // into the parsed bytes
    int width = 2;
};

// Checks and reads an image; false with `reason` ("truncated", "checksum mismatch in ...").
bool parseTokenCache(const std::uint8_t* data, std::size_t size, const TokenCacheKey& key,
                     TokenCacheContents* out, std::string* reason);

// Builds an image piece by piece; records must be added in increasing relativePath order.
class TokenCacheImageBuilder {
public:
    explicit TokenCacheImageBuilder(const TokenCacheKey& key);
    // The record's firstStream/streamCount are set from `streams`. Ids must be in the vocabulary.
    void addPiece(const PieceRecord& record, const std::vector<TokenSpan>& streams);
    std::vector<std::uint8_t> finish();

private:
    TokenCacheKey key_;
    std::vector<std::uint8_t> records_, streams_, strings_, tokens_;
    std::uint64_t pieceCount_ = 0, streamCount_ = 0, tokenCount_ = 0;
};

constexpr std::uint32_t kTokenCacheFormatVersion = 1;

// The word-wise checksum of the format (size a multiple of 8), exposed so that tests can forge
// images whose checksums match but whose contents lie.
std::uint64_t tokenCacheChecksum(const std::uint8_t* data, std::size_t size);

}  // namespace mozart::data
