// CopyCheck: the copy figure of one generated piece as `mozart generate --copy-check` prints it
// and the studio's generation history shows it ("longest run shared with training piece X:
// N notes (at bar B)"), and where a model says its training data is.
//
// The figure itself is copyCheck() against the training part's index (CopyIndex.h); the index
// of a folder is opened by openFolderCopyIndex() (FolderCopyIndex.h). This unit adds what a
// reader needs around it: the bar where the run starts, one sentence, JSON, and the folder and
// split `mozart train` records in the model files it writes (notes "data_folder", "split",
// "split_seed"; models from before that record only the folder's name, "trained_on").
// Pure functions: any thread.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "data/DatasetSplit.h"
#include "eval/CopyIndex.h"
#include "midi/Score.h"

namespace mozart::eval {

struct CopyFigure {
    CopyMatch match;  // notes == 0: no shared run of CopyIndex::kShingle + 1 notes or more
    int bar = 0;      // 1-based bar of the piece where the shared run starts (0 when none)
};

// copyCheck() plus the bar of the run's first note (the piece's time signatures, 4/4 before the first).
CopyFigure copyFigure(const midi::Score& piece, const CopyIndex& index);

// "longest run shared with training piece Bach/x.mid: 12 notes (at bar 3)", or
// "no run of 5 notes or more shared with the N training pieces".
std::string describeCopy(const CopyFigure& figure, std::size_t trainingPieces);

// {"notes", "training_piece", "bar", "training_note", "piece_note", "piece_notes"}.
nlohmann::json copyFigureJson(const CopyFigure& figure);

// The training data a model file names in its notes (ModelFileInfo::notes).
struct RecordedTrainingData {
    std::string folder;        // absolute path ("data_folder"); empty when not recorded
    std::string folderName;    // "trained_on": the folder's name only (every model from mozart train)
    data::SplitConfig split;   // "split" and "split_seed" (mozart train's defaults when absent)
};
RecordedTrainingData recordedTrainingData(const std::map<std::string, std::string>& notes);

// "0.9,0.05,0.05" -> fractions (mozart train's --split); nullopt when it is not three numbers.
std::optional<data::SplitConfig> parseSplitFractions(const std::string& text, std::uint64_t seed);

}  // namespace mozart::eval
