// RemiTokenTable: what each vocabulary id means to the decoder and the grammar (its kind and its
// parsed value), and the tick arithmetic MidiTok uses when it turns tokens back into time.
//
// Built once from a configuration and its vocabulary; afterwards every lookup is an array read,
// and ids outside the vocabulary are simply `Invalid`, so callers never index out of range.
#pragma once

#include <cstdint>
#include <vector>

#include "midi/Score.h"
#include "remi/TokenizerConfig.h"
#include "remi/Vocabulary.h"

namespace mozart::remi {

enum class TokenKind : std::uint8_t {
    Invalid,        // not in the vocabulary, or a value that does not parse
    Pad,
    Bos,
    Eos,
    Mask,
    OtherSpecial,   // a configured special token other than PAD/BOS/EOS/MASK
    Ignored,        // known to the vocabulary but meaningless to REMI decoding (attribute controls)
    Bar,            // Bar_None or Bar_<index>
    BarEnd,
    TimeSig,
    Position,
    Rest,
    Tempo,
    Program,
    Pitch,
    PitchDrum,
    PitchIntervalTime,
    PitchIntervalChord,
    Velocity,
    Duration,
    Chord,
    Pedal,
    PedalOff,
    PitchBend,
};
constexpr int kTokenKindCount = static_cast<int>(TokenKind::PitchBend) + 1;

// A MidiTok time value "beats.positions.resolution" (Duration and Rest tokens).
struct BeatFraction {
    std::int32_t beats = 0;
    std::int32_t positions = 0;
    std::int32_t resolution = 1;

    // MidiTok's _time_token_to_ticks: (beats * res + positions) * ticksPerBeat // res.
    midi::Tick ticks(std::int32_t ticksPerBeat) const {
        return (static_cast<midi::Tick>(beats) * resolution + positions) * ticksPerBeat / resolution;
    }
};

struct TokenInfo {
    TokenKind kind = TokenKind::Invalid;
    // Pitch, interval, Position index, Velocity, Program (-1 = drums), Pedal program, PitchBend
    // value, TimeSig numerator, Tempo microseconds per quarter, Bar index (-1 for Bar_None).
    std::int32_t value = 0;
    std::int32_t denominator = 0;  // TimeSig only
    BeatFraction time;             // Duration and Rest only
};

// MidiTok's time units for one configuration (MusicTokenizer.__init__ and utils).
struct RemiTiming {
    std::int32_t maxPositionsPerBeat = 8;  // max(beat_res values)
    std::int32_t maxDenominator = 4;       // largest supported time-signature denominator
    std::int32_t ticksPerQuarter = 8;      // time division of a decoded score (_tpb_per_ts[4])

    // _tpb_per_ts[denominator]: ticks in one beat of that denominator (at least 1).
    std::int32_t ticksPerBeat(std::int32_t denominator) const;
    // ticks per beat // max positions per beat (at least 1).
    std::int32_t ticksPerPosition(std::int32_t denominator) const;
    // compute_ticks_per_bar(TimeSignature(num, den), ticksPerQuarter) (at least 1).
    std::int32_t ticksPerBar(std::int32_t numerator, std::int32_t denominator) const;
    // Positions in one bar of this numerator: max positions per beat * numerator.
    std::int32_t positionsPerBar(std::int32_t numerator) const {
        return maxPositionsPerBeat * numerator;
    }
};

// The configuration switches decoding and the grammar depend on, normalised as MidiTok does.
struct RemiFeatures {
    bool oneStream = false;          // one_token_stream_for_programs and use_programs
    bool usePrograms = false;
    bool programChanges = false;     // program_changes and use_programs
    bool useVelocities = true;
    bool useTimeSignatures = false;
    bool pedalDuration = false;      // sustain_pedal_duration and use_sustain_pedals
    bool usePitchdrumTokens = true;
    bool barEndTokens = false;       // Bar_End is in the vocabulary
    int pitchMin = 21;
    int pitchMax = 109;
    // Whether notes of a program (-1 = drums .. 127) carry a Duration token.
    bool usesDuration(int program) const;
    std::vector<bool> durationPrograms;  // index program + 1
};

class RemiTokenTable {
public:
    RemiTokenTable(const TokenizerConfig& config, const Vocabulary& vocab);

    std::size_t size() const { return infos_.size(); }
    // Any id, valid or not: ids outside the vocabulary give an Invalid entry.
    const TokenInfo& info(std::int64_t id) const {
        return (id >= 0 && static_cast<std::uint64_t>(id) < infos_.size())
                   ? infos_[static_cast<std::size_t>(id)]
                   : invalid_;
    }
    const RemiTiming& timing() const { return timing_; }
    const RemiFeatures& features() const { return features_; }
    // MidiTok's default_tempo in microseconds per quarter: the vocabulary tempo closest to 120
    // when tempos are used, else 120 itself.
    std::int32_t defaultTempoMicros() const { return defaultTempoMicros_; }
    // Ids of each kind, in vocabulary order.
    const std::vector<std::int32_t>& idsOfKind(TokenKind kind) const {
        return idsByKind_[static_cast<int>(kind)];
    }

private:
    std::vector<TokenInfo> infos_;
    TokenInfo invalid_;
    RemiTiming timing_;
    RemiFeatures features_;
    std::int32_t defaultTempoMicros_ = 500000;
    std::vector<std::int32_t> idsByKind_[kTokenKindCount];
};

// symusic's Tempo::qpm2mspq: round(60e6 / qpm), half away from zero.
std::int32_t tempoMicrosFromQpm(double qpm);

}  // namespace mozart::remi
