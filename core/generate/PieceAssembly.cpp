#include "generate/PieceAssembly.h"

#include <algorithm>
#include <cmath>

#include "generate/Recipe.h"

namespace mozart::generate {

midi::Score assembleOntoPrompt(const midi::Score& promptFile, const Prompt& prompt,
                               const std::vector<GeneratedNote>& generated, int tokenTicksPerQuarter) {
    midi::Score out = promptFile;
    const double scale = double(out.ticksPerQuarter) / std::max(1, tokenTicksPerQuarter);
    auto toFile = [&](midi::Tick tokenTick) { return static_cast<midi::Tick>(std::llround(double(tokenTick) * scale)); };
    if (prompt.keepBeforeTokenTick >= 0) {
        const midi::Tick cut = toFile(prompt.keepBeforeTokenTick);
        const midi::Tick resume = prompt.keepFromTokenTick >= 0 ? toFile(prompt.keepFromTokenTick) : -1;
        auto inGap = [cut, resume](const midi::Note& n) { return n.start >= cut && (resume < 0 || n.start < resume); };
        for (auto& track : out.tracks)
            track.notes.erase(std::remove_if(track.notes.begin(), track.notes.end(), inGap), track.notes.end());
    }
    // A recipe of the prompt's own making is not this piece's.
    out.texts.erase(std::remove_if(out.texts.begin(), out.texts.end(),
                                   [](const midi::TextEvent& t) { return t.text.rfind(Recipe::kMidiTextPrefix, 0) == 0; }),
                    out.texts.end());
    for (const GeneratedNote& g : generated) {
        const bool drum = g.program < 0;
        auto it = std::find_if(out.tracks.begin(), out.tracks.end(), [&](const midi::Track& t) {
            return t.isDrum == drum && (drum || t.program == g.program);
        });
        if (it == out.tracks.end()) {
            midi::Track track;
            track.program = drum ? 0 : g.program;
            track.isDrum = drum;
            track.channel = drum ? 9 : 0;
            out.tracks.push_back(track);
            it = out.tracks.end() - 1;
        }
        midi::Note n = g.note;
        n.start = toFile(g.note.start + prompt.tokenTickOffset);
        n.duration = toFile(g.note.duration);
        it->notes.push_back(n);
    }
    for (auto& track : out.tracks) {
        std::stable_sort(track.notes.begin(), track.notes.end(),
                         [](const midi::Note& a, const midi::Note& b) { return a.start < b.start; });
    }
    return out;
}

}  // namespace mozart::generate
