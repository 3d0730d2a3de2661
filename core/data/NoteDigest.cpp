#include "data/NoteDigest.h"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <vector>

namespace mozart::data {

namespace {

struct PlayedNote {
    midi::Tick start;
    midi::Tick duration;
    int pitch;
    bool drum;
    bool operator<(const PlayedNote& o) const {
        return std::tie(start, pitch, drum, duration) < std::tie(o.start, o.pitch, o.drum, o.duration);
    }
};

void addNumber(Sha256& hash, std::int64_t value) {
    std::uint8_t bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = std::uint8_t(std::uint64_t(value) >> (8 * i));
    hash.add(bytes, 8);
}

}  // namespace

Sha256Digest noteDigest(const midi::Score& score) {
    std::vector<PlayedNote> notes;
    notes.reserve(score.noteCount());
    for (const auto& track : score.tracks)
        for (const auto& n : track.notes) notes.push_back({n.start, n.duration, n.pitch, track.isDrum});
    if (notes.empty()) return Sha256Digest{};
    std::sort(notes.begin(), notes.end());

    const midi::Tick origin = notes.front().start;
    midi::Tick divisor = std::max(1, score.ticksPerQuarter);
    for (auto& n : notes) {
        n.start -= origin;
        divisor = std::gcd(divisor, std::gcd(n.start, n.duration));
    }
    if (divisor <= 0) divisor = 1;

    Sha256 hash;
    hash.add(std::string("mozart note digest 1\n"));
    addNumber(hash, score.ticksPerQuarter / divisor);
    addNumber(hash, std::int64_t(notes.size()));
    for (const auto& n : notes) {
        addNumber(hash, n.start / divisor);
        addNumber(hash, n.duration / divisor);
        const std::uint8_t pitchAndKind[2] = {std::uint8_t(n.pitch), std::uint8_t(n.drum ? 1 : 0)};
        hash.add(pitchAndKind, 2);
    }
    return hash.finish();
}

}  // namespace mozart::data
