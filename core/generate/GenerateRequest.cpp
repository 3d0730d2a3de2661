#include "generate/GenerateRequest.h"

#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>

#include "midi/GeneralMidi.h"

namespace fs = std::filesystem;

namespace mozart::generate {

namespace {

bool parseRange(const std::string& text, int* lo, int* hi) {
    const auto dash = text.find('-', 1);
    if (dash == std::string::npos) return false;
    try {
        std::size_t a = 0, b = 0;
        *lo = std::stoi(text.substr(0, dash), &a);
        *hi = std::stoi(text.substr(dash + 1), &b);
        return a == dash && b == text.size() - dash - 1;
    } catch (const std::exception&) {
        return false;
    }
}

std::string trimmed(const std::string& t) {
    const auto a = t.find_first_not_of(" \t");
    const auto b = t.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : t.substr(a, b - a + 1);
}

std::string applyKey(const GenerateRequest& r, GenerationSettings& s) {
    if (!r.scale.empty()) s.constraints.scale = r.scale;
    if (!r.key.empty()) {
        std::string key = r.key;
        bool minor = false;
        if (key.size() > 1 && key.back() == 'm') {
            key.pop_back();
            minor = true;
        }
        s.constraints.keyRoot = pitchClassFromName(key);
        if (s.constraints.keyRoot < 0) return "--key takes a note name such as C, F#, Bb or Am";
        if (r.scale.empty()) s.constraints.scale = minor ? "minor" : "major";
    } else if (!r.scale.empty() && s.constraints.keyRoot < 0) {
        return "--scale needs --key";
    }
    return {};
}

std::string applyInstruments(const GenerateRequest& r, GenerationSettings& s) {
    if (!r.program.empty()) {
        const auto p = midi::programFromName(trimmed(r.program));
        if (!p) return "--program takes a General MIDI program 0-127 (-1 drums) or its name, e.g. Violin";
        s.prompt.program = *p;
    }
    if (!r.instruments.empty()) {
        s.constraints.programs.clear();
        std::stringstream in(r.instruments);
        std::string item;
        while (std::getline(in, item, ',')) {
            const auto p = midi::programFromName(trimmed(item));
            if (!p) return "--instruments takes program numbers or General MIDI names separated by commas (-1 = drums)";
            s.constraints.programs.push_back(*p);
        }
    }
    return {};
}

}  // namespace

ResolvedRequest resolveRequest(const GenerateRequest& r, const std::vector<std::string>& composerLabels) {
    ResolvedRequest out;
    GenerationSettings& s = out.settings;
    if (!r.promptText.empty()) {
        out.promptLine = parsePromptLine(r.promptText, composerLabels);
        applyPromptLine(out.promptLine, s);
    }
    auto fail = [&](std::string message) {
        out.error = std::move(message);
        return out;
    };
    if (r.bars) s.length.bars = *r.bars;
    if (r.seconds) s.length.seconds = *r.seconds;
    if (r.tokens) s.length.tokens = *r.tokens;
    if (r.temperature) s.sampling.temperature = *r.temperature;
    if (r.topK) s.sampling.topK = *r.topK;
    if (r.topP) s.sampling.topP = *r.topP;
    if (!r.composer.empty()) s.prompt.composer = r.composer;
    if (r.tempo) s.prompt.tempo = *r.tempo;
    if (r.variations) s.variations = *r.variations;
    if (r.threads) s.threads = *r.threads;
    s.grammar = !r.noGrammar;
    s.sampling.seed = r.seed ? *r.seed : std::random_device{}() * 0x100000000ull + std::random_device{}();
    if (!r.timeSignature.empty()) {
        char rest = 0;
        if (std::sscanf(r.timeSignature.c_str(), "%d/%d%c", &s.prompt.timeSigNumerator, &s.prompt.timeSigDenominator,
                        &rest) != 2)
            return fail("--time-signature takes N/D, e.g. 3/4");
    }
    if (auto e = applyKey(r, s); !e.empty()) return fail(e);
    if (!r.pitchRange.empty() && !parseRange(r.pitchRange, &s.constraints.pitchLow, &s.constraints.pitchHigh))
        return fail("--pitch-range takes LO-HI MIDI pitches, e.g. 48-84");
    if (!r.density.empty() && !parseRange(r.density, &s.constraints.minNotesPerBar, &s.constraints.maxNotesPerBar))
        return fail("--density takes MIN-MAX notes per bar, e.g. 4-16");
    if (auto e = applyInstruments(r, s); !e.empty()) return fail(e);
    if (!r.promptMidi.empty()) s.prompt.midiFile = fs::absolute(r.promptMidi).string();
    if (r.promptBars) s.prompt.lastBars = *r.promptBars;
    if (r.regenerateFromBar) s.prompt.regenerateFromBar = *r.regenerateFromBar;
    if (!r.infill.empty()) {
        int first = 0, last = 0;
        if (!parseRange(r.infill, &first, &last) || first < 1 || last < first)
            return fail("--infill takes the bars to fill as A-B, e.g. 5-8 (1 <= A <= B)");
        if (r.promptMidi.empty()) return fail("--infill needs --prompt-midi FILE (the piece to fill)");
        if (r.regenerateFromBar || r.promptBars)
            return fail("--infill excludes --regenerate-from-bar and --prompt-bars");
        s.prompt.regenerateFromBar = first;
        s.prompt.infillToBar = last;
    }
    if (auto e = validate(s); !e.empty()) return fail(e);
    return out;
}

std::vector<std::string> settingOptionsGiven(const GenerateRequest& r) {
    std::vector<std::string> out;
    auto add = [&](bool given, const char* name) {
        if (given) out.emplace_back(name);
    };
    add(!r.promptText.empty(), "--prompt");
    add(r.bars.has_value(), "--bars");
    add(r.seconds.has_value(), "--seconds");
    add(r.tokens.has_value(), "--tokens");
    add(r.temperature.has_value(), "--temperature");
    add(r.topK.has_value(), "--top-k");
    add(r.topP.has_value(), "--top-p");
    add(r.seed.has_value(), "--seed");
    add(!r.composer.empty(), "--composer");
    add(r.tempo.has_value(), "--tempo");
    add(!r.timeSignature.empty(), "--time-signature");
    add(!r.program.empty(), "--program");
    add(!r.key.empty(), "--key");
    add(!r.scale.empty(), "--scale");
    add(!r.pitchRange.empty(), "--pitch-range");
    add(!r.density.empty(), "--density");
    add(!r.instruments.empty(), "--instruments");
    add(!r.promptMidi.empty(), "--prompt-midi");
    add(r.promptBars.has_value(), "--prompt-bars");
    add(r.regenerateFromBar.has_value(), "--regenerate-from-bar");
    add(!r.infill.empty(), "--infill");
    add(r.variations.has_value(), "--variations");
    add(r.noGrammar, "--no-grammar");
    return out;
}

}  // namespace mozart::generate
