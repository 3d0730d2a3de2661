#include "midi/SmfWriter.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>

#include "io/AtomicFile.h"
#include "midi/SymusicOrder.h"

namespace mozart::midi {

namespace {

constexpr std::uint32_t kMaxVlq = 0x0FFFFFFF;  // largest 4-byte variable-length quantity
constexpr int kDrumChannel = 9;

std::uint8_t dataByte(int value) { return std::uint8_t(std::clamp(value, 0, 127)); }

// Ranks of events at one tick, in writing order (see the header).
enum Rank : std::uint8_t {
    kName,
    kProgram,
    kTimeSignature,
    kKeySignature,
    kTempo,
    kControl,
    kText,
    kNoteOff,
    kNoteOn,
};

// One event of a track: a few bytes (channel message or small meta event) or a text meta event.
struct TrackEvent {
    Tick tick;
    std::uint32_t sequence;  // order of adding: ties at (tick, rank) keep it
    Rank rank;
    std::uint8_t size;
    std::uint8_t bytes[7];
    const std::string* text;  // when set: meta event of type bytes[0] with this text

    bool operator<(const TrackEvent& o) const {
        if (tick != o.tick) return tick < o.tick;
        if (rank != o.rank) return rank < o.rank;
        return sequence < o.sequence;
    }
};

// Collects one track's events, then writes its MTrk chunk.
class TrackEncoder {
public:
    explicit TrackEncoder(std::size_t expectedEvents) { events_.reserve(expectedEvents); }

    void add(Tick tick, Rank rank, std::initializer_list<std::uint8_t> bytes) {
        TrackEvent e{std::max<Tick>(0, tick), sequence_++, rank, 0, {}, nullptr};
        for (std::uint8_t b : bytes) e.bytes[e.size++] = b;
        events_.push_back(e);
    }
    void addText(Tick tick, Rank rank, std::uint8_t type, const std::string& text) {
        TrackEvent e{std::max<Tick>(0, tick), sequence_++, rank, 1, {type}, &text};
        events_.push_back(e);
    }

    void writeChunk(std::vector<std::uint8_t>* out) {
        std::sort(events_.begin(), events_.end());
        out_ = out;
        const std::size_t chunkStart = out->size();
        out->insert(out->end(), {'M', 'T', 'r', 'k', 0, 0, 0, 0});
        Tick now = 0;
        for (const TrackEvent& e : events_) {
            delta(e.tick - now);
            now = e.tick;
            if (e.text) {
                const std::size_t size = std::min<std::size_t>(e.text->size(), kMaxVlq);
                out->insert(out->end(), {0xFF, e.bytes[0]});
                vlq(std::uint32_t(size));
                out->insert(out->end(), e.text->begin(), e.text->begin() + std::ptrdiff_t(size));
            } else {
                out->insert(out->end(), e.bytes, e.bytes + e.size);
            }
        }
        out->insert(out->end(), {0x00, 0xFF, 0x2F, 0x00});
        const std::size_t length = out->size() - chunkStart - 8;
        for (std::size_t i = 0; i < 4; ++i)
            (*out)[chunkStart + 4 + i] = std::uint8_t(length >> (24 - 8 * i));
    }

private:
    void vlq(std::uint32_t v) {
        std::uint8_t groups[4];
        int n = 0;
        do {
            groups[n++] = std::uint8_t(v & 0x7F);
            v >>= 7;
        } while (v != 0 && n < 4);
        while (n > 1) out_->push_back(groups[--n] | 0x80);
        out_->push_back(groups[0]);
    }

    // A gap too long for one quantity is bridged with empty sequencer-specific meta events, which
    // readers skip.
    void delta(Tick d) {
        for (; d > Tick(kMaxVlq); d -= kMaxVlq) {
            vlq(kMaxVlq);
            out_->insert(out_->end(), {0xFF, 0x7F, 0x00});
        }
        vlq(std::uint32_t(d));
    }

