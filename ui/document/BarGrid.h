// BarGrid: bars and beats of a score from its time signatures, for rulers, grid lines, snapping and
// "bar:beat" positions. A value computed from a Score; recompute it when the meter changes.
#pragma once

#include <string>
#include <vector>

#include "midi/Score.h"

namespace mozart::ui {

class BarGrid {
public:
    BarGrid() : BarGrid(midi::Score{}) {}
    explicit BarGrid(const midi::Score& score);

    int ticksPerQuarter() const { return tpq_; }
    // 0-based index of the bar that contains `tick` (bars continue past the end of the score).
    int barAt(midi::Tick tick) const;
    midi::Tick barStart(int bar) const;
    midi::Tick barLength(int bar) const;
    midi::Tick beatLength(int bar) const;
    int beatsInBar(int bar) const;

    // "12:3" for bar 12 beat 3 (both 1-based), "12:3.50" when between beats.
    std::string position(midi::Tick tick) const;
    // A duration in beats at that position, "1.5 beats" style number.
    double beats(midi::Tick from, midi::Tick duration) const;

private:
    struct Segment {
        midi::Tick start = 0;
        int firstBar = 0;
        midi::Tick barLength = 1920;
        midi::Tick beatLength = 480;
        int numerator = 4;
    };
    const Segment& segmentForBar(int bar) const;
    const Segment& segmentForTick(midi::Tick tick) const;
    int tpq_ = 480;
    std::vector<Segment> segments_;
};

}  // namespace mozart::ui
