#include "midi/SmfReader.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <utility>

#include "io/AtomicFile.h"
#include "midi/MidiTrackSplitter.h"
#include "midi/ReadDiagnostics.h"
#include "midi/SmfChunks.h"
#include "midi/SmfEventCursor.h"
#include "midi/SymusicOrder.h"
#include "midi/Utf8Text.h"

namespace mozart::midi {

namespace {

// symusic keeps times as 32-bit signed ticks; later ones would wrap around there.
constexpr std::uint64_t kLastTick = std::uint64_t(std::numeric_limits<std::int32_t>::max());

// Largest file we try to read: far beyond any real MIDI file, small enough to hold in memory.
constexpr std::size_t kMaxFileBytes = std::size_t(512) << 20;

std::string hexByte(unsigned value) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    return std::string("0x") + kDigits[(value >> 4) & 0xF] + kDigits[value & 0xF];
}

// Reads the events of every track chunk into a Score with symusic's rules.
class ScoreAssembler {
public:
    ScoreAssembler(const std::uint8_t* file, ReadDiagnostics& diagnostics)
        : file_(file), diagnostics_(diagnostics) {}

    // Returns false when the file must be rejected.
    bool readTrack(const SmfTrackChunk& chunk, int trackNumber);
    Score finish(int ticksPerQuarter);

private:
    bool channelMessage(const SmfEvent& e, std::size_t base);
    bool metaEvent(const SmfEvent& e, std::size_t base, std::string* trackName);
    // True, with the file rejected, for an event beyond symusic's 32-bit ticks.
    bool tooLate(const SmfEvent& e, std::size_t base) {
        if (e.tick <= kLastTick) return false;
        reject(base + e.offset, "event at tick " + std::to_string(e.tick) +
                                    " lies beyond the last supported tick (2^31 - 1)");
        return true;
    }
    void reportStop(const SmfEventCursor& cursor, const SmfTrackChunk& chunk, int trackNumber);
    bool reject(std::size_t offset, const std::string& message) {
        diagnostics_.fail(offset, message);
        return false;
    }

