// VisibleNoteIndex: finds the notes of each track that overlap a tick range without walking the
// whole track, so painting costs what is on screen, not what is in the piece. Rebuilt after edits.
#pragma once

#include <vector>

#include "midi/Score.h"

namespace mozart::ui {

class VisibleNoteIndex {
public:
    void rebuild(const midi::Score& score);

    // Calls f(index) for each note of `track` with start < to and end > from (zero-length notes
    // count as one tick long so they stay visible).
    template <typename F>
    void forEach(int track, midi::Tick from, midi::Tick to, const std::vector<midi::Note>& notes,
                 F&& f) const {
        if (track < 0 || std::size_t(track) >= tracks_.size()) return;
        const TrackIndex& ti = tracks_[std::size_t(track)];
        if (ti.order.size() != notes.size()) return;  // stale: caller rebuilds on change
        const midi::Tick earliest = from - ti.maxDuration;
        auto it = lowerBound(ti, notes, earliest);
        for (; it != ti.order.end(); ++it) {
            const midi::Note& n = notes[std::size_t(*it)];
            if (n.start >= to) break;
            if (std::max(n.end(), n.start + 1) <= from) continue;
            f(*it);
        }
    }

private:
    struct TrackIndex {
        std::vector<int> order;  // note indices sorted by start
        midi::Tick maxDuration = 1;
    };
    static std::vector<int>::const_iterator lowerBound(const TrackIndex& ti,
                                                       const std::vector<midi::Note>& notes,
                                                       midi::Tick start);
    std::vector<TrackIndex> tracks_;
};

}  // namespace mozart::ui
