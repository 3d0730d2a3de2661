#include "generate/PromptLine.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "midi/GeneralMidi.h"

namespace mozart::generate {

namespace {

using Field = PromptChip::Field;

struct Word {
    std::string typed;  // as typed, punctuation stripped
    std::string lower;
};

std::string lowerOf(std::string t) {
    for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
}

// Commas, semicolons and spaces separate words; quotes, brackets and end punctuation are dropped.
std::vector<Word> splitWords(const std::string& text) {
    std::vector<Word> words;
    std::string current;
    auto flush = [&] {
        while (!current.empty() && std::string(".!?:'\")]}").find(current.back()) != std::string::npos) current.pop_back();
        while (!current.empty() && std::string("'\"([{").find(current.front()) != std::string::npos) current.erase(0, 1);
        if (!current.empty()) words.push_back({current, lowerOf(current)});
        current.clear();
    };
    for (const char c : text.substr(0, 2000)) {  // a prompt line, not a document
        if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';') flush();
        else current += c;
    }
    flush();
    return words;
}

std::string joinTyped(const std::vector<Word>& w, std::size_t from, std::size_t count) {
    std::string out;
    for (std::size_t i = from; i < from + count && i < w.size(); ++i) out += (out.empty() ? "" : " ") + w[i].typed;
    return out;
}
std::string joinLower(const std::vector<Word>& w, std::size_t from, std::size_t count) {
    std::string out;
    for (std::size_t i = from; i < from + count && i < w.size(); ++i) out += (out.empty() ? "" : " ") + w[i].lower;
    return out;
}

std::string formatNumber(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// The parser's state: the words, the position, and the result being filled.
struct Parser {
    const std::vector<Word>& w;
    const std::vector<std::string>& labels;
    PromptLine& out;
    std::size_t i = 0;

    void chip(Field f, std::size_t count, std::string label) {
        out.chips.push_back({f, joinTyped(w, i, count), std::move(label)});
    }

    std::size_t numberWithUnit();
    std::size_t timeSignature();
    std::size_t key();
    std::size_t instrument();
    std::size_t composer();
    std::size_t mood();
    std::size_t filler() const;
    void addPrograms(const std::vector<int>& programs);
};

// "32 bars", "32-bar", "96bpm", "90 seconds", "2 minutes", "30s".
std::size_t Parser::numberWithUnit() {
    const std::string& word = w[i].lower;
    char* end = nullptr;
    const double value = std::strtod(word.c_str(), &end);
    if (end == word.c_str() || !std::isdigit(static_cast<unsigned char>(word[0])) || !std::isfinite(value)) return 0;
    std::string unit(end);
    if (!unit.empty() && unit[0] == '-') unit.erase(0, 1);
    std::size_t used = 1;
    if (unit.empty()) {
        if (i + 1 >= w.size()) return 0;
        unit = w[i + 1].lower;
        used = 2;
        if (unit == "beats" && i + 3 < w.size() && w[i + 2].lower == "per" && w[i + 3].lower == "minute") {
            unit = "bpm";
            used = 4;
        }
    }
    if (unit == "bar" || unit == "bars" || unit == "measure" || unit == "measures") {
        if (value < 1 || value > 100000 || value != std::floor(value)) return 0;
        out.bars = int(value);
        chip(Field::Bars, used, formatNumber(value) + " bars");
    } else if (unit == "s" || unit == "sec" || unit == "secs" || unit == "second" || unit == "seconds" ||
               unit == "min" || unit == "mins" || unit == "minute" || unit == "minutes") {
        const double seconds = unit[0] == 'm' ? value * 60 : value;
        if (!(seconds > 0) || seconds > 24 * 3600) return 0;
        out.seconds = seconds;
        chip(Field::Seconds, used, formatNumber(seconds) + " seconds");
    } else if (unit == "variations" || unit == "variation" || unit == "versions" || unit == "takes") {
        if (value < 1 || value > 64 || value != std::floor(value)) return 0;
        out.variations = int(value);
        chip(Field::Variations, used, formatNumber(value) + " variations");
    } else if (unit == "bpm" || unit == "qpm") {
        if (!(value >= 1) || value > 1000) return 0;
        out.tempo = value;
        chip(Field::Tempo, used, "tempo " + formatNumber(value));
    } else {
        return 0;
    }
    return used;
}

// "3/4", "6/8": numerator 1..64, denominator a power of two up to 64.
std::size_t Parser::timeSignature() {
    int num = 0, den = 0;
    char rest = 0;
    if (std::sscanf(w[i].lower.c_str(), "%d/%d%c", &num, &den, &rest) != 2) return 0;
    if (num < 1 || num > 64 || den < 1 || den > 64 || (den & (den - 1)) != 0) return 0;
    out.timeSignature = {num, den};
    chip(Field::TimeSignature, 1, std::to_string(num) + "/" + std::to_string(den));
    return 1;
}

// "D minor", "F# major", "Bb dorian", "C sharp minor", "A harmonic minor", "Dm", "F#m".
std::size_t Parser::key() {
    std::string note = w[i].lower;
    std::size_t used = 1;
    std::string scale;
    if (note.size() >= 2 && note.back() == 'm' && pitchClassFromName(note.substr(0, note.size() - 1)) >= 0 &&
        w[i].typed[0] >= 'A' && w[i].typed[0] <= 'G') {
        note.pop_back();  // "Dm": a capital letter, so "am" (the word) is not A minor
        scale = "minor";
    } else {
        if (pitchClassFromName(note) < 0) return 0;
        if (i + 1 < w.size() && (w[i + 1].lower == "sharp" || w[i + 1].lower == "flat")) {
            note += w[i + 1].lower == "sharp" ? "#" : "b";
            ++used;
        }
        if (i + used >= w.size()) return 0;
        const std::string m = w[i + used].lower;
        const std::string m2 = i + used + 1 < w.size() ? w[i + used + 1].lower : std::string();
        if ((m == "harmonic" && m2 == "minor") || (m == "minor" && m2 == "pentatonic") ||
            (m == "major" && m2 == "pentatonic")) {
            scale = m == "harmonic" ? "harmonic-minor" : m == "minor" ? "minor-pentatonic" : "pentatonic";
            used += 2;
        } else if (m == "major" || m == "maj" || m == "ionian") {
            scale = "major";
            ++used;
        } else if (m == "minor" || m == "min" || m == "aeolian") {
            scale = "minor";
            ++used;
        } else if (m == "dorian" || m == "mixolydian" || m == "pentatonic" || m == "blues") {
            scale = m;
            ++used;
        } else {
            return 0;  // a lone letter is too often a word ("a piece")
        }
    }
    const int pc = pitchClassFromName(note);
    if (pc < 0) return 0;
    out.keyRoot = pc;
    out.scale = scale;
    static const char* const names[12] = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};
    chip(Field::Key, used, std::string(names[pc]) + " " + scale);
    return used;
}

void Parser::addPrograms(const std::vector<int>& programs) {
    if (!out.firstProgram && !programs.empty()) out.firstProgram = programs.front();
    for (int p : programs)
        if (std::find(out.programs.begin(), out.programs.end(), p) == out.programs.end()) out.programs.push_back(p);
}

std::vector<int> range(int from, int to) {
    std::vector<int> v;
    for (int p = from; p <= to; ++p) v.push_back(p);
    return v;
}

// Words musicians use for a family or a common instrument, beside the 128 General MIDI names.
struct InstrumentWord {
    const char* words;
    const char* label;
    std::vector<int> programs;
};
const std::vector<InstrumentWord>& instrumentWords() {
    static const std::vector<InstrumentWord> table = {
        {"piano", "Acoustic Grand Piano", {0}},
        {"grand piano", "Acoustic Grand Piano", {0}},
        {"electric piano", "Electric Piano 1", {4}},
        {"pianos", "Piano family", range(0, 7)},
        {"keyboards", "Piano family", range(0, 7)},
        {"strings", "Strings", range(40, 49)},
        {"string quartet", "Violin, Viola, Cello", {40, 41, 42}},
        {"string ensemble", "String Ensemble 1", {48}},
        {"double bass", "Contrabass", {43}},
        {"harp", "Orchestral Harp", {46}},
        {"organ", "Organ family", range(16, 23)},
        {"guitar", "Guitar family", range(24, 31)},
        {"guitars", "Guitar family", range(24, 31)},
        {"bass", "Bass family", range(32, 39)},
        {"brass", "Brass", range(56, 63)},
        {"horn", "French Horn", {60}},
        {"horns", "French Horn", {60}},
        {"sax", "Saxophones", range(64, 67)},
        {"saxophone", "Saxophones", range(64, 67)},
        {"reeds", "Reed family", range(64, 71)},
        {"woodwinds", "Woodwinds", range(64, 79)},
        {"winds", "Woodwinds", range(64, 79)},
        {"flutes", "Pipe family", range(72, 79)},
        {"choir", "Choir", {52, 53}},
        {"voices", "Choir", {52, 53}},
        {"synth", "Synth Lead", range(80, 87)},
        {"pads", "Synth Pad", range(88, 95)},
        {"mallets", "Chromatic Percussion", range(8, 15)},
        {"drums", "Drums", {-1}},
        {"drum kit", "Drums", {-1}},
        {"percussion", "Drums", {-1}},
    };
    return table;
}

// The General MIDI name without its parentheses: "Acoustic Guitar (nylon)" -> "acoustic guitar nylon".
std::string plainGmName(int program) {
    std::string out;
    for (char c : lowerOf(midi::programName(program)))
        if (c != '(' && c != ')') out += c;
    return out;
}

std::size_t Parser::instrument() {
    for (std::size_t count = std::min<std::size_t>(4, w.size() - i); count >= 1; --count) {
        const std::string phrase = joinLower(w, i, count);
        for (int p = 0; p < 128; ++p) {
            if (plainGmName(p) == phrase) {
                addPrograms({p});
                chip(Field::Instrument, count, midi::programName(p));
                return count;
            }
        }
        for (const auto& entry : instrumentWords()) {
            if (phrase == entry.words) {
                addPrograms(entry.programs);
                chip(Field::Instrument, count, entry.label);
                return count;
            }
        }
    }
    return 0;
}

// Composers people often ask for; named when the model does not know them.
bool isWellKnownComposer(const std::string& word) {
    static const char* const names[] = {"bach", "mozart", "beethoven", "chopin", "haydn", "handel", "schubert",
                                        "schumann", "brahms", "liszt", "debussy", "ravel", "satie", "vivaldi",
                                        "tchaikovsky", "mendelssohn", "scarlatti", "grieg", "rachmaninoff",
                                        "dvorak", "joplin", "clementi", "czerny", "albeniz", "granados"};
    for (const char* n : names)
        if (word == n || word == std::string(n) + "'s") return true;
    return false;
}

std::size_t Parser::composer() {
    for (const auto& label : labels) {
        const std::string wanted = lowerOf(label);
        const std::size_t count = std::size_t(std::count(wanted.begin(), wanted.end(), ' ') + 1);
        if (wanted.empty() || i + count > w.size()) continue;
        std::string phrase = joinLower(w, i, count);
        if (phrase.size() > 2 && phrase.compare(phrase.size() - 2, 2, "'s") == 0) phrase.resize(phrase.size() - 2);
        if (phrase == wanted) {
            out.composer = label;
            chip(Field::Composer, count, "composer " + label);
            return count;
        }
    }
    if (isWellKnownComposer(w[i].lower)) {
        std::string known;
        for (const auto& l : labels) known += (known.empty() ? "" : ", ") + l;
        out.warning = labels.empty() ? "the model has no composer labels, so '" + w[i].typed + "' cannot be chosen"
                                     : "the model does not know '" + w[i].typed + "' (it knows: " + known + ")";
    }
    return 0;
}

struct MoodWord {
    const char* word;
    double temperature;      // 0: leave it
    int densityLo, densityHi;  // 0, 0: leave it
    double tempo;            // 0: leave it
};
const std::vector<MoodWord>& moodWords() {
    static const std::vector<MoodWord> table = {
        {"calm", 0.85, 2, 8, 0},         {"gentle", 0.85, 2, 8, 0},     {"peaceful", 0.85, 2, 8, 0},
        {"quiet", 0.85, 2, 8, 0},        {"soft", 0.85, 2, 8, 0},       {"sparse", 0, 1, 6, 0},
        {"lively", 1.05, 6, 20, 0},      {"energetic", 1.05, 8, 24, 0}, {"happy", 1.0, 6, 16, 0},
        {"dramatic", 1.1, 8, 24, 0},     {"dense", 0, 12, 32, 0},       {"busy", 0, 12, 32, 0},
        {"virtuosic", 1.05, 16, 48, 0},  {"faithful", 0.7, 0, 0, 0},    {"conservative", 0.7, 0, 0, 0},
        {"simple", 0.7, 2, 8, 0},        {"adventurous", 1.3, 0, 0, 0}, {"experimental", 1.3, 0, 0, 0},
        {"wild", 1.4, 0, 0, 0},          {"slow", 0, 0, 0, 66},         {"fast", 0, 0, 0, 144},
        {"largo", 0, 0, 0, 50},          {"adagio", 0, 0, 0, 66},       {"andante", 0, 0, 0, 84},
        {"moderato", 0, 0, 0, 108},      {"allegro", 0, 0, 0, 132},     {"vivace", 0, 0, 0, 160},
        {"presto", 0, 0, 0, 176},
    };
    return table;
}

std::size_t Parser::mood() {
    for (const auto& m : moodWords()) {
        if (w[i].lower != m.word) continue;
        std::string label;
        if (m.temperature > 0) {
            out.temperature = m.temperature;
            label += "temperature " + formatNumber(m.temperature);
        }
        if (m.densityHi > 0) {
            out.density = std::make_pair(m.densityLo, m.densityHi);
            label += std::string(label.empty() ? "" : ", ") + std::to_string(m.densityLo) + "-" +
                     std::to_string(m.densityHi) + " notes per bar";
        }
        if (m.tempo > 0) {
            out.tempo = m.tempo;
            label += std::string(label.empty() ? "" : ", ") + "tempo " + formatNumber(m.tempo);
            chip(Field::Tempo, 1, label);
        } else {
            chip(Field::Mood, 1, label);
        }
        return 1;
    }
    return 0;
}

std::size_t Parser::filler() const {
    static const char* const words[] = {"and", "with", "in", "a", "an", "the", "for", "of", "by", "at", "style",
                                        "like", "piece", "music", "song", "key", "on", "some", "please", "&",
                                        "+", "-", "plus", "long", "about", "tempo", "played", "solo", "duet",
                                        "for", "to", "from", "time", "signature", "meter"};
    for (const char* f : words)
        if (w[i].lower == f) return 1;
    return 0;
}

}  // namespace

