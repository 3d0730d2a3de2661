// GenerateRequest: every generation option as a user gives it (typed text and numbers that may be
// left out), and the one function that checks it and turns it into GenerationSettings. Shared by
// `mozart generate` and the studio's Generate panel, so both accept the same things and refuse
// the rest with the same sentences. The prompt line (PromptLine.h) is applied first; options
// given explicitly override what it said.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "generate/GenerationSettings.h"
#include "generate/PromptLine.h"

namespace mozart::generate {

struct GenerateRequest {
    std::string promptText;                 // "Mozart, 32 bars, 96 bpm, D minor, piano, calm"
    std::optional<int> bars, tokens;
    std::optional<double> seconds;
    std::optional<double> temperature, topP;
    std::optional<int> topK;
    std::optional<std::uint64_t> seed;      // unset: a random seed (recorded in the recipe)
    std::string composer;
    std::optional<double> tempo;
    std::string timeSignature;              // "N/D"
    std::string program;                    // GM number (-1 drums) or name ("Violin", "drums")
    std::string key;                        // "C", "F#", "Bb", "Am"
    std::string scale;                      // see scaleIntervals()
    std::string pitchRange;                 // "LO-HI"
    std::string density;                    // "MIN-MAX" notes per bar
    std::string instruments;                // "0,40,-1" or names: "piano,violin"
    std::string promptMidi;                 // MIDI file to continue
    std::optional<int> promptBars, regenerateFromBar;
    std::string infill;                     // "A-B": rewrite bars A..B of promptMidi, keep the rest
    std::optional<int> variations, threads;
    bool noGrammar = false;
};

struct ResolvedRequest {
    GenerationSettings settings;
    PromptLine promptLine;                  // what the prompt text said (empty when there was none)
    std::string error;                      // one sentence naming the option; empty when fine
};

// `composerLabels`: the model's labels, for the prompt line (may be empty).
ResolvedRequest resolveRequest(const GenerateRequest& request, const std::vector<std::string>& composerLabels);

// The command-line names of the settings options the request sets ("--bars", "--key" ...), for
// saying which ones a --recipe run ignores.
std::vector<std::string> settingOptionsGiven(const GenerateRequest& request);

}  // namespace mozart::generate
