// ConstraintMask: the set of tokens a sequence may take next, as a byte mask over the
// vocabulary: the REMI grammar's allowed tokens (unless switched off) narrowed by the musical
// constraints (key and scale, pitch range, notes per bar, instruments).
//
// A mask never comes out empty while the sequence can go on: when the constraints leave nothing,
// the structural tokens the grammar allows (Bar, Position, Rest, ... or the end) are offered
// instead, then anything the grammar allows. Immutable after construction; fill() does not
// allocate once the mask has the vocabulary's size.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "generate/GenerationSettings.h"
#include "remi/RemiGrammar.h"

namespace mozart::generate {

class ConstraintMask {
public:
    ConstraintMask(const remi::RemiGrammar& grammar, const MusicalConstraints& constraints, bool useGrammar);

    // `notesInBar`: notes the sequence already has in its current bar. `endAllowed`: whether EOS
    // may be chosen now (not while a length in bars or seconds is still to be reached).
    // Returns the number of allowed tokens (0 only when the sequence cannot go on at all).
    std::size_t fill(const remi::RemiGrammar::State& state, int notesInBar, bool endAllowed,
                     std::vector<std::uint8_t>& mask) const;

    // The pitch a note token would sound in `state` (-1 for other tokens); drums give -1 too.
    int pitchOf(const remi::RemiGrammar::State& state, std::int32_t id) const;
    bool pitchAllowed(int pitch) const { return pitch < 0 || pitchAllowed_[static_cast<std::size_t>(pitch)]; }
    bool programAllowed(int program) const { return programAllowed_[static_cast<std::size_t>(program + 1)]; }

private:
    const remi::RemiGrammar& grammar_;
    const remi::RemiTokenTable& table_;
    MusicalConstraints constraints_;
    bool useGrammar_;
    std::array<bool, 128> pitchAllowed_{};
    std::array<bool, 129> programAllowed_{};
    std::vector<std::uint8_t> base_;  // without grammar: every token that may stand in a sequence
};

}  // namespace mozart::generate
