#include "document/BarGrid.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mozart::ui {

BarGrid::BarGrid(const midi::Score& score) : tpq_(std::max(1, score.ticksPerQuarter)) {
    auto makeSegment = [this](midi::Tick start, int firstBar, int num, int den) {
        Segment s;
        s.start = start;
        s.firstBar = firstBar;
        s.numerator = std::max(1, num);
        const int d = std::max(1, den);
        s.beatLength = std::max<midi::Tick>(1, midi::Tick(tpq_) * 4 / d);
        s.barLength = s.beatLength * s.numerator;
        return s;
    };
    segments_.push_back(makeSegment(0, 0, 4, 4));
    for (const auto& ts : score.timeSignatures) {
        if (ts.time < segments_.back().start) continue;
        const Segment& last = segments_.back();
        // A meter change takes effect at the next bar line of the old meter when it falls mid-bar.
        const midi::Tick into = ts.time - last.start;
        const int barsBefore = int((into + last.barLength - 1) / last.barLength);
        const midi::Tick start = last.start + midi::Tick(barsBefore) * last.barLength;
        Segment next = makeSegment(start, last.firstBar + barsBefore, ts.numerator, ts.denominator);
        if (start == last.start)
            segments_.back() = next;
        else
            segments_.push_back(next);
    }
}

const BarGrid::Segment& BarGrid::segmentForBar(int bar) const {
    auto it = std::upper_bound(segments_.begin(), segments_.end(), bar,
                               [](int b, const Segment& s) { return b < s.firstBar; });
    return it == segments_.begin() ? segments_.front() : *(it - 1);
}

const BarGrid::Segment& BarGrid::segmentForTick(midi::Tick tick) const {
    auto it = std::upper_bound(segments_.begin(), segments_.end(), tick,
                               [](midi::Tick t, const Segment& s) { return t < s.start; });
    return it == segments_.begin() ? segments_.front() : *(it - 1);
}

int BarGrid::barAt(midi::Tick tick) const {
    if (tick < 0) return 0;
    const Segment& s = segmentForTick(tick);
    return s.firstBar + int((tick - s.start) / s.barLength);
}

midi::Tick BarGrid::barStart(int bar) const {
    const Segment& s = segmentForBar(std::max(0, bar));
    return s.start + midi::Tick(std::max(0, bar) - s.firstBar) * s.barLength;
}

midi::Tick BarGrid::barLength(int bar) const { return segmentForBar(bar).barLength; }
midi::Tick BarGrid::beatLength(int bar) const { return segmentForBar(bar).beatLength; }
int BarGrid::beatsInBar(int bar) const { return segmentForBar(bar).numerator; }

std::string BarGrid::position(midi::Tick tick) const {
    const int bar = barAt(tick);
    const midi::Tick into = std::max<midi::Tick>(0, tick - barStart(bar));
    const double beat = double(into) / double(beatLength(bar));
    char buffer[48];
    if (std::abs(beat - std::round(beat)) < 1e-9)
        std::snprintf(buffer, sizeof buffer, "%d:%d", bar + 1, int(std::round(beat)) + 1);
    else
        std::snprintf(buffer, sizeof buffer, "%d:%.2f", bar + 1, beat + 1.0);
    return buffer;
}

double BarGrid::beats(midi::Tick from, midi::Tick duration) const {
    return double(duration) / double(beatLength(barAt(from)));
}

}  // namespace mozart::ui
