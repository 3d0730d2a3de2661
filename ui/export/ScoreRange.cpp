#include "export/ScoreRange.h"

#include <algorithm>

namespace mozart::ui {

namespace {

template <typename T, typename Shift>
std::vector<T> carry(const std::vector<T>& events, midi::Tick from, midi::Tick to, Shift shift) {
    std::vector<T> out;
    const T* inForce = nullptr;
    for (const auto& e : events) {
        if (e.time <= from) inForce = &e;
        else if (e.time < to) out.push_back(shift(e));
    }
    if (inForce) {
        T first = *inForce;
        first.time = 0;
        out.insert(out.begin(), first);
    }
    return out;
}

}  // namespace

midi::Score cropScore(const midi::Score& score, midi::Tick from, midi::Tick to) {
    midi::Score out;
    out.ticksPerQuarter = score.ticksPerQuarter;
    auto shift = [from](auto e) {
        e.time -= from;
        return e;
    };
    out.tempos = carry(score.tempos, from, to, shift);
    out.timeSignatures = carry(score.timeSignatures, from, to, shift);
    out.keySignatures = carry(score.keySignatures, from, to, shift);
    for (const auto& t : score.tracks) {
        midi::Track copy;
        copy.name = t.name;
        copy.program = t.program;
        copy.isDrum = t.isDrum;
        copy.channel = t.channel;
        for (const auto& n : t.notes)
            if (n.start >= from && n.start < to) {
                midi::Note m = n;
                m.start -= from;
                copy.notes.push_back(m);
            }
        // Controllers in force at the start (last value of each) so the sound matches.
        std::vector<const midi::ControlChange*> last(128, nullptr);
        for (const auto& c : t.controls) {
            if (c.time <= from) last[c.controller & 127] = &c;
            else if (c.time < to) copy.controls.push_back(shift(c));
        }
        for (int k = 127; k >= 0; --k)
            if (last[std::size_t(k)]) {
                midi::ControlChange c = *last[std::size_t(k)];
                c.time = 0;
                copy.controls.insert(copy.controls.begin(), c);
            }
        for (const auto& p : t.pedals)
            if (p.start + p.duration > from && p.start < to) {
                midi::Pedal q = p;
                const midi::Tick s = std::max(p.start, from);
                q.duration = p.start + p.duration - s;
                q.start = s - from;
                copy.pedals.push_back(q);
            }
        for (const auto& b : t.pitchBends)
            if (b.time >= from && b.time < to) copy.pitchBends.push_back(shift(b));
        out.tracks.push_back(std::move(copy));
    }
    return out;
}

}  // namespace mozart::ui
