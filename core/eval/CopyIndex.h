// CopyIndex: finds how much of a generated piece was copied from the training pieces: the
// longest run of consecutive notes it shares with any one of them.
//
// A piece is read as its melody of note steps: the pitched notes (drums left out) sorted by onset
// then pitch, and for each pair of neighbours the step (pitch interval in semitones, onset
// interval in 1/24 beat). Two runs of notes match when their steps match, so a transposed copy,
// and a copy shifted in time, count as copies. A run of k notes is k - 1 equal steps.
//
// The index holds every training piece's steps and, in memory, the positions of every
// kShingle-step window keyed by its hash; a query extends each hit (left-maximal ones only) to
// the longest common run, so the answer is exact for runs of kShingle + 1 notes and more, and
// shorter runs are reported as 0 ("no run of 5 notes or more"). Building it means reading and
// tokenizing the whole training part (CorpusPieces.h), so it is cached on disk (save/load): the
// step sequences and the piece names, behind a header with a key (what it was built from) and a
// SHA-256 of the contents. load() bounds every count by the file's size before allocating and
// rejects a damaged, truncated or foreign file with a sentence naming it; the hash table is
// rebuilt from the steps in memory (milliseconds), so no stored offset is ever trusted.
//
// Thread-safety: immutable after build/load; copyCheck may run on any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "midi/Score.h"

namespace mozart::eval {

using NoteStep = std::uint32_t;  // (pitch interval + 128) << 16 | onset interval (1/24 beat, capped)

std::vector<NoteStep> noteSteps(const midi::Score& score);

struct CopyMatch {
    int notes = 0;            // the longest shared run, in notes (0: none of kShingle + 1 notes)
    std::string trainingPiece;  // where it was found (relative path), empty when notes == 0
    int trainingNote = 0;     // first note of the run in the training piece (0-based)
    int pieceNote = 0;        // first note of the run in the checked piece
    int pieceNotes = 0;       // pitched notes of the checked piece
};

class CopyIndex {
public:
    static constexpr int kShingle = 4;
    static constexpr std::uint32_t kFormatVersion = 1;

    struct Entry {
        std::string name;
        std::vector<NoteStep> steps;
    };

    CopyIndex() = default;
    // `key` names what the index was built from (see the CLI: tokenizer, split, files).
    CopyIndex(std::string key, std::vector<Entry> pieces);

    const std::string& key() const { return key_; }
    std::size_t pieceCount() const { return pieces_.size(); }
    std::size_t stepCount() const;
    const std::vector<Entry>& pieces() const { return pieces_; }

    // Atomic write (io/AtomicFile); false with `error`.
    bool save(const std::string& path, std::string* error) const;
    // nullopt with `error` naming the file and the problem.
    static std::optional<CopyIndex> load(const std::string& path, std::string* error);

    CopyMatch longestSharedRun(const std::vector<NoteStep>& steps) const;

private:
    void buildTable();
    std::string key_;
    std::vector<Entry> pieces_;
    // Every shingle as (hash, piece, position), sorted: one allocation, not millions.
    struct Shingle {
        std::uint64_t hash;
        std::uint32_t piece, position;
    };
    std::vector<Shingle> table_;
};

// The copy figure of one piece against the index (what `mozart generate --copy-check` reports).
CopyMatch copyCheck(const midi::Score& score, const CopyIndex& index);

}  // namespace mozart::eval
