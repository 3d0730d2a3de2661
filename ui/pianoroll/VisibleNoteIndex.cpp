#include "pianoroll/VisibleNoteIndex.h"

#include <algorithm>
#include <numeric>

namespace mozart::ui {

void VisibleNoteIndex::rebuild(const midi::Score& score) {
    tracks_.assign(score.tracks.size(), TrackIndex{});
    for (std::size_t t = 0; t < score.tracks.size(); ++t) {
        const auto& notes = score.tracks[t].notes;
        TrackIndex& ti = tracks_[t];
        ti.order.resize(notes.size());
        std::iota(ti.order.begin(), ti.order.end(), 0);
        std::stable_sort(ti.order.begin(), ti.order.end(),
                         [&](int a, int b) { return notes[std::size_t(a)].start < notes[std::size_t(b)].start; });
        for (const auto& n : notes) ti.maxDuration = std::max(ti.maxDuration, n.duration + 1);
    }
}

std::vector<int>::const_iterator VisibleNoteIndex::lowerBound(const TrackIndex& ti,
                                                              const std::vector<midi::Note>& notes,
                                                              midi::Tick start) {
    return std::lower_bound(ti.order.begin(), ti.order.end(), start,
                            [&](int i, midi::Tick s) { return notes[std::size_t(i)].start < s; });
}

}  // namespace mozart::ui
