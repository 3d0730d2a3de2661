// TokenNoteMap: which note each REMI token of one track's stream belongs to. The tokenizer does
// not report this, so the map replays Bar/Position/TimeSig tokens to know the time of each Pitch
// token and pairs it with the unpaired note of that pitch nearest in time; the Velocity and
// Duration tokens after a Pitch belong to the same note. Times are compared in beats, so the
// tokenizer's quantization does not break the pairing.
#pragma once

#include <string>
#include <vector>

#include "midi/Score.h"

namespace mozart::ui {

struct TokenNoteMap {
    std::vector<int> noteOfToken;               // -1 for tokens that are not part of a note
    std::vector<std::vector<int>> tokensOfNote; // indices into the token stream

    static TokenNoteMap build(const std::vector<std::string>& tokens, const std::vector<midi::Note>& notes,
                              int ticksPerQuarter);
};

}  // namespace mozart::ui
