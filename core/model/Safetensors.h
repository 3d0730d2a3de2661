// Safetensors: the byte layout of the safetensors format, without any tensor library.
//
//   [8 bytes: N, unsigned little-endian] [N bytes: JSON header, space padded] [tensor data]
//
// The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets
// relative to the start of the data) plus an optional "__metadata__" object of string values.
// parseHeader() applies every rule the reference implementation (huggingface/safetensors)
// enforces, and a few stricter ones (no duplicate names, exactly the three fields per tensor),
// so whatever it accepts, that library accepts too; serializeHeader() writes what it writes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mozart::model::safetensors {

// The reference's dtypes, in its order (increasing alignment).
enum class DType {
    BOOL,
    U8,
    I8,
    F8_E5M2,
    F8_E4M3,
    I16,
    U16,
    F16,
    BF16,
    I32,
    U32,
    F32,
    F64,
    I64,
    U64
};

std::size_t dtypeSize(DType d);
const char* dtypeName(DType d);
std::optional<DType> dtypeFromName(std::string_view name);

// The reference implementation refuses larger headers; so do we.
constexpr std::uint64_t kMaxHeaderLength = 100'000'000;
// Stricter than the reference: at most 8 dimensions, and no dimension (nor the product of the
// non-zero ones) above 2^40 elements, even in a tensor of zero bytes, so that every shape fits
// int64 sizes with room to multiply.
constexpr std::size_t kMaxRank = 8;
constexpr std::uint64_t kMaxDimension = 1ULL << 40;
constexpr std::uint64_t kMaxElements = 1ULL << 40;

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::uint64_t> shape;
    std::uint64_t begin = 0;  // data offsets, relative to the first byte after the header
    std::uint64_t end = 0;
    std::uint64_t byteSize() const { return end - begin; }
};

struct Header {
    std::uint64_t headerLength = 0;   // N
    std::vector<TensorInfo> tensors;  // sorted by data offset
    std::optional<std::map<std::string, std::string>> metadata;
    std::uint64_t dataStart() const { return 8 + headerLength; }
    std::uint64_t dataLength() const { return tensors.empty() ? 0 : tensors.back().end; }
};

// What is wrong and where (byte offset in the file).
struct FormatError {
    enum class Kind {
        Malformed,  // not this format at all, or a header that breaks its rules
        Truncated,  // the file ends before the header or the data it announces
        Trailing,   // bytes after the last tensor's data
    };
    Kind kind = Kind::Malformed;
    std::uint64_t offset = 0;
    std::string message;
};

// Decodes the 8-byte prefix. Checks it against the file size and the header size limit.
std::optional<FormatError> readHeaderLength(const unsigned char prefix[8], std::uint64_t fileSize,
                                            std::uint64_t& headerLength);

// Parses and checks the JSON header (the N bytes after the prefix) of a file of `fileSize` bytes:
// UTF-8 JSON object; each tensor entry has a known dtype, a shape of non-negative integers and
// offsets whose span equals shape x dtype size without overflow; offsets tile the data section
// from 0 with no gap or overlap and end exactly at the end of the file; metadata values are
// strings.
std::optional<FormatError> parseHeader(std::string_view json, std::uint64_t headerLength,
                                       std::uint64_t fileSize, Header& out);

struct TensorLayout {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::uint64_t> shape;
};

// The 8-byte prefix and the header for tensors stored in the given order, back to back, padded
// with spaces so the data starts 8-byte aligned. The returned offsets (one per tensor) say
// where each tensor's bytes go, relative to the end of the returned string.
std::string serializeHeader(const std::vector<TensorLayout>& tensors,
                            const std::optional<std::map<std::string, std::string>>& metadata,
                            std::vector<std::uint64_t>* offsets = nullptr);

}  // namespace mozart::model::safetensors
