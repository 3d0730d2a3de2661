#include "eval/CopyCheck.h"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace mozart::eval {

namespace {

// The onset of the k-th pitched note in noteSteps()'s order (by onset, then pitch).
midi::Tick onsetOfNote(const midi::Score& score, int k) {
    std::vector<std::pair<midi::Tick, int>> notes;
    for (const midi::Track& t : score.tracks)
        if (!t.isDrum)
            for (const midi::Note& n : t.notes) notes.emplace_back(n.start, int(n.pitch));
    if (k < 0 || std::size_t(k) >= notes.size()) return 0;
    std::nth_element(notes.begin(), notes.begin() + k, notes.end());
    return notes[std::size_t(k)].first;
}

// 1-based bar holding `tick`, through the time-signature changes (4/4 before the first).
int barAt(const midi::Score& score, midi::Tick tick) {
    std::vector<midi::TimeSignature> sigs = score.timeSignatures;
    std::sort(sigs.begin(), sigs.end(), [](const auto& a, const auto& b) { return a.time < b.time; });
    if (sigs.empty() || sigs.front().time > 0) sigs.insert(sigs.begin(), midi::TimeSignature{});
    const double tpq = score.ticksPerQuarter > 0 ? score.ticksPerQuarter : 480;
    double barStart = 0;
    int bar = 1;
    std::size_t s = 0;
    for (;;) {
        while (s + 1 < sigs.size() && double(sigs[s + 1].time) <= barStart) ++s;
        const double barTicks = tpq * 4.0 * std::max(1, sigs[s].numerator) / std::max(1, sigs[s].denominator);
        if (double(tick) < barStart + barTicks || bar >= 10'000'000) return bar;
        barStart += barTicks;
        ++bar;
    }
}

}  // namespace

CopyFigure copyFigure(const midi::Score& piece, const CopyIndex& index) {
    CopyFigure f;
    f.match = copyCheck(piece, index);
    if (f.match.notes > 0) f.bar = barAt(piece, onsetOfNote(piece, f.match.pieceNote));
    return f;
}

std::string describeCopy(const CopyFigure& f, std::size_t trainingPieces) {
    if (f.match.notes <= 0)
        return "no run of " + std::to_string(CopyIndex::kShingle + 1) + " notes or more shared with the " +
               std::to_string(trainingPieces) + " training pieces";
    return "longest run shared with training piece " + f.match.trainingPiece + ": " + std::to_string(f.match.notes) +
           " notes (at bar " + std::to_string(f.bar) + ")";
}

nlohmann::json copyFigureJson(const CopyFigure& f) {
    nlohmann::json j;
    j["notes"] = f.match.notes;
    j["training_piece"] = f.match.trainingPiece;
    j["bar"] = f.bar;
    j["training_note"] = f.match.trainingNote;
    j["piece_note"] = f.match.pieceNote;
    j["piece_notes"] = f.match.pieceNotes;
    return j;
}

std::optional<data::SplitConfig> parseSplitFractions(const std::string& text, std::uint64_t seed) {
    data::SplitConfig split;
    split.seed = seed;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%lf,%lf,%lf%c", &split.train, &split.validation, &split.test, &tail) != 3)
        return std::nullopt;
    return split;
}

RecordedTrainingData recordedTrainingData(const std::map<std::string, std::string>& notes) {
    RecordedTrainingData r;
    auto note = [&](const char* key) {
        const auto it = notes.find(key);
        return it == notes.end() ? std::string() : it->second;
    };
    r.folder = note("data_folder");
    r.folderName = note("trained_on");
    std::uint64_t seed = 0;
    const std::string seedText = note("split_seed");
    if (!seedText.empty()) {
        char tail = 0;
        unsigned long long parsed = 0;
        if (std::sscanf(seedText.c_str(), "%llu%c", &parsed, &tail) == 1) seed = parsed;
    }
    const std::string splitText = note("split");
    r.split.seed = seed;
    if (auto split = parseSplitFractions(splitText, seed)) r.split = *split;
    return r;
}

}  // namespace mozart::eval
