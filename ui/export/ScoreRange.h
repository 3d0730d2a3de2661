// ScoreRange: the part of a Score between two ticks as a new Score starting at tick 0, with the
// tempo and meter in force at the start carried over. Notes that start in the range are kept
// whole (their release is part of the music); everything else is dropped.
#pragma once

#include "midi/Score.h"

namespace mozart::ui {

midi::Score cropScore(const midi::Score& score, midi::Tick from, midi::Tick to);

}  // namespace mozart::ui
