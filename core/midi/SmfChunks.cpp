#include "midi/SmfChunks.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

namespace mozart::midi {

namespace {

std::uint32_t bigEndian32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}
std::uint32_t littleEndian32(const std::uint8_t* p) {
    return std::uint32_t(p[3]) << 24 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[1]) << 8 | p[0];
}
unsigned bigEndian16(const std::uint8_t* p) { return unsigned(p[0]) << 8 | p[1]; }

bool hasTag(const std::uint8_t* p, std::size_t available, const char* tag) {
    return available >= 4 && std::memcmp(p, tag, 4) == 0;
}

// A chunk or file tag for a message: 'MTrk' when printable, else hex bytes.
std::string describeTag(const std::uint8_t* p, std::size_t available) {
    const std::size_t n = std::min<std::size_t>(available, 4);
    bool printable = n > 0;
    for (std::size_t i = 0; i < n; ++i) printable = printable && p[i] >= 0x20 && p[i] < 0x7F;
    if (printable) return "'" + std::string(reinterpret_cast<const char*>(p), n) + "'";
    std::string hex = "bytes";
    char buffer[4];
    for (std::size_t i = 0; i < n; ++i) {
        std::snprintf(buffer, sizeof buffer, " %02X", p[i]);
        hex += buffer;
    }
    return hex;
}

// Finds the MIDI data inside a RIFF RMID file: [*begin, *end) of the 'data' chunk.
bool unwrapRmid(const std::uint8_t* data, std::size_t size, ReadDiagnostics& diagnostics,
                std::size_t* begin, std::size_t* end) {
    if (size < 12) {
        diagnostics.fail(0, "RIFF file cut off after " + std::to_string(size) + " bytes");
        return false;
    }
    if (!hasTag(data + 8, 4, "RMID")) {
        diagnostics.fail(8, "RIFF file of type " + describeTag(data + 8, 4) +
                                " is not a MIDI file (RMID)");
        return false;
    }
    std::size_t pos = 12;
    while (size - pos >= 8) {
        const std::size_t length = littleEndian32(data + pos + 4);
        if (hasTag(data + pos, 4, "data")) {
            *begin = pos + 8;
            const std::size_t available = size - *begin;
            if (length > available) {
                diagnostics.warn(pos, "RMID 'data' chunk claims " + std::to_string(length) +
                                          " bytes but only " + std::to_string(available) +
                                          " remain; reading what is there");
            }
            *end = *begin + std::min(length, available);
            return true;
        }
        const std::size_t skip = 8 + length + (length & 1);  // RIFF chunks are padded to even
        if (skip > size - pos) break;
        pos += skip;
    }
    diagnostics.fail(12, "RMID file has no 'data' chunk holding MIDI data");
    return false;
}

}  // namespace

