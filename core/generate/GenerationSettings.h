// GenerationSettings: everything that decides what the Generator writes, as plain named fields
// (sampling, length, prompt, musical constraints), with a JSON form that goes into every piece's
// recipe. Same settings + same seed + same checkpoint = the same piece.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace mozart::generate {

struct SamplingSettings {
    double temperature = 1.0;  // > 0; logits are divided by it
    int topK = 0;              // 0: no limit
    double topP = 1.0;         // nucleus: the smallest set of tokens whose mass reaches topP
    std::uint64_t seed = 0;
};

// How long to go on. Exactly one of the three is normally set; when several are, the first
// reached stops. Bars and seconds count from where the prompt ends; with none set, 16 bars.
struct LengthSettings {
    int bars = 0;
    double seconds = 0.0;
    int tokens = 0;
};

// Constraints enforced by masking tokens while sampling. Empty / zero fields do not constrain.
struct MusicalConstraints {
    int keyRoot = -1;                 // pitch class 0 (C) .. 11 (B); -1: no key
    std::string scale;                // major, minor, harmonic-minor, dorian, mixolydian,
                                      // pentatonic, minor-pentatonic, blues, chromatic
    int pitchLow = 0, pitchHigh = 127;
    int minNotesPerBar = 0;           // Bar (and the end) forbidden until reached
    int maxNotesPerBar = 0;           // 0: no limit; Pitch forbidden once reached
    std::vector<int> programs;        // instruments allowed (-1 = drums); empty: any
};

// How the piece starts. The tempo, time signature and program become the first tokens when the
// tokenizer has those token types; the composer is the model's conditioning label.
struct PromptSettings {
    std::string composer;             // a name from the model file's labels (or a label number)
    double tempo = 0.0;               // quarter notes per minute; 0: the model chooses
    int timeSigNumerator = 0, timeSigDenominator = 0;  // 0: the model chooses
    std::optional<int> program;       // -1 = drums
    std::string midiFile;             // continue this piece
    std::string midiSha256;           // its content, recorded so a recipe can check it
    int lastBars = 0;                 // only its last N bars (0: all of it)
    int regenerateFromBar = 0;        // keep bars 1 .. K-1 of midiFile, write the rest anew
    // Infilling (a model with the FIM tokens): with regenerateFromBar = A, rewrite only bars
    // A .. infillToBar and keep the bars after them (InfillingPrompt.h); 0: not infilling.
    int infillToBar = 0;
};

struct GenerationSettings {
    SamplingSettings sampling;
    LengthSettings length;
    PromptSettings prompt;
    MusicalConstraints constraints;
    bool grammar = true;              // mask tokens the REMI grammar forbids
    int variations = 1;               // generated together as one batch
    int threads = 0;                  // compute threads; 0: the default (see Generator.h)
};

// Scale names -> pitch classes of the scale on C; empty when the name is unknown.
std::vector<int> scaleIntervals(const std::string& name);
// "C", "F#", "Bb", "c#" ... -> 0..11, or -1.
int pitchClassFromName(const std::string& name);

// The seed of variation `index` (0-based): seed itself for the first, a SplitMix64 mix after.
std::uint64_t variationSeed(std::uint64_t seed, int index);

// Empty when the settings make sense, else one sentence naming the field.
std::string validate(const GenerationSettings& s);

void to_json(nlohmann::json& j, const GenerationSettings& s);
// Throws nlohmann::json::exception on wrong types; absent keys keep their defaults.
void from_json(const nlohmann::json& j, GenerationSettings& s);

}  // namespace mozart::generate