    const std::uint8_t* file_;
    ReadDiagnostics& diagnostics_;
    MidiTrackSplitter splitter_;
    std::vector<Track> tracks_;
    std::vector<Tempo> tempos_;
    std::vector<TimeSignature> timeSignatures_;
    std::vector<KeySignature> keySignatures_;
    std::vector<TextEvent> markers_;
    std::vector<TextEvent> otherTexts_;
};

bool ScoreAssembler::readTrack(const SmfTrackChunk& chunk, int trackNumber) {
    // A note takes at least 6 bytes (two events with running status).
    splitter_.beginTrack(chunk.size / 6 + 1);
    SmfEventCursor cursor(file_ + chunk.offset, chunk.size);
    std::string trackName;
    SmfEvent e;
    while (cursor.next(e)) {
        const bool ok = e.status == 0xFF ? metaEvent(e, chunk.offset, &trackName)
                                         : channelMessage(e, chunk.offset);
        if (!ok) return false;
    }
    reportStop(cursor, chunk, trackNumber);
    splitter_.endTrack(trackName, &tracks_);
    return true;
}

// Data bytes above 127 mean the event stream is out of step. symusic throws on them for controls,
// programs and pitch bends, and so do we (the file is rejected). A note-on velocity above 127 is
// found in real collections (a Debian package ships velocity 204): symusic 0.5.8 keeps the note and
// stores the byte as int8 (204 -> -52), so MidiTok bins it to its lowest velocity. We keep the note
// with velocity 1, which every MidiTok velocity table bins to that same lowest value (its first
// bin is >= 1), so tokens are equal, and playback and display get a valid velocity; a warning
// names the byte. A pitch above 127 is refused (symusic would index past its note table).
// Other messages (aftertouch, system) are ignored by symusic and here.
bool ScoreAssembler::channelMessage(const SmfEvent& e, std::size_t base) {
    const int type = e.status >> 4;
    const int channel = e.status & 0x0F;
    if (type != 0x8 && type != 0x9 && type != 0xB && type != 0xC && type != 0xE) return true;
    const std::size_t at = base + e.offset;
    if (type != 0xC && tooLate(e, base)) return false;
    const auto tick = Tick(e.tick);
    const int d0 = e.data[0];
    const int d1 = e.size > 1 ? e.data[1] : 0;
    switch (type) {
    case 0x9:
    case 0x8:
        if (d0 > 127) return reject(at, "note with pitch " + std::to_string(d0) + " (above 127)");
        if (type == 0x9 && d1 > 127) {
            diagnostics_.warn(std::size_t(e.data + 1 - file_),
                              "note-on with velocity " + std::to_string(d1) +
                                  " (above 127) read as symusic reads it (" +
                                  std::to_string(int(std::int8_t(d1))) +
                                  ", MidiTok's softest velocity): kept with velocity 1");
            splitter_.noteOn(channel, d0, 1, tick);
            return true;
        }
        if (type == 0x9 && d1 > 0)
            splitter_.noteOn(channel, d0, d1, tick);
        else
            splitter_.noteOff(channel, d0, tick);
        return true;
    case 0xB:
        if (d0 > 127 || d1 > 127) {
            return reject(at, "control change " + std::to_string(d0) + " with value " +
                                  std::to_string(d1) + " (both must be 0-127)");
        }
        splitter_.controlChange(channel, d0, d1, tick);
        return true;
    case 0xC:
        if (d0 > 127) return reject(at, "program change to " + std::to_string(d0) + " (above 127)");
        splitter_.programChange(channel, d0);
        return true;
    default: {
        // symusic's formula: LSB | MSB << 7 (an OR, so a stray high bit in the LSB survives).
        const int value = (d0 | (d1 << 7)) - 8192;
        if (value > 8191) return reject(at, "pitch bend with data byte " + hexByte(unsigned(d1)));
        splitter_.pitchBend(channel, value, tick);
        return true;
    }
    }
}

bool ScoreAssembler::metaEvent(const SmfEvent& e, std::size_t base, std::string* trackName) {
    switch (e.metaType) {  // the events whose time is kept
    case 0x01: case 0x02: case 0x05: case 0x06: case 0x07: case 0x51: case 0x58: case 0x59:
        if (tooLate(e, base)) return false;
        break;
    default:
        break;
    }
    const auto tick = Tick(e.tick);
    // symusic reads tempo, time and key signatures at fixed places from the type byte on,
    // assuming a one-byte length; shorter events would make it read past them.
    auto tooShort = [&](std::size_t needed, const char* what) {
        if (e.metaSize >= needed) return false;
        diagnostics_.warn(base + e.offset, std::string(what) + " event with only " +
                                               std::to_string(e.size) + " data bytes was ignored");
        return true;
    };
    switch (e.metaType) {
    case 0x03:
        *trackName = sanitizeUtf8(e.data, e.size);
        return true;
    case 0x51:
        if (tooShort(5, "tempo")) return true;
        tempos_.push_back({tick, std::int32_t(e.meta[2]) << 16 | std::int32_t(e.meta[3]) << 8 |
                                     std::int32_t(e.meta[4])});
        return true;
    case 0x58: {
        if (tooShort(4, "time signature")) return true;
        // symusic computes 1 << exponent in an int (the shift count taken mod 32, as x86 does)
        // and stores it in 8 bits: exponents 8..31 give denominator 0.
        const unsigned shift = e.meta[3] & 31u;
        timeSignatures_.push_back({tick, int(e.meta[2]), int(std::uint8_t(1u << shift))});
        return true;
    }
    case 0x59:
        if (tooShort(4, "key signature")) return true;
        if (e.meta[3] > 1) {
            diagnostics_.warn(base + e.offset, "key signature with mode byte " +
                                                   std::to_string(e.meta[3]) +
                                                   " (0 is major, 1 minor) was read as minor");
        }
        keySignatures_.push_back({tick, int(std::int8_t(e.meta[2])), e.meta[3] != 0});
        return true;
    case 0x05:
        splitter_.lyric(sanitizeUtf8(e.data, e.size), tick);
        return true;
    case 0x06:
    case 0x01:
    case 0x02:
    case 0x07: {
        std::string text = sanitizeUtf8(e.data, e.size);
        if (text.empty()) return true;
        const auto kind = TextEvent::Kind(e.metaType);
        (kind == TextEvent::Kind::Marker ? markers_ : otherTexts_)
            .push_back({tick, kind, std::move(text)});
        return true;
    }
    default:
        return true;
    }
}

void ScoreAssembler::reportStop(const SmfEventCursor& cursor, const SmfTrackChunk& chunk,
                                int trackNumber) {
    const std::string track = "track " + std::to_string(trackNumber);
    const std::size_t at = chunk.offset + cursor.stopOffset();
    if (cursor.overlongVlqOffset() != SmfEventCursor::npos) {
        diagnostics_.warn(chunk.offset + cursor.overlongVlqOffset(),
                          track + ": a variable-length number runs past 4 bytes; read as 4 bytes "
                                  "as symusic does");
    }
    if (cursor.escapeOffset() != SmfEventCursor::npos) {
        diagnostics_.warn(chunk.offset + cursor.escapeOffset(),
                          track + ": F7 (SysEx escape) event read as symusic reads it, as a "
                                  "one-byte message followed by more events; times after it may "
                                  "be shifted");
    }
    switch (cursor.stop()) {
    case SmfEventCursor::Stop::Truncated:
        diagnostics_.warn(at, track + " ends in the middle of an event; the rest of the track "
                                      "was ignored");
        break;
    case SmfEventCursor::Stop::NoRunningStatus:
        diagnostics_.warn(at, track + ": data byte " + hexByte(file_[at]) +
                                  " where a status byte must be, with no earlier status to "
                                  "repeat; the rest of the track was ignored");
        break;
    default:
        break;
    }
}

Score ScoreAssembler::finish(int ticksPerQuarter) {
    Score score;
    score.ticksPerQuarter = ticksPerQuarter;
    score.tracks = std::move(tracks_);
    sortByTimeLikeSymusic(tempos_);
    sortByTimeLikeSymusic(timeSignatures_);
    sortByTimeLikeSymusic(keySignatures_);
    sortByTimeLikeSymusic(markers_);
    score.tempos = std::move(tempos_);
    score.timeSignatures = std::move(timeSignatures_);
    score.keySignatures = std::move(keySignatures_);
    // Markers in symusic's order; the other texts (which symusic does not keep) merged in by time.
    std::stable_sort(otherTexts_.begin(), otherTexts_.end(),
                     [](const TextEvent& a, const TextEvent& b) { return a.time < b.time; });
    score.texts.reserve(markers_.size() + otherTexts_.size());
    std::merge(std::make_move_iterator(markers_.begin()), std::make_move_iterator(markers_.end()),
               std::make_move_iterator(otherTexts_.begin()),
               std::make_move_iterator(otherTexts_.end()), std::back_inserter(score.texts),
               [](const TextEvent& a, const TextEvent& b) { return a.time < b.time; });
    return score;
}

}  // namespace

