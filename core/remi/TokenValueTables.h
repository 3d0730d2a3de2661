// TokenValueTables: the value bins MidiTok derives from a configuration (velocities, durations,
// rests, tempos, pitch bends, time signatures, chords), in MidiTok's order and with its exact
// numbers. The vocabulary and the encoder both read them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "remi/TokenizerConfig.h"

namespace mozart::remi {

// A Duration/Rest value "beat.pos.res": beat beats plus pos/res of a beat.
struct TimeValue {
    int beat = 0;
    int pos = 0;
    int res = 1;

    std::string text() const;  // "1.0.8"
    // Ticks for a beat of `ticksPerBeat` ticks: (beat * res + pos) * ticksPerBeat // res.
    std::int64_t ticks(std::int64_t ticksPerBeat) const;
};

struct TokenValueTables {
    explicit TokenValueTables(const TokenizerConfig& config);

    std::vector<int> velocities;            // linspace(0, 127, n + 1, int)[1:]
    std::vector<TimeValue> durations;       // from beat_res, without 0, plus the last one
    std::vector<TimeValue> rests;           // from beat_res_rest (empty without rests)
    std::vector<double> tempos;             // qpm, rounded to 2 decimals (empty without tempos)
    std::vector<double> temposMspqSorted;   // 6e7 / tempos, ascending
    double defaultTempo = 120.0;            // the tempo bin nearest to 120 (120 without tempos)
    std::vector<std::int32_t> pitchBends;   // empty without pitch bends
    std::vector<std::pair<int, int>> timeSignatures;  // (num, den); {(4, 4)} without time signatures
    std::vector<std::string> chordTokens;   // "Chord_..." in vocabulary order
    int maxNumPosPerBeat = 8;
    int firstBeatRes = 8;                   // resolution of the beat_res range touching beat 0
    // ticks per beat for each denominator of time_signature_range (MidiTok's _tpb_per_ts)
    std::vector<std::pair<int, int>> ticksPerBeatPerDenominator;
    int timeDivision = 8;                   // _tpb_per_ts[4]
};

// Python's repr of a token's Tempo value ("121.29", "40.0").
std::string tempoText(double qpm);

}  // namespace mozart::remi
