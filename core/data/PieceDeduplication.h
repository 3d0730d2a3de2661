// PieceDeduplication: finds files that hold the same piece, so that each piece is trained on
// once and never lands in two parts of a split.
//
// Two files are duplicates when their bytes are identical, or when they play the same notes
// (NoteDigest.h) under another name. Of each group the file with the bytewise-smallest relative
// path is kept, so the choice does not depend on listing order or thread timing. Files without
// notes are only compared by bytes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/PieceRecord.h"

namespace mozart::data {

enum class DuplicateKind { SameBytes, SameNotes };

struct DuplicateFile {
    std::size_t piece = 0;  // the dropped file (index into the list given)
    std::size_t kept = 0;   // the file kept in its place
    DuplicateKind kind = DuplicateKind::SameBytes;
};

// `records` must be usable records; the result is sorted by the dropped file's path.
std::vector<DuplicateFile> findDuplicates(const std::vector<const PieceRecord*>& records);

// "same bytes as Mozart/k333a.mid" / "same notes as ..."
std::string describe(const DuplicateFile& duplicate, const std::vector<const PieceRecord*>& records);

}  // namespace mozart::data