    std::vector<TrackEvent> events_;
    std::vector<std::uint8_t>* out_ = nullptr;
    std::uint32_t sequence_ = 0;
};

// Chooses a channel per track (see the header).
std::vector<int> assignChannels(const std::vector<Track>& tracks) {
    std::array<int, 16> programOf;  // program owning each channel, -1 when free
    programOf.fill(-1);
    std::array<int, 16> load{};
    std::vector<int> channels(tracks.size(), kDrumChannel);
    auto melodic = [](int c) { return c >= 0 && c < 16 && c != kDrumChannel; };
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        const Track& t = tracks[i];
        if (t.isDrum) continue;
        const int program = t.program;
        int chosen = -1;
        if (melodic(t.channel) &&
            (programOf[t.channel] == -1 || programOf[t.channel] == program)) {
            chosen = t.channel;
        }
        for (int c = 0; chosen < 0 && c < 16; ++c)
            if (melodic(c) && programOf[c] == -1) chosen = c;
        for (int c = 0; chosen < 0 && c < 16; ++c)
            if (melodic(c) && programOf[c] == program) chosen = c;
        if (chosen < 0) {  // all 15 melodic channels hold other programs: share the least used
            chosen = 0;
            for (int c = 1; c < 16; ++c)
                if (melodic(c) && load[c] < load[chosen]) chosen = c;
        }
        if (programOf[chosen] == -1) programOf[chosen] = program;
        ++load[chosen];
        channels[i] = chosen;
    }
    return channels;
}

// Adds the events that `keep` accepts, sorted by time, in the order that a reader sorting like
// symusic turns back into this order. addOne gets references into `events`.
template <class Event, class Keep, class AddOne>
void addInSymusicOrder(const std::vector<Event>& events, Keep keep, AddOne addOne) {
    struct Ref {
        Tick time;
        const Event* event;
    };
    std::vector<Ref> sorted;
    sorted.reserve(events.size());
    for (const Event& e : events)
        if (keep(e)) sorted.push_back({e.time, &e});
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Ref& a, const Ref& b) { return a.time < b.time; });
    for (std::size_t k : symusicPreimage(sorted)) addOne(*sorted[k].event);
}

template <class Event, class AddOne>
void addInSymusicOrder(const std::vector<Event>& events, AddOne addOne) {
    addInSymusicOrder(events, [](const Event&) { return true; }, addOne);
}

std::uint8_t log2Floor(int value) {
    std::uint8_t log = 0;
    for (; value > 1; value >>= 1) ++log;
    return log;
}

void encodeConductorTrack(const Score& score, std::vector<std::uint8_t>* out) {
    TrackEncoder track(score.tempos.size() + score.timeSignatures.size() +
                       score.keySignatures.size() + score.texts.size());
    addInSymusicOrder(score.timeSignatures, [&](const TimeSignature& ts) {
        // Denominator 0 (how symusic reads exponents 8-31) is written back as exponent 8.
        const std::uint8_t exponent = ts.denominator <= 0 ? 8 : log2Floor(ts.denominator);
        track.add(ts.time, kTimeSignature,
                  {0xFF, 0x58, 0x04, std::uint8_t(std::clamp(ts.numerator, 0, 255)), exponent, 24,
                   8});
    });
    addInSymusicOrder(score.keySignatures, [&](const KeySignature& ks) {
        track.add(ks.time, kKeySignature,
                  {0xFF, 0x59, 0x02, std::uint8_t(std::int8_t(std::clamp(ks.sharps, -128, 127))),
                   std::uint8_t(ks.minor ? 1 : 0)});
    });
    addInSymusicOrder(score.tempos, [&](const Tempo& t) {
        const auto mspq = std::uint32_t(std::clamp<std::int32_t>(t.microsPerQuarter, 0, 0xFFFFFF));
        track.add(t.time, kTempo,
                  {0xFF, 0x51, 0x03, std::uint8_t(mspq >> 16), std::uint8_t(mspq >> 8),
                   std::uint8_t(mspq)});
    });
    // Markers in symusic's order; the other texts, which symusic does not read, as they are.
    auto isMarker = [](const TextEvent& t) { return t.kind == TextEvent::Kind::Marker; };
    addInSymusicOrder(score.texts, isMarker, [&](const TextEvent& m) {
        track.addText(m.time, kText, std::uint8_t(m.kind), m.text);
    });
    for (const TextEvent& text : score.texts)
        if (!isMarker(text)) track.addText(text.time, kText, std::uint8_t(text.kind), text.text);
    track.writeChunk(out);
}

