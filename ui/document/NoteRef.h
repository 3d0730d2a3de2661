// NoteRef: names one note of a document by track and index in that track's note list. Edits that
// change notes in place keep indices stable; edits that add or remove notes set a new selection.
#pragma once

#include <tuple>
#include <vector>

namespace mozart::ui {

struct NoteRef {
    int track = 0;
    int index = 0;
    bool operator<(const NoteRef& o) const { return std::tie(track, index) < std::tie(o.track, o.index); }
    bool operator==(const NoteRef& o) const { return track == o.track && index == o.index; }
};

using NoteRefs = std::vector<NoteRef>;

}  // namespace mozart::ui
