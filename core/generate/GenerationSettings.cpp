#include "generate/GenerationSettings.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

namespace mozart::generate {

std::vector<int> scaleIntervals(const std::string& name) {
    if (name == "major" || name == "ionian") return {0, 2, 4, 5, 7, 9, 11};
    if (name == "minor" || name == "aeolian" || name == "natural-minor") return {0, 2, 3, 5, 7, 8, 10};
    if (name == "harmonic-minor") return {0, 2, 3, 5, 7, 8, 11};
    if (name == "dorian") return {0, 2, 3, 5, 7, 9, 10};
    if (name == "mixolydian") return {0, 2, 4, 5, 7, 9, 10};
    if (name == "pentatonic" || name == "major-pentatonic") return {0, 2, 4, 7, 9};
    if (name == "minor-pentatonic") return {0, 3, 5, 7, 10};
    if (name == "blues") return {0, 3, 5, 6, 7, 10};
    if (name == "chromatic") return {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    return {};
}

int pitchClassFromName(const std::string& name) {
    if (name.empty()) return -1;
    static const int base[7] = {9, 11, 0, 2, 4, 5, 7};  // A B C D E F G
    const char letter = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    if (letter < 'A' || letter > 'G') return -1;
    int pc = base[letter - 'A'];
    for (std::size_t i = 1; i < name.size(); ++i) {
        if (name[i] == '#') ++pc;
        else if (name[i] == 'b') --pc;
        else return -1;
    }
    return ((pc % 12) + 12) % 12;
}

std::uint64_t variationSeed(std::uint64_t seed, int index) {
    if (index == 0) return seed;
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(index);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::string validate(const GenerationSettings& s) {
    const auto& sm = s.sampling;
    if (!(sm.temperature > 0) || !std::isfinite(sm.temperature)) return "temperature must be above 0";
    if (sm.topK < 0) return "top-k must be 0 (off) or more";
    if (!(sm.topP > 0 && sm.topP <= 1)) return "top-p must be in (0, 1]";
    if (s.length.bars < 0 || s.length.seconds < 0 || s.length.tokens < 0) return "lengths cannot be negative";
    const auto& c = s.constraints;
    if (c.keyRoot >= 12 || c.keyRoot < -1) return "the key must be a pitch class 0..11";
    if (!c.scale.empty() && scaleIntervals(c.scale).empty()) {
        return "unknown scale '" + c.scale +
               "' (major, minor, harmonic-minor, dorian, mixolydian, pentatonic, minor-pentatonic, blues, chromatic)";
    }
    if (c.pitchLow < 0 || c.pitchHigh > 127 || c.pitchLow > c.pitchHigh) return "the pitch range must be LO-HI within 0-127";
    if (c.minNotesPerBar < 0 || c.maxNotesPerBar < 0 ||
        (c.maxNotesPerBar > 0 && c.minNotesPerBar > c.maxNotesPerBar)) {
        return "the density must be MIN-MAX notes per bar with MIN <= MAX";
    }
    for (int p : c.programs) {
        if (p < -1 || p > 127) return "programs must be -1 (drums) or 0..127";
    }
    const auto& p = s.prompt;
    if (p.tempo < 0 || p.tempo > 1000) return "the tempo must be 1..1000 quarter notes per minute";
    if ((p.timeSigNumerator == 0) != (p.timeSigDenominator == 0)) return "the time signature must be N/D";
    if (p.program && (*p.program < -1 || *p.program > 127)) return "the program must be -1 (drums) or 0..127";
    if (p.lastBars < 0 || p.regenerateFromBar < 0) return "bar numbers cannot be negative";
    if ((p.lastBars > 0 || p.regenerateFromBar > 0) && p.midiFile.empty()) {
        return "--prompt-bars and --regenerate-from-bar need a MIDI file to start from";
    }
    if (p.lastBars > 0 && p.regenerateFromBar > 0) return "choose either the last bars or a bar to regenerate from";
    if (p.infillToBar != 0 && (p.regenerateFromBar < 1 || p.infillToBar < p.regenerateFromBar))
        return "the bars to fill must be A-B with 1 <= A <= B";
    if (s.variations < 1 || s.variations > 64) return "variations must be 1..64";
    if (s.threads < 0) return "threads cannot be negative";
    return {};
}

void to_json(nlohmann::json& j, const GenerationSettings& s) {
    j = nlohmann::json{
        {"sampling",
         {{"temperature", s.sampling.temperature},
          {"top_k", s.sampling.topK},
          {"top_p", s.sampling.topP},
          {"seed", s.sampling.seed}}},
        {"length", {{"bars", s.length.bars}, {"seconds", s.length.seconds}, {"tokens", s.length.tokens}}},
        {"prompt",
         {{"composer", s.prompt.composer},
          {"tempo", s.prompt.tempo},
          {"time_signature", {s.prompt.timeSigNumerator, s.prompt.timeSigDenominator}},
          {"program", s.prompt.program ? nlohmann::json(*s.prompt.program) : nlohmann::json()},
          {"midi_file", s.prompt.midiFile},
          {"midi_sha256", s.prompt.midiSha256},
          {"last_bars", s.prompt.lastBars},
          {"regenerate_from_bar", s.prompt.regenerateFromBar},
          {"infill_to_bar", s.prompt.infillToBar}}},
        {"constraints",
         {{"key_root", s.constraints.keyRoot},
          {"scale", s.constraints.scale},
          {"pitch_range", {s.constraints.pitchLow, s.constraints.pitchHigh}},
          {"notes_per_bar", {s.constraints.minNotesPerBar, s.constraints.maxNotesPerBar}},
          {"programs", s.constraints.programs}}},
        {"grammar", s.grammar},
        {"variations", s.variations},
        {"threads", s.threads}};
}

void from_json(const nlohmann::json& j, GenerationSettings& s) {
    s = GenerationSettings{};
    if (j.contains("sampling")) {
        const auto& a = j.at("sampling");
        s.sampling.temperature = a.value("temperature", s.sampling.temperature);
        s.sampling.topK = a.value("top_k", s.sampling.topK);
        s.sampling.topP = a.value("top_p", s.sampling.topP);
        s.sampling.seed = a.value("seed", s.sampling.seed);
    }
    if (j.contains("length")) {
        const auto& a = j.at("length");
        s.length.bars = a.value("bars", 0);
        s.length.seconds = a.value("seconds", 0.0);
        s.length.tokens = a.value("tokens", 0);
    }
    if (j.contains("prompt")) {
        const auto& a = j.at("prompt");
        s.prompt.composer = a.value("composer", std::string());
        s.prompt.tempo = a.value("tempo", 0.0);
        if (a.contains("time_signature")) {
            s.prompt.timeSigNumerator = a.at("time_signature").at(0).get<int>();
            s.prompt.timeSigDenominator = a.at("time_signature").at(1).get<int>();
        }
        if (a.contains("program") && !a.at("program").is_null()) s.prompt.program = a.at("program").get<int>();
        s.prompt.midiFile = a.value("midi_file", std::string());
        s.prompt.midiSha256 = a.value("midi_sha256", std::string());
        s.prompt.lastBars = a.value("last_bars", 0);
        s.prompt.regenerateFromBar = a.value("regenerate_from_bar", 0);
        s.prompt.infillToBar = a.value("infill_to_bar", 0);
    }
    if (j.contains("constraints")) {
        const auto& a = j.at("constraints");
        s.constraints.keyRoot = a.value("key_root", -1);
        s.constraints.scale = a.value("scale", std::string());
        if (a.contains("pitch_range")) {
            s.constraints.pitchLow = a.at("pitch_range").at(0).get<int>();
            s.constraints.pitchHigh = a.at("pitch_range").at(1).get<int>();
        }
        if (a.contains("notes_per_bar")) {
            s.constraints.minNotesPerBar = a.at("notes_per_bar").at(0).get<int>();
            s.constraints.maxNotesPerBar = a.at("notes_per_bar").at(1).get<int>();
        }
        s.constraints.programs = a.value("programs", std::vector<int>{});
    }
    s.grammar = j.value("grammar", true);
    s.variations = j.value("variations", 1);
    s.threads = j.value("threads", 0);
}

}  // namespace mozart::generate
