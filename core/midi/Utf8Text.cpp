#include "midi/Utf8Text.h"

namespace mozart::midi {

namespace {

enum class Utf8Status { Ok, CutOff, BadLead, Malformed };

bool isContinuation(std::uint8_t b) { return (b >> 6) == 0x2; }

int sequenceLength(std::uint8_t lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 0;
}

// Decodes one sequence at data[pos]; on success sets `length`.
Utf8Status decode(const std::uint8_t* data, std::size_t size, std::size_t pos, int* length) {
    const int n = sequenceLength(data[pos]);
    if (n == 0) return Utf8Status::BadLead;
    static constexpr std::uint32_t kLeadMask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    std::uint32_t cp = data[pos] & kLeadMask[n];
    for (int i = 1; i < n; ++i) {
        if (pos + std::size_t(i) >= size) return Utf8Status::CutOff;
        if (!isContinuation(data[pos + i])) return Utf8Status::Malformed;
        cp = (cp << 6) | (data[pos + i] & 0x3F);
    }
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    if (cp > 0x10FFFF || surrogate) return Utf8Status::Malformed;
    const int shortest = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (shortest != n) return Utf8Status::Malformed;  // overlong
    *length = n;
    return Utf8Status::Ok;
}

}  // namespace

std::string sanitizeUtf8(const std::uint8_t* data, std::size_t size) {
    static constexpr char kReplacement[] = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(size);
    std::size_t pos = 0;
    while (pos < size) {
        int length = 0;
        switch (decode(data, size, pos, &length)) {
        case Utf8Status::Ok:
            out.append(reinterpret_cast<const char*>(data + pos), std::size_t(length));
            pos += std::size_t(length);
            break;
        case Utf8Status::CutOff:
            out += kReplacement;
            pos = size;
            break;
        case Utf8Status::BadLead:
            out += kReplacement;
            ++pos;
            break;
        case Utf8Status::Malformed:
            out += kReplacement;
            ++pos;
            while (pos < size && isContinuation(data[pos])) ++pos;
            break;
        }
    }
    return out;
}

}  // namespace mozart::midi
