// RemiGrammar: which REMI tokens may follow which. It checks a whole sequence (reporting the first
// invalid token, its index and why) and, for constrained generation, works one token at a time:
// a small State value, advance(state, id), and the mask of ids allowed next.
//
// The grammar accepts every sequence the encoder (and MidiTok's) produces, and is stricter than
// MidiTok's own `tokens_errors`: time never goes backwards (Positions increase within a bar, or
// repeat where one position spans several ticks as MidiTok's encoder then does, and stay inside
// the current time signature's bar), a note is Pitch then Velocity then Duration as
// the configuration and the note's program require, Program tokens stand where the encoder puts
// them, pedals open and close in pairs, nothing is placed past the decoder's length cap. A
// complete sequence accepted by check() decodes without a single skipped token.
//
// Each per-track sequence (one_token_stream_for_programs off) is checked on its own; notes in it
// are taken as program 0 unless Program tokens say otherwise, as the decoder does.
// Thread-safety: immutable after construction; share it across threads freely.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "remi/RemiTimeline.h"
#include "remi/RemiTokenTable.h"
#include "remi/TokenizerConfig.h"
#include "remi/Vocabulary.h"

namespace mozart::remi {

struct GrammarError {
    std::size_t index = 0;   // index of the first invalid token (== size when the end is early)
    std::string token;       // its string ("" for an early end or an id outside the vocabulary)
    std::string reason;      // e.g. "Velocity must follow Pitch"
};

class RemiGrammar {
public:
    RemiGrammar(const TokenizerConfig& config, const Vocabulary& vocab);

    // Where a sequence is, structurally and in time. Plain value: copy it to branch.
    struct State {
        enum class Phase : std::uint8_t {
            Start,          // nothing musical yet (BOS or a per-track Program header at most)
            AfterBar,       // a Bar; TimeSig must follow when time signatures are used
            AfterBarEnd,    // Bar_End; a Bar must follow
            AfterTimeSig,
            AfterRest,
            AfterPosition,  // an event at this position must follow
            InEvents,       // after a complete event at the current position
            AfterProgram,   // the event the Program applies to must follow
            AfterChord,     // the chord's first note must follow
            AfterPitch,     // Velocity and/or Duration must follow
            AfterVelocity,  // Duration must follow
            AfterPedal,     // a pedal's Duration must follow (sustain_pedal_duration)
            Ended,          // after EOS or PAD: only PAD may follow
        };

        RemiTimeline time;
        std::uint32_t index = 0;    // tokens accepted so far
        std::int16_t program = 0;   // current program, -1 = drums
        Phase phase = Phase::Start;
        bool programSet = false;    // a Program token has been read
        std::bitset<129> heldPedals;  // per program + 1: a Pedal waiting for its PedalOff
        // Per program + 1: the references of PitchIntervalTime / PitchIntervalChord (-128 = none).
        std::array<std::int8_t, 129> pitchOnset;
        std::array<std::int8_t, 129> pitchChord;
    };

    State initialState() const;

    // Why `id` cannot come next, or nullptr when it can. The text is a static string.
    const char* rejection(const State& state, std::int32_t id) const;
    // Moves `state` past `id` and returns true, or leaves it untouched and returns false.
    bool advance(State& state, std::int32_t id) const;
    // Fills `mask` (resized to the vocabulary size) with 1 for each id allowed next, else 0.
    void allowedNext(const State& state, std::vector<std::uint8_t>& mask) const;
    // Whether the sequence may stop here (no note, pedal or bar half-written).
    bool canEnd(const State& state) const;

    // The first problem of a complete sequence, or nullopt when it is valid.
    std::optional<GrammarError> check(const std::vector<std::int32_t>& ids) const;
    // Same, but the sequence may stop anywhere (a prefix of a valid sequence passes).
    std::optional<GrammarError> checkPrefix(const std::vector<std::int32_t>& ids) const;

    const RemiTokenTable& table() const { return table_; }
    std::size_t vocabularySize() const { return table_.size(); }

private:
    const char* kindRejection(const State& state, TokenKind kind) const;
    const char* valueRejection(const State& state, const TokenInfo& info) const;
    bool programRequiredPerEvent() const;
    std::optional<GrammarError> firstError(const std::vector<std::int32_t>& ids,
                                           bool requireEnd) const;

    RemiTokenTable table_;
    std::vector<std::string> tokens_;  // for error messages
    double defaultNoteDuration_ = 0.5; // beats, for notes of programs without Duration tokens
};

}  // namespace mozart::remi
