#include "data/PieceDeduplication.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace mozart::data {

namespace {

bool hasNotes(const PieceRecord& r) { return r.noteCount > 0 && r.noteDigest != Sha256Digest{}; }

}  // namespace

std::vector<DuplicateFile> findDuplicates(const std::vector<const PieceRecord*>& records) {
    std::vector<std::size_t> byPath(records.size());
    std::iota(byPath.begin(), byPath.end(), 0);
    std::sort(byPath.begin(), byPath.end(), [&](std::size_t a, std::size_t b) {
        return records[a]->relativePath < records[b]->relativePath;
    });

    // Identical bytes give identical notes, so one key per file covers both kinds: the note
    // digest when there are notes, the byte digest otherwise (the 0/1 prefix keeps them apart).
    std::map<std::pair<int, Sha256Digest>, std::size_t> firstWithKey;
    std::vector<DuplicateFile> found;
    for (std::size_t i : byPath) {
        const PieceRecord& r = *records[i];
        const auto key = hasNotes(r) ? std::make_pair(1, r.noteDigest) : std::make_pair(0, r.contentDigest);
        const auto [it, isFirst] = firstWithKey.emplace(key, i);
        if (isFirst) continue;
        const std::size_t kept = it->second;
        found.push_back({i, kept,
                         records[kept]->contentDigest == r.contentDigest ? DuplicateKind::SameBytes
                                                                         : DuplicateKind::SameNotes});
    }
    return found;
}

std::string describe(const DuplicateFile& d, const std::vector<const PieceRecord*>& records) {
    return std::string(d.kind == DuplicateKind::SameBytes ? "same bytes as " : "same notes as ") +
           records[d.kept]->relativePath;
}

}  // namespace mozart::data