void encodeTrack(const Track& t, int channel, std::vector<std::uint8_t>* out) {
    TrackEncoder track(2 * t.notes.size() + t.controls.size() + t.pitchBends.size() +
                       t.lyrics.size() + 2 * t.pedals.size() + 2);
    const auto ch = std::uint8_t(channel);
    if (!t.name.empty()) track.addText(0, kName, 0x03, t.name);
    track.add(0, kProgram, {std::uint8_t(0xC0 | ch), dataByte(t.program)});

    bool hasSustainControl = false;
    for (const ControlChange& c : t.controls) {
        hasSustainControl = hasSustainControl || c.controller == 64;
        track.add(c.time, kControl, {std::uint8_t(0xB0 | ch), dataByte(c.controller),
                                     dataByte(c.value)});
    }
    if (!hasSustainControl) {
        for (const Pedal& p : t.pedals) {
            track.add(p.start, kControl, {std::uint8_t(0xB0 | ch), 64, 127});
            track.add(p.start + std::max<Tick>(0, p.duration), kControl,
                      {std::uint8_t(0xB0 | ch), 64, 0});
        }
    }
    for (const PitchBend& b : t.pitchBends) {
        const int value = std::clamp(int(b.value), -8192, 8191) + 8192;
        track.add(b.time, kControl, {std::uint8_t(0xE0 | ch), std::uint8_t(value & 0x7F),
                                     std::uint8_t(value >> 7)});
    }
    for (const TextEvent& l : t.lyrics) track.addText(l.time, kText, 0x05, l.text);

    // Note-ons in the Score's note order (stable by start); a zero-length note's off right after
    // its on, other offs before the ons of their tick.
    std::vector<std::size_t> order(t.notes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return t.notes[a].start < t.notes[b].start;
    });
    for (std::size_t i : order) {
        const Note& n = t.notes[i];
        if (n.pitch > 127) continue;
        const std::uint8_t velocity = std::uint8_t(std::clamp<int>(n.velocity, 1, 127));
        track.add(n.start, kNoteOn, {std::uint8_t(0x90 | ch), n.pitch, velocity});
        if (n.duration <= 0)
            track.add(n.start, kNoteOn, {std::uint8_t(0x80 | ch), n.pitch, 0});
        else
            track.add(n.start + n.duration, kNoteOff, {std::uint8_t(0x80 | ch), n.pitch, 0});
    }
    track.writeChunk(out);
}

}  // namespace

std::vector<std::uint8_t> SmfWriter::encode(const Score& score) {
    // The header counts tracks in 16 bits; the conductor track takes one.
    const std::size_t trackCount = std::min<std::size_t>(score.tracks.size(), 0xFFFE);
    const auto division = std::uint16_t(std::clamp(score.ticksPerQuarter, 1, 0x7FFF));
    std::size_t notes = 0;
    for (std::size_t i = 0; i < trackCount; ++i) notes += score.tracks[i].notes.size();
    std::vector<std::uint8_t> out;
    out.reserve(64 + 8 * notes + 16 * (score.tempos.size() + trackCount));
    out.insert(out.end(), {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1});
    out.push_back(std::uint8_t((trackCount + 1) >> 8));
    out.push_back(std::uint8_t(trackCount + 1));
    out.push_back(std::uint8_t(division >> 8));
    out.push_back(std::uint8_t(division));

    encodeConductorTrack(score, &out);
    const std::vector<int> channels = assignChannels(score.tracks);
    for (std::size_t i = 0; i < trackCount; ++i) encodeTrack(score.tracks[i], channels[i], &out);
    return out;
}

std::optional<Diagnostic> SmfWriter::writeFile(const Score& score, const std::string& path) {
    const std::vector<std::uint8_t> bytes = encode(score);
    std::string reason;
    if (io::writeFileAtomically(path, bytes.data(), bytes.size(), &reason)) return std::nullopt;
    // writeFileAtomically names the file itself; the Diagnostic does that already.
    if (reason.compare(0, path.size() + 2, path + ": ") == 0) reason.erase(0, path.size() + 2);
    return Diagnostic{path, 0, reason};
}

}  // namespace mozart::midi
