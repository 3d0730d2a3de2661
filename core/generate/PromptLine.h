// PromptLine: what a musician types ("Mozart, 32 bars, 96 bpm, D minor, piano and strings, calm")
// turned into generation settings by a small table of words, no language model: the model's
// composer labels, numbers with units (bars, seconds, minutes, bpm), time signatures (3/4), key
// names with major/minor or a mode, a number of variations, General MIDI instrument names and families, and a few mood
// words that set temperature and notes per bar. It reports what it understood (as chips the
// studio shows and the user can edit) and the words it did not understand. Shared by
// `mozart generate --prompt TEXT` and the studio's Generate panel.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "generate/GenerationSettings.h"

namespace mozart::generate {

// One understood piece of the text: the words it came from and what it set.
struct PromptChip {
    enum class Field { Composer, Bars, Seconds, Tempo, TimeSignature, Key, Instrument, Mood, Variations };
    Field field;
    std::string words;  // as typed, e.g. "96 bpm"
    std::string label;  // what it means, e.g. "tempo 96", "D minor", "Strings (40-47)"
};

struct PromptLine {
    std::optional<std::string> composer;    // a label of the model, as the model spells it
    std::optional<int> bars;
    std::optional<double> seconds;
    std::optional<double> tempo;            // quarter notes per minute
    std::optional<std::pair<int, int>> timeSignature;
    std::optional<int> keyRoot;             // 0..11
    std::string scale;                      // with keyRoot: "major", "minor", "dorian" ...
    std::vector<int> programs;              // instruments allowed (families expanded); -1 drums
    std::optional<int> firstProgram;        // the first instrument named: the piece starts with it
    std::optional<double> temperature;      // from a mood word
    std::optional<std::pair<int, int>> density;  // notes per bar, from a mood word
    std::optional<int> variations;          // "3 variations" (1..64)

    std::vector<PromptChip> chips;
    std::vector<std::string> unknownWords;  // in the order typed
    std::string warning;                    // e.g. a composer the model does not know; empty if none

    bool understoodAll() const { return unknownWords.empty(); }
};

// `composerLabels`: the model's label names (empty for an unconditioned model).
PromptLine parsePromptLine(const std::string& text, const std::vector<std::string>& composerLabels);

// Sets the fields the line names; leaves the others as they are.
void applyPromptLine(const PromptLine& line, GenerationSettings& settings);

}  // namespace mozart::generate
