#include "model/Safetensors.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

namespace mozart::model::safetensors {

namespace {

using K = FormatError::Kind;

struct DTypeName {
    DType dtype;
    const char* name;
    std::size_t size;
};

constexpr DTypeName kDTypes[] = {
    {DType::BOOL, "BOOL", 1},       {DType::U8, "U8", 1},           {DType::I8, "I8", 1},
    {DType::F8_E5M2, "F8_E5M2", 1}, {DType::F8_E4M3, "F8_E4M3", 1}, {DType::I16, "I16", 2},
    {DType::U16, "U16", 2},         {DType::F16, "F16", 2},         {DType::BF16, "BF16", 2},
    {DType::I32, "I32", 4},         {DType::U32, "U32", 4},         {DType::F32, "F32", 4},
    {DType::F64, "F64", 8},         {DType::I64, "I64", 8},         {DType::U64, "U64", 8},
};

bool mulOverflows(std::uint64_t a, std::uint64_t b, std::uint64_t& out) {
    return __builtin_mul_overflow(a, b, &out);
}

std::string inQuotes(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

std::size_t dtypeSize(DType d) {
    for (const auto& e : kDTypes)
        if (e.dtype == d) return e.size;
    return 0;
}

const char* dtypeName(DType d) {
    for (const auto& e : kDTypes)
        if (e.dtype == d) return e.name;
    return "?";
}

std::optional<DType> dtypeFromName(std::string_view name) {
    for (const auto& e : kDTypes)
        if (name == e.name) return e.dtype;
    return std::nullopt;
}

std::optional<FormatError> readHeaderLength(const unsigned char prefix[8], std::uint64_t fileSize,
                                            std::uint64_t& headerLength) {
    if (fileSize == 0) return FormatError{K::Malformed, 0, "the file is empty"};
    if (fileSize < 8)
        return FormatError{K::Malformed, 0,
                           "the file is only " + std::to_string(fileSize) +
                               " bytes long, too short for even the 8-byte header length"};
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | prefix[i];
    if (n > kMaxHeaderLength)
        return FormatError{K::Malformed, 0,
                           "the header claims " + std::to_string(n) + " bytes, more than the " +
                               std::to_string(kMaxHeaderLength) + " the format allows"};
    if (n < 2)
        return FormatError{
            K::Malformed, 0,
            "the header claims " + std::to_string(n) + " bytes, too few for a JSON object"};
    if (n > fileSize - 8)
        return FormatError{K::Truncated, 0,
                           "the header claims " + std::to_string(n) + " bytes but only " +
                               std::to_string(fileSize - 8) + " follow (truncated file?)"};
    headerLength = n;
    return std::nullopt;
}

std::optional<FormatError> parseHeader(std::string_view text, std::uint64_t headerLength,
                                       std::uint64_t fileSize, Header& out) {
    const std::uint64_t jsonStart = 8;
    if (text.size() != headerLength)
        return FormatError{K::Truncated, jsonStart, "the header is incomplete (truncated file?)"};

    // nlohmann keeps the last of duplicate keys silently; a file whose meaning depends on which
    // duplicate a reader keeps is refused instead.
    std::vector<std::set<std::string>> openObjects;
    std::string duplicate;
    auto callback = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using E = nlohmann::json::parse_event_t;
        if (event == E::object_start)
            openObjects.emplace_back();
        else if (event == E::object_end && !openObjects.empty())
            openObjects.pop_back();
        else if (event == E::key && !openObjects.empty() && duplicate.empty() &&
                 !openObjects.back().insert(parsed.get<std::string>()).second)
            duplicate = parsed.get<std::string>();
        return true;
    };
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.begin(), text.end(), callback);
    } catch (const nlohmann::json::parse_error& e) {
        return FormatError{K::Malformed, jsonStart + (e.byte > 0 ? e.byte - 1 : 0),
                           "the header is not valid JSON (" + std::string(e.what()) + ")"};
    } catch (const nlohmann::json::exception& e) {
        // A number beyond a double (1E400): out_of_range, not parse_error (fuzz_modelfile found it).
        return FormatError{K::Malformed, jsonStart, "the header is not valid JSON (" + std::string(e.what()) + ")"};
    }
    if (!duplicate.empty())
        return FormatError{K::Malformed, jsonStart,
                           "the header names " + inQuotes(duplicate) + " twice"};
    if (!j.is_object())
        return FormatError{K::Malformed, jsonStart, "the header is not a JSON object"};

