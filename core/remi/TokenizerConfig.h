// TokenizerConfig: every REMI parameter of MidiTok's TokenizerConfig, with MidiTok's defaults,
// loadable from and savable to MidiTok's `tokenizer.json` so a tokenizer configured in MidiTok
// opens here and ours opens in MidiTok.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mozart::remi {

struct BeatRange {
    int start = 0;       // in beats
    int end = 0;         // in beats (exclusive)
    int resolution = 0;  // positions per beat in this range
};

struct TokenizerConfig {
    std::pair<int, int> pitchRange{21, 109};                       // inclusive
    std::vector<BeatRange> beatRes{{0, 4, 8}, {4, 12, 4}};
    int numVelocities = 32;
    bool removeDuplicatedNotes = false;
    std::string encodeIdsSplit = "bar";
    std::vector<std::string> specialTokens{"PAD_None", "BOS_None", "EOS_None", "MASK_None"};
    bool useVelocities = true;
    std::vector<int> useNoteDurationPrograms;  // default: 0..127, -1
    bool useChords = false;
    bool useRests = false;
    bool useTempos = false;
    bool useTimeSignatures = false;
    bool useSustainPedals = false;
    bool usePitchBends = false;
    bool usePrograms = false;
    bool usePitchIntervals = false;
    bool usePitchdrumTokens = true;
    double defaultNoteDuration = 0.5;
    std::vector<int> programs;  // default: 0..127, -1
    bool oneTokenStreamForPrograms = false;
    bool programChanges = false;
    std::vector<BeatRange> beatResRest{{0, 1, 8}, {1, 2, 4}, {2, 12, 2}};
    std::vector<std::pair<std::string, std::vector<int>>> chordMaps;  // in MidiTok's order
    bool chordTokensWithRootNote = false;
    std::optional<std::pair<int, int>> chordUnknown;  // (min, max) notes, or none
    int numTempos = 32;
    std::pair<int, int> tempoRange{40, 250};
    bool logTempos = false;
    bool deleteEqualSuccessiveTempoChanges = false;
    std::map<int, std::vector<int>> timeSignatureRange;  // denominator -> numerators, MidiTok order kept
    std::vector<int> timeSignatureDenominatorOrder;      // the JSON key order, for round trips
    bool deleteEqualSuccessiveTimeSigChanges = false;
    bool sustainPedalDuration = false;
    std::tuple<int, int, int> pitchBendRange{-8192, 8191, 32};
    int maxPitchInterval = 16;
    int pitchIntervalsMaxTimeDist = 1;
    std::pair<int, int> drumsPitchRange{27, 88};
    // additional_params
    std::optional<int> maxBarEmbedding;
    bool useBarEndTokens = false;
    bool addTrailingBars = false;

    TokenizerConfig();  // MidiTok's defaults (== the reference `default` configuration)

    // MidiTok's `REMI(TokenizerConfig(use_programs=True, use_tempos=True, use_time_signatures=True,
    // use_rests=True, use_chords=True, one_token_stream_for_programs=True, program_changes=True))`.
    static TokenizerConfig rich();

    // Parses MidiTok's tokenizer.json (the whole file, or just its "config" object).
    // Returns nullopt and sets `error` when the text is not a usable configuration.
    static std::optional<TokenizerConfig> fromMidiTokJson(const std::string& text, std::string* error);
    // Writes a tokenizer.json that MidiTok 3.0.6 loads with REMI(params=...).
    std::string toMidiTokJson() const;
};

}  // namespace mozart::remi
