#include "cli/InspectCommand.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>

#include "cli/TokenizerChoice.h"
#include "midi/GeneralMidi.h"
#include "midi/SmfReader.h"
#include "remi/RemiTokenizer.h"

namespace mozart::cli {

namespace {

std::string clock(double seconds) {
    const int total = int(seconds + 0.5);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%d:%02d", total / 60, total % 60);
    return buffer;
}

void printTempos(const midi::Score& score, const midi::TempoMap& map) {
    if (score.tempos.empty()) {
        std::printf("Tempo:      none in the file (120 bpm assumed)\n");
        return;
    }
    double lo = 1e9, hi = 0;
    for (const auto& t : score.tempos) {
        lo = std::min(lo, t.qpm());
        hi = std::max(hi, t.qpm());
    }
    std::printf("Tempo:      %zu change%s, %.2f to %.2f bpm\n", score.tempos.size(),
                score.tempos.size() == 1 ? "" : "s", lo, hi);
    const std::size_t shown = std::min<std::size_t>(score.tempos.size(), 8);
    for (std::size_t i = 0; i < shown; ++i)
        std::printf("            tick %-8lld %-6s %.2f bpm\n", (long long)score.tempos[i].time,
                    clock(map.seconds(score.tempos[i].time)).c_str(), score.tempos[i].qpm());
    if (shown < score.tempos.size()) std::printf("            … %zu more\n", score.tempos.size() - shown);
}

}  // namespace

CLI::App* addInspectCommand(CLI::App& app, InspectOptions& o) {
    auto* cmd = app.add_subcommand("inspect", "Show what a MIDI file contains");
    cmd->add_option("input", o.input, "MIDI file")->required();
    cmd->add_option("--tokenizer,-t", o.tokenizer, "default, rich or a MidiTok tokenizer.json")
        ->capture_default_str();
    cmd->add_flag("--tokens", o.tokens, "Print the REMI token stream(s)");
    return cmd;
}

int runInspect(const InspectOptions& o) {
    std::string error;
    auto config = resolveTokenizer(o.tokenizer, &error);
    if (!config) {
        std::fprintf(stderr, "mozart inspect: %s\n", error.c_str());
        return 2;
    }
    const auto result = midi::SmfReader::readFile(o.input);
    for (const auto& w : result.warnings) std::fprintf(stderr, "warning: %s\n", w.toString().c_str());
    if (!result.ok()) {
        std::fprintf(stderr, "error: %s\n", result.error->toString().c_str());
        return 1;
    }
    const midi::Score& score = *result.score;
    const midi::TempoMap map(score);
    const remi::RemiTokenizer tokenizer(*config);
    const auto sequences = tokenizer.encode(score);
    std::size_t tokenCount = 0;
    for (const auto& s : sequences) tokenCount += s.size();

    std::printf("File:       %s\n", o.input.c_str());
    std::printf("Resolution: %d ticks per quarter note\n", score.ticksPerQuarter);
    std::printf("Duration:   %s (%.1f s, %lld ticks)\n", clock(map.seconds(score.endTick())).c_str(),
                map.seconds(score.endTick()), (long long)score.endTick());
    std::printf("Notes:      %zu in %zu tracks\n", score.noteCount(), score.tracks.size());
    std::printf("Tracks:\n");
    for (std::size_t i = 0; i < score.tracks.size(); ++i) {
        const auto& t = score.tracks[i];
        int lo = 127, hi = 0;
        for (const auto& n : t.notes) {
            lo = std::min<int>(lo, n.pitch);
            hi = std::max<int>(hi, n.pitch);
        }
        std::string range = t.notes.empty() ? "" : midi::noteName(lo) + "–" + midi::noteName(hi);
        std::printf("  %2zu  %-24s ch %-2d %-3s %-26s %6zu notes  %s\n", i + 1,
                    ("\"" + t.name + "\"").c_str(), t.channel + 1,
                    t.isDrum ? "drm" : std::to_string(t.program).c_str(),
                    midi::programName(t.program, t.isDrum).c_str(), t.notes.size(), range.c_str());
    }
    printTempos(score, map);
    std::printf("Time sig.:  ");
    if (score.timeSignatures.empty()) std::printf("none in the file (4/4 assumed)");
    for (const auto& ts : score.timeSignatures)
        std::printf("%d/%d@%s ", ts.numerator, ts.denominator, clock(map.seconds(ts.time)).c_str());
    std::printf("\nKey sig.:   ");
    if (score.keySignatures.empty()) std::printf("none");
    for (const auto& k : score.keySignatures)
        std::printf("%s@%s ", midi::keyName(k.sharps, k.minor).c_str(), clock(map.seconds(k.time)).c_str());
    std::printf("\nTokens:     %zu REMI tokens in %zu stream%s (%s tokenizer, vocabulary %zu)\n",
                tokenCount, sequences.size(), sequences.size() == 1 ? "" : "s", o.tokenizer.c_str(),
                tokenizer.vocabulary().size());
    if (o.tokens) {
        for (std::size_t i = 0; i < sequences.size(); ++i) {
            std::printf("\n[stream %zu: %zu tokens]\n", i + 1, sequences[i].size());
            for (const auto& t : sequences[i].tokens) std::printf("%s\n", t.c_str());
        }
    }
    return 0;
}

}  // namespace mozart::cli