bool readSmfLayout(const std::uint8_t* data, std::size_t size, ReadDiagnostics& diagnostics,
                   SmfLayout* layout) {
    if (size == 0) {
        diagnostics.fail(0, "the file is empty");
        return false;
    }
    std::size_t begin = 0;
    std::size_t end = size;
    if (hasTag(data, size, "RIFF") && !unwrapRmid(data, size, diagnostics, &begin, &end))
        return false;

    const std::uint8_t* smf = data + begin;
    const std::size_t smfSize = end - begin;
    if (!hasTag(smf, smfSize, "MThd")) {
        diagnostics.fail(begin, "not a Standard MIDI File: it starts with " +
                                    describeTag(smf, smfSize) + " instead of 'MThd'");
        return false;
    }
    if (smfSize < 14) {
        diagnostics.fail(begin, "the MIDI header is cut off: only " + std::to_string(smfSize) +
                                    " bytes where 14 are needed");
        return false;
    }
    const std::size_t headerLength = bigEndian32(smf + 4);
    if (headerLength < 6) {
        diagnostics.fail(begin + 4, "the MIDI header chunk is " + std::to_string(headerLength) +
                                        " bytes long; it must be at least 6");
        return false;
    }
    if (headerLength > smfSize - 8) {
        diagnostics.fail(begin + 4, "the MIDI header chunk claims " +
                                        std::to_string(headerLength) + " bytes but the file ends first");
        return false;
    }
    if (headerLength > 6) {
        diagnostics.warn(begin + 4, "the MIDI header chunk is " + std::to_string(headerLength) +
                                        " bytes long instead of 6; the extra bytes were skipped");
    }
    const unsigned format = bigEndian16(smf + 8);
    const unsigned announced = bigEndian16(smf + 10);
    const unsigned division = bigEndian16(smf + 12);
    if (format > 2) {
        diagnostics.fail(begin + 8, "unknown MIDI file format " + std::to_string(format) +
                                        " (only 0, 1 and 2 exist)");
        return false;
    }
    if (division & 0x8000) {
        const int framesPerSecond = 256 - int(division >> 8);
        diagnostics.fail(begin + 12, "the file counts time in SMPTE frames (" +
                                         std::to_string(framesPerSecond) + " fps, " +
                                         std::to_string(division & 0xFF) +
                                         " ticks per frame), which is not supported; only "
                                         "ticks per quarter note are");
        return false;
    }
    if (division == 0) {
        diagnostics.fail(begin + 12, "the header gives 0 ticks per quarter note");
        return false;
    }
    layout->format = int(format);
    layout->announcedTracks = int(announced);
    layout->ticksPerQuarter = int(division);
    layout->tracks.clear();
    if (announced == 0) {
        diagnostics.warn(begin + 10, "the header announces no tracks, so the file holds no music");
        return true;
    }
    layout->tracks.reserve(std::min<std::size_t>(announced, smfSize / 8));

    // Walk the chunks as symusic does: up to the announced number of track chunks.
    std::size_t pos = 8 + headerLength;
    bool damaged = false;
    while (pos < smfSize && layout->tracks.size() < announced) {
        const std::size_t left = smfSize - pos;
        if (left < 8) {
            diagnostics.warn(begin + pos, std::to_string(left) +
                                              " stray bytes after the last chunk were ignored");
            damaged = true;
            break;
        }
        const std::size_t length = bigEndian32(smf + pos + 4);
        const std::size_t available = left - 8;
        if (hasTag(smf + pos, left, "MTrk")) {
            if (length > available) {
                diagnostics.warn(begin + pos,
                                 "track chunk " + std::to_string(layout->tracks.size() + 1) +
                                     " claims " + std::to_string(length) + " bytes but only " +
                                     std::to_string(available) + " remain; reading what is there");
                damaged = true;
            }
            layout->tracks.push_back({begin + pos + 8, std::min(length, available)});
        } else if (length > available) {
            diagnostics.warn(begin + pos, "chunk " + describeTag(smf + pos, 4) + " claims " +
                                              std::to_string(length) + " bytes but only " +
                                              std::to_string(available) +
                                              " remain; the rest of the file was ignored");
            damaged = true;
            break;
        }
        pos += 8 + std::min(length, available);
    }

    if (damaged) return true;  // one warning per damage is enough
    if (layout->tracks.size() < announced) {
        diagnostics.warn(begin + 10, "the header announces " + std::to_string(announced) +
                                         " tracks but the file holds " +
                                         std::to_string(layout->tracks.size()));
        return true;
    }
    // symusic reads only the announced number of tracks; say so if more follow.
    for (std::size_t p = pos; p + 8 <= smfSize;) {
        if (hasTag(smf + p, 4, "MTrk")) {
            diagnostics.warn(begin + p, "the file holds more track chunks than the " +
                                            std::to_string(announced) +
                                            " its header announces; the extra ones were ignored");
            break;
        }
        const std::size_t length = bigEndian32(smf + p + 4);
        if (length > smfSize - p - 8) break;
        p += 8 + length;
    }
    return true;
}

}  // namespace mozart::midi
