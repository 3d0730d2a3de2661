// TokenAugmentation: transposition and velocity shifts applied directly to REMI ids, so that a
// training window can be varied without decoding it.
//
// - Transposition by k semitones changes Pitch_p into Pitch_{p+k} and moves chord roots
//   (Chord_C:maj -> Chord_D:maj for k = 2); drum notes are left alone (PitchDrum tokens, or Pitch
//   tokens after Program_-1 when the configuration has no PitchDrum tokens). allowedShifts() says
//   which k keep every pitched note of a window inside the tokenizer's pitch range; the sampler
//   only draws among those, so no window ever leaves the range.
// - A velocity shift by k bins moves every Velocity token k bins up or down, clamped to the
//   first and last bin.
// Transposition is refused (canTranspose() false, with the reason) when the ids cannot tell
// drums from pitched notes (no PitchDrum tokens and no programs) or carry relative pitches
// (pitch-interval tokens), as the range of the shifted notes is then unknown.
//
// Immutable; safe to use from any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/TokenStore.h"
#include "remi/RemiTokenizer.h"

namespace mozart::data {

struct ShiftRange {
    int lowest = 0;   // most downward shift allowed (<= 0)
    int highest = 0;  // most upward shift allowed (>= 0)
};

class TokenAugmenter {
public:
    explicit TokenAugmenter(const remi::RemiTokenizer& tokenizer);

    bool canTranspose(std::string* why = nullptr) const;
    bool hasVelocities() const { return velocityBins_ > 0; }

    // Whether the drum state at a window's start depends on earlier tokens (the configuration
    // marks drums with Program_-1 only); then pass startsInDrums from startsInDrums().
    bool needsProgramContext() const { return needsProgramContext_; }
    // True when the last Program token in `before` is Program_-1.
    bool startsInDrums(const TokenSpan& before) const;

    // Shifts that keep the pitched notes of `ids` inside the pitch range, limited to +-maxShift.
    ShiftRange allowedShifts(const std::int64_t* ids, std::size_t count, bool startsInDrums, int maxShift) const;
    // Applies the shifts in place. `transpose` must come from allowedShifts for these ids.
    void apply(std::int64_t* ids, std::size_t count, bool startsInDrums, int transpose, int velocityShift) const;

private:
    static constexpr int kNotProgram = -1000;

    std::size_t vocabSize_ = 0;
    std::vector<std::int16_t> pitchOf_;       // id -> pitch of a Pitch_ token, or -1
    std::vector<std::int32_t> idOfPitch_;     // pitch 0..127 -> id, or -1
    std::vector<std::int16_t> chordRootOf_;   // id -> root 0..11 of a rooted chord, or -1
    std::vector<std::int32_t> chordQualityOf_;  // id -> quality index, for rooted chords
    std::vector<std::int32_t> idOfChord_;     // quality * 12 + root -> id
    std::vector<std::int16_t> velocityBinOf_;  // id -> bin index, or -1
    std::vector<std::int32_t> idOfVelocityBin_;
    std::vector<std::int16_t> programOf_;     // id -> program (-1 = drums), or kNotProgram
    int pitchLow_ = 0, pitchHigh_ = 127;
    int velocityBins_ = 0;
    bool needsProgramContext_ = false;
    std::string cannotTranspose_;
};

}  // namespace mozart::data
