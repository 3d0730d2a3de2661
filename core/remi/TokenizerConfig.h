// TokenizerConfig: every REMI parameter of MidiTok's TokenizerConfig, with MidiTok's defaults,
// loadable from and savable to MidiTok's `tokenizer.json` so a tokenizer configured in MidiTok
// opens here and ours opens in MidiTok.
//
// Sets of MidiTok (programs, use_note_duration_programs) are kept in the order CPython iterates
// them, because that order decides token ids (Program_*, Pedal_*) and the saved JSON lists.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
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
    double pitchIntervalsMaxTimeDist = 1;
    std::pair<int, int> drumsPitchRange{27, 88};

    // Attribute controls. Encoding never emits them (MidiTok only does when asked per track),
    // but enabled ones add tokens to the vocabulary.
    bool acPolyphonyTrack = false;
    bool acPolyphonyBar = false;
    int acPolyphonyMin = 1;
    int acPolyphonyMax = 6;
    bool acPitchClassBar = false;
    bool acNoteDensityTrack = false;
    int acNoteDensityTrackMin = 0;
    int acNoteDensityTrackMax = 18;
    bool acNoteDensityBar = false;
    int acNoteDensityBarMax = 18;
    bool acNoteDurationBar = false;
    bool acNoteDurationTrack = false;
    bool acRepetitionTrack = false;
    int acRepetitionTrackNumBins = 10;
    int acRepetitionTrackNumConsecBars = 4;

    // additional_params
    std::optional<int> maxBarEmbedding;
    bool useBarEndTokens = false;
    bool addTrailingBars = false;

    // What a load/save round trip must keep but encoding does not use.
    struct JsonDetails {
        bool defaultNoteDurationIsInteger = false;
        bool pitchIntervalsMaxTimeDistIsInteger = true;
        // additional_params keys in file order (known and unknown); unknown values as raw JSON.
        std::vector<std::string> additionalParamsOrder{"max_bar_embedding", "use_bar_end_tokens",
                                                       "add_trailing_bars"};
        std::vector<std::pair<std::string, std::string>> otherAdditionalParams;
        std::string hfTokenizersVersion = "0.22.0";
    } json;

    TokenizerConfig();  // MidiTok's defaults (== the reference `default` configuration)

    // MidiTok's `REMI(TokenizerConfig(use_programs=True, use_tempos=True, use_time_signatures=True,
    // use_rests=True, use_chords=True, one_token_stream_for_programs=True, program_changes=True))`.
    static TokenizerConfig rich();

    // Parses MidiTok's tokenizer.json (the whole file, or just its "config" object).
    // Returns nullopt and sets `error` when the text is not a usable configuration.
    static std::optional<TokenizerConfig> fromMidiTokJson(const std::string& text, std::string* error);
    // Writes a tokenizer.json that MidiTok 3.0.6 loads with REMI(params=...).
    std::string toMidiTokJson() const;

    // Applies what MidiTok's TokenizerConfig constructor derives from its arguments: programs
    // and note-duration programs as Python sets, streams/program changes/pedal durations only
    // with their parent option, rests disabled without durations, PAD token mandatory. Call it
    // after setting fields by hand; fromMidiTokJson and rich() already do.
    void normalize();

    // Derived values, as MidiTok computes them.
    int maxNumPosPerBeat() const;           // max(beat_res.values())
    bool usingNoteDurationTokens() const;   // use_note_duration_programs not empty
    bool usesNoteDurations(int program) const;  // program -1 = drums
    bool hasProgram(int program) const;
    // (numerator, denominator) pairs in vocabulary order; {(4, 4)} without time signatures.
    std::vector<std::pair<int, int>> timeSignatures() const;
    // Denominators of time_signature_range in file order.
    std::vector<int> timeSignatureDenominators() const;
};

}  // namespace mozart::remi
