#include "midi/Score.h"

#include <algorithm>
#include <cmath>

namespace mozart::midi {

bool Track::operator==(const Track& o) const {
    return name == o.name && program == o.program && isDrum == o.isDrum && channel == o.channel &&
           notes == o.notes && controls == o.controls && pedals == o.pedals &&
           pitchBends == o.pitchBends && lyrics == o.lyrics;
}

bool Score::operator==(const Score& o) const {
    return ticksPerQuarter == o.ticksPerQuarter && tracks == o.tracks && tempos == o.tempos &&
           timeSignatures == o.timeSignatures && keySignatures == o.keySignatures &&
           texts == o.texts;
}

std::size_t Score::noteCount() const {
    std::size_t n = 0;
    for (const auto& t : tracks) n += t.notes.size();
    return n;
}

Tick Score::endTick() const {
    Tick end = 0;
    for (const auto& t : tracks) {
        for (const auto& n : t.notes) end = std::max(end, n.end());
        for (const auto& c : t.controls) end = std::max(end, c.time);
        for (const auto& p : t.pedals) end = std::max(end, p.start + p.duration);
        for (const auto& b : t.pitchBends) end = std::max(end, b.time);
        for (const auto& l : t.lyrics) end = std::max(end, l.time);
    }
    for (const auto& x : tempos) end = std::max(end, x.time);
    for (const auto& x : timeSignatures) end = std::max(end, x.time);
    for (const auto& x : keySignatures) end = std::max(end, x.time);
    for (const auto& x : texts) end = std::max(end, x.time);
    return end;
}

TempoMap::TempoMap(const Score& score) : ticksPerQuarter_(std::max(1, score.ticksPerQuarter)) {
    const double tpq = ticksPerQuarter_;
    double secondsPerTick = 0.5 / tpq;  // 120 qpm until the first tempo event
    Tick lastTick = 0;
    double lastSeconds = 0.0;
    segments_.push_back({0, 0.0, secondsPerTick});
    for (const auto& t : score.tempos) {
        if (t.time < lastTick) continue;  // tempos are sorted; ignore anything out of order
        lastSeconds += double(t.time - lastTick) * secondsPerTick;
        lastTick = t.time;
        secondsPerTick = double(std::max<std::int32_t>(1, t.microsPerQuarter)) / 1e6 / tpq;
        if (segments_.back().tick == lastTick)
            segments_.back() = {lastTick, lastSeconds, secondsPerTick};
        else
            segments_.push_back({lastTick, lastSeconds, secondsPerTick});
    }
}

double TempoMap::seconds(Tick tick) const {
    auto it = std::upper_bound(segments_.begin(), segments_.end(), tick,
                               [](Tick t, const Segment& s) { return t < s.tick; });
    const Segment& s = (it == segments_.begin()) ? segments_.front() : *(it - 1);
    return s.seconds + double(tick - s.tick) * s.secondsPerTick;
}

Tick TempoMap::ticks(double seconds) const {
    auto it = std::upper_bound(segments_.begin(), segments_.end(), seconds,
                               [](double x, const Segment& s) { return x < s.seconds; });
    const Segment& s = (it == segments_.begin()) ? segments_.front() : *(it - 1);
    return s.tick + Tick(std::llround((seconds - s.seconds) / s.secondsPerTick));
}

}  // namespace mozart::midi
