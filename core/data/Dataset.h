// Dataset: a folder of MIDI files opened for training: every usable piece with its style label
// (the first folder level, MidiFolder.h) and token streams (through the token cache,
// TokenCache.h), the files that failed and why, and the duplicates removed
// (PieceDeduplication.h). Splitting, statistics and training windows are built on top of it
// (DatasetSplit.h, DatasetStatistics.h, TrainingWindows.h).
//
// A Dataset is an immutable value: copies share the token store, and any number of threads may
// read it. open() is long work (see TokenCache.h for its threads, progress and cancel flag).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/PieceDeduplication.h"
#include "data/PieceRecord.h"
#include "data/TokenCache.h"
#include "data/TokenStore.h"
#include "remi/RemiTokenizer.h"

namespace mozart::data {

struct DatasetPiece {
    PieceRecord record;
    int label = -1;                  // index into Dataset::labels(), -1 for files in the root
    bool duplicate = false;          // dropped as a duplicate (see Dataset::duplicates())
};

struct FileError {
    std::string relativePath;
    int label = -1;
    std::string message;
};

struct DatasetOpenResult;

class Dataset {
public:
    static DatasetOpenResult open(const std::string& folder, const remi::RemiTokenizer& tokenizer,
                           const TokenCacheOptions& options);

    const std::string& folder() const { return folder_; }
    const std::vector<std::string>& labels() const { return labels_; }
    // Every usable file, duplicates included, sorted by relative path.
    const std::vector<DatasetPiece>& pieces() const { return pieces_; }
    // Indices into pieces() of what remains once duplicates are removed: what to train on.
    const std::vector<std::size_t>& uniquePieces() const { return unique_; }
    // Indices in DuplicateFile are into pieces().
    const std::vector<DuplicateFile>& duplicates() const { return duplicates_; }
    const std::vector<FileError>& errors() const { return errors_; }
    std::size_t fileCount() const { return pieces_.size() + errors_.size(); }
    std::string describe(const DuplicateFile& duplicate) const;

    std::size_t streamCount(std::size_t piece) const { return pieces_[piece].record.streamCount; }
    TokenSpan stream(std::size_t piece, std::size_t stream) const {
        return store_->stream(pieces_[piece].record.firstStream + stream);
    }
    const std::shared_ptr<const TokenStore>& store() const { return store_; }

    // For tests and tools that have records already (the store must hold their streams).
    Dataset(std::string folder, std::vector<std::string> labels, std::vector<DatasetPiece> pieces,
            std::vector<FileError> errors, std::shared_ptr<const TokenStore> store);

private:
    std::string folder_;
    std::vector<std::string> labels_;
    std::vector<DatasetPiece> pieces_;
    std::vector<std::size_t> unique_;
    std::vector<DuplicateFile> duplicates_;
    std::vector<FileError> errors_;
    std::shared_ptr<const TokenStore> store_;
};

struct DatasetOpenResult {
    std::optional<Dataset> dataset;  // empty on error or cancel
    std::string error;               // the folder cannot be read, or the cache failed internally
    TokenCacheReport cache;
};

}  // namespace mozart::data
