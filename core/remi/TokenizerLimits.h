// TokenizerLimits: the upper bound of every count and range a tokenizer.json may give, and the
// size of the vocabulary it asks for, computed from the numbers alone (no table is built).
//
// A tokenizer.json comes from anywhere (a shared model embeds one): "beat_res": {"0_100000":
// 100000} would ask for 10^10 Duration tokens. fromMidiTokJson() calls checkTokenizerLimits()
// before it returns a configuration, so no caller ever builds tables for one that breaks these.
// The bounds are far above anything MidiTok's documentation or its tests use.
#pragma once

#include <cstdint>
#include <string>

#include "remi/TokenizerConfig.h"

namespace mozart::remi::limits {

constexpr int kMaxBeat = 1024;               // beat_res / beat_res_rest range ends, in beats
constexpr int kMaxBeatResolution = 1024;     // positions per beat of one range
constexpr std::int64_t kMaxTimeValues = 65536;  // Duration (or Rest) values of one beat_res table
constexpr int kMaxTempos = 4096;             // num_tempos
constexpr int kMaxTempoValue = 10000;        // tempo_range ends, quarter notes per minute (>= 1)
constexpr int kMaxPitchBends = 16384;        // pitch_bend_range count; ends within -8192..8191
constexpr int kMaxBarEmbedding = 16384;      // max_bar_embedding
constexpr int kMaxListLength = 1024;         // programs, use_note_duration_programs, special_tokens
constexpr int kMaxChordMaps = 1024;          // chord_maps entries (each at most 128 intervals 0..127)
constexpr int kMaxTokenNameLength = 256;     // a special token's or chord quality's name, bytes
constexpr int kMaxDenominator = 128;         // time_signature_range denominators (powers of two)
constexpr int kMaxNumerators = 256;          // numerators per denominator (each 1..255)
constexpr int kMaxAttributeControl = 1024;   // ac_* minimums, maximums, bins and bar counts
constexpr std::int64_t kMaxVocabularySize = 1 << 18;  // tokens in the whole vocabulary

// An upper bound of the vocabulary `c` would build (exact except for duplicate names, which the
// vocabulary skips). Only meaningful for a configuration whose single fields pass the limits.
std::int64_t vocabularySizeBound(const TokenizerConfig& c);

// Empty when every count, range and the vocabulary size are within the limits above; otherwise
// one sentence naming the field, its value and the bound ("beat_res: ... at most 1024").
std::string checkTokenizerLimits(const TokenizerConfig& c);

}  // namespace mozart::remi::limits