    Header h;
    h.headerLength = headerLength;
    for (const auto& [name, entry] : j.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object())
                return FormatError{K::Malformed, jsonStart,
                                   "\"__metadata__\" is not a JSON object"};
            std::map<std::string, std::string> meta;
            for (const auto& [key, value] : entry.items()) {
                if (!value.is_string())
                    return FormatError{K::Malformed, jsonStart,
                                       "metadata value " + inQuotes(key) + " is not a string"};
                meta[key] = value.get<std::string>();
            }
            h.metadata = std::move(meta);
            continue;
        }
        const std::string where = "tensor " + inQuotes(name) + ": ";
        if (!entry.is_object())
            return FormatError{K::Malformed, jsonStart, where + "entry is not a JSON object"};
        for (const auto& [key, value] : entry.items())
            if (key != "dtype" && key != "shape" && key != "data_offsets")
                return FormatError{K::Malformed, jsonStart,
                                   where + "unexpected field " + inQuotes(key)};
        if (!entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
            return FormatError{K::Malformed, jsonStart,
                               where + "needs \"dtype\", \"shape\" and \"data_offsets\""};
        TensorInfo t;
        t.name = name;
        const auto& dtype = entry.at("dtype");
        const auto parsedType =
            dtype.is_string() ? dtypeFromName(dtype.get<std::string>()) : std::nullopt;
        if (!parsedType)
            return FormatError{K::Malformed, jsonStart, where + "unknown dtype " + dtype.dump()};
        t.dtype = *parsedType;
        const auto& shape = entry.at("shape");
        if (!shape.is_array())
            return FormatError{K::Malformed, jsonStart, where + "\"shape\" is not a list"};
        if (shape.size() > kMaxRank)
            return FormatError{K::Malformed, jsonStart,
                               where + "shape has " + std::to_string(shape.size()) +
                                   " dimensions, more than the supported " + std::to_string(kMaxRank)};
        std::uint64_t nonZeroProduct = 1;
        for (const auto& d : shape) {
            if (!d.is_number_unsigned())
                return FormatError{
                    K::Malformed, jsonStart,
                    where + "shape entry " + d.dump() + " is not a non-negative integer"};
            // A zero elsewhere in the shape makes the byte count 0 whatever this is; a reader
            // that turns the shape into sizes (int64) must still never see 2^63.
            const std::uint64_t dim = d.get<std::uint64_t>();
            if (dim > kMaxDimension || (dim > 0 && mulOverflows(nonZeroProduct, dim, nonZeroProduct)) ||
                nonZeroProduct > kMaxElements)
                return FormatError{K::Malformed, jsonStart,
                                   where + "shape " + shape.dump() +
                                       " is too large: a dimension or the elements exceed the supported " +
                                       std::to_string(kMaxElements) + " (overflow guard)"};
            t.shape.push_back(dim);
        }
        const auto& offsets = entry.at("data_offsets");
        if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
            !offsets[1].is_number_unsigned())
            return FormatError{K::Malformed, jsonStart,
                               where + "\"data_offsets\" must be two non-negative integers"};
        t.begin = offsets[0].get<std::uint64_t>();
        t.end = offsets[1].get<std::uint64_t>();
        if (t.end < t.begin)
            return FormatError{K::Malformed, jsonStart,
                               where + "data ends (" + std::to_string(t.end) +
                                   ") before it begins (" + std::to_string(t.begin) + ")"};
        std::uint64_t bytes = dtypeSize(t.dtype);
        for (auto d : t.shape)
            if (mulOverflows(bytes, d, bytes))
                return FormatError{K::Malformed, jsonStart,
                                   where + "shape is too large (overflow)"};
        if (t.end - t.begin != bytes)
            return FormatError{K::Malformed, jsonStart,
                               where + "a " + dtypeName(t.dtype) + " tensor of this shape takes " +
                                   std::to_string(bytes) + " bytes but its offsets span " +
                                   std::to_string(t.end - t.begin)};
        h.tensors.push_back(std::move(t));
    }

    // Offsets must tile the data section exactly: no gap, no overlap, nothing after the last one.
    std::sort(h.tensors.begin(), h.tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t expected = 0;
    for (const auto& t : h.tensors) {
        if (t.begin != expected)
            return FormatError{K::Malformed, jsonStart,
                               "tensor " + inQuotes(t.name) + " starts at data offset " +
                                   std::to_string(t.begin) + " but the previous tensor ends at " +
                                   std::to_string(expected) +
                                   (t.begin < expected ? " (overlap)" : " (gap)")};
        expected = t.end;
    }
    const std::uint64_t available = fileSize - 8 - headerLength;  // readHeaderLength checked it
    if (expected > available)
        return FormatError{K::Truncated, 8 + headerLength + available,
                           "the header promises " + std::to_string(expected) +
                               " bytes of tensor data but only " + std::to_string(available) +
                               " are in the file (truncated file?)"};
    if (expected < available)
        return FormatError{K::Trailing, 8 + headerLength + expected,
                           std::to_string(available - expected) +
                               " unexpected bytes follow the last tensor's data"};
    out = std::move(h);
    return std::nullopt;
}

std::string serializeHeader(const std::vector<TensorLayout>& tensors,
                            const std::optional<std::map<std::string, std::string>>& metadata,
                            std::vector<std::uint64_t>* offsets) {
    // ordered_json keeps the reference writer's field order (dtype, shape, data_offsets), so
    // files are byte-for-byte what the reference would write for the same order of tensors.
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    if (metadata) {
        nlohmann::ordered_json meta = nlohmann::ordered_json::object();
        for (const auto& [k, v] : *metadata) meta[k] = v;
        j["__metadata__"] = std::move(meta);
    }
    std::uint64_t offset = 0;
    if (offsets) offsets->clear();
    for (const auto& t : tensors) {
        std::uint64_t bytes = dtypeSize(t.dtype);
        for (auto d : t.shape) bytes *= d;
        nlohmann::ordered_json entry = nlohmann::ordered_json::object();
        entry["dtype"] = dtypeName(t.dtype);
        entry["shape"] = t.shape;
        entry["data_offsets"] = {offset, offset + bytes};
        j[t.name] = std::move(entry);
        if (offsets) offsets->push_back(offset);
        offset += bytes;
    }
    std::string json = j.dump();
    json.append((8 - json.size() % 8) % 8, ' ');
    std::string out(8, '\0');
    std::uint64_t n = json.size();
    for (int i = 0; i < 8; ++i) out[i] = char((n >> (8 * i)) & 0xff);
    return out + json;
}

}  // namespace mozart::model::safetensors