PromptLine parsePromptLine(const std::string& text, const std::vector<std::string>& composerLabels) {
    PromptLine out;
    const std::vector<Word> words = splitWords(text);
    Parser p{words, composerLabels, out};
    // Order matters: a composer label may also be a mood or instrument word, and the model's own
    // labels win; a number is tried before a key because "6/8" and "32 bars" start with digits.
    const std::vector<std::size_t (Parser::*)()> matchers = {&Parser::composer, &Parser::numberWithUnit,
                                                             &Parser::timeSignature, &Parser::key,
                                                             &Parser::instrument, &Parser::mood};
    while (p.i < words.size()) {
        std::size_t used = 0;
        for (auto m : matchers)
            if ((used = (p.*m)()) > 0) break;
        if (used == 0) used = p.filler();
        if (used == 0) {
            out.unknownWords.push_back(words[p.i].typed);
            used = 1;
        }
        p.i += used;
    }
    return out;
}

void applyPromptLine(const PromptLine& line, GenerationSettings& s) {
    if (line.composer) s.prompt.composer = *line.composer;
    if (line.bars) s.length.bars = *line.bars;
    if (line.seconds) s.length.seconds = *line.seconds;
    if (line.tempo) s.prompt.tempo = *line.tempo;
    if (line.timeSignature) {
        s.prompt.timeSigNumerator = line.timeSignature->first;
        s.prompt.timeSigDenominator = line.timeSignature->second;
    }
    if (line.keyRoot) {
        s.constraints.keyRoot = *line.keyRoot;
        s.constraints.scale = line.scale;
    }
    if (!line.programs.empty()) s.constraints.programs = line.programs;
    if (line.firstProgram) s.prompt.program = *line.firstProgram;
    if (line.temperature) s.sampling.temperature = *line.temperature;
    if (line.variations) s.variations = *line.variations;
    if (line.density) {
        s.constraints.minNotesPerBar = line.density->first;
        s.constraints.maxNotesPerBar = line.density->second;
    }
}

}  // namespace mozart::generate
