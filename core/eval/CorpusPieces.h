// CorpusPieces: the pieces of a dataset as the model sees them: each MIDI file read again,
// encoded by the tokenizer and decoded back (RemiTokenizer with the file's stream tracks, so
// programs and drums survive one-stream-per-track tokenizers), the same path a generated piece's
// tokens take to become a Score. Statistics of the corpus and of generated music are then
// computed on equally quantised scores, and the copy index compares like with like.
//
// Long work on the calling thread plus `threads - 1` helpers; `progress` is called on any of
// them (serialise inside it), `cancel` is checked between files.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "data/Dataset.h"
#include "midi/Score.h"
#include "remi/RemiTokenizer.h"

namespace mozart::eval {

struct CorpusPiece {
    std::size_t piece = 0;       // index into Dataset::pieces()
    int label = -1;              // Dataset label, -1 for files in the folder's root
    std::string relativePath;
    midi::Score score;           // as the tokenizer sees it
};

struct CorpusPiecesResult {
    std::vector<CorpusPiece> pieces;   // in the order asked for, files that failed left out
    std::vector<std::string> errors;   // "<file>: <problem>"
    bool cancelled = false;
};

// `score` encoded and decoded by `tokenizer`.
midi::Score asTokenized(const remi::RemiTokenizer& tokenizer, const midi::Score& score);

CorpusPiecesResult loadCorpusPieces(const data::Dataset& dataset, const std::vector<std::size_t>& pieces,
                                    const remi::RemiTokenizer& tokenizer, unsigned threads,
                                    const std::function<void(std::size_t done, std::size_t total)>& progress = {},
                                    const std::atomic<bool>* cancel = nullptr);

}  // namespace mozart::eval