ReadResult SmfReader::parse(const std::uint8_t* data, std::size_t size, const std::string& name) {
    ReadDiagnostics diagnostics(name);
    ReadResult result;
    SmfLayout layout;
    if (readSmfLayout(data, size, diagnostics, &layout)) {
        ScoreAssembler assembler(data, diagnostics);
        bool ok = true;
        for (std::size_t i = 0; ok && i < layout.tracks.size(); ++i)
            ok = assembler.readTrack(layout.tracks[i], int(i) + 1);
        if (ok) result.score = assembler.finish(layout.ticksPerQuarter);
    }
    result.error = diagnostics.takeError();
    result.warnings = diagnostics.takeWarnings();
    return result;
}

ReadResult SmfReader::readFile(const std::string& path) {
    auto rejected = [&](std::string message) {
        ReadResult result;
        result.error = Diagnostic{path, 0, std::move(message)};
        return result;
    };
    std::error_code sizeError;
    const auto bytesOnDisk = std::filesystem::file_size(path, sizeError);
    if (!sizeError && bytesOnDisk > kMaxFileBytes) {
        return rejected("the file is " + std::to_string(bytesOnDisk >> 20) +
                        " MB, far too large for a MIDI file");
    }
    std::string bytes;
    std::string reason;
    if (!io::readWholeFile(path, &bytes, &reason)) {
        // readWholeFile names the file itself; the Diagnostic does that already.
        if (reason.compare(0, path.size() + 2, path + ": ") == 0) reason.erase(0, path.size() + 2);
        return rejected(reason);
    }
    return parse(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), path);
}

}  // namespace mozart::midi
