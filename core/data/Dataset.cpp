#include "data/Dataset.h"

#include "data/MidiFolder.h"

namespace mozart::data {

namespace {

std::vector<const PieceRecord*> recordsOf(const std::vector<DatasetPiece>& pieces) {
    std::vector<const PieceRecord*> records;
    records.reserve(pieces.size());
    for (const auto& p : pieces) records.push_back(&p.record);
    return records;
}

}  // namespace

Dataset::Dataset(std::string folder, std::vector<std::string> labels, std::vector<DatasetPiece> pieces,
                 std::vector<FileError> errors, std::shared_ptr<const TokenStore> store)
    : folder_(std::move(folder)), labels_(std::move(labels)), pieces_(std::move(pieces)),
      errors_(std::move(errors)), store_(std::move(store)) {
    duplicates_ = findDuplicates(recordsOf(pieces_));
    for (const auto& d : duplicates_) pieces_[d.piece].duplicate = true;
    for (std::size_t i = 0; i < pieces_.size(); ++i)
        if (!pieces_[i].duplicate) unique_.push_back(i);
}

std::string Dataset::describe(const DuplicateFile& duplicate) const {
    return data::describe(duplicate, recordsOf(pieces_));
}

DatasetOpenResult Dataset::open(const std::string& folder, const remi::RemiTokenizer& tokenizer,
                                  const TokenCacheOptions& options) {
    DatasetOpenResult result;
    MidiFolderListing listing = listMidiFolder(folder);
    if (!listing.error.empty()) {
        result.error = listing.error;
        return result;
    }
    TokenCacheResult cache = refreshTokenCache(folder, listing.files, tokenizer, options);
    result.cache = cache.report;
    if (cache.report.cancelled) return result;
    if (!cache.store || cache.records.size() != listing.files.size()) {
        result.error = cache.report.writeError.empty() ? "the token cache failed" : cache.report.writeError;
        return result;
    }

    std::vector<DatasetPiece> pieces;
    std::vector<FileError> errors;
    for (std::size_t i = 0; i < listing.files.size(); ++i) {
        PieceRecord& record = cache.records[i];
        const int label = listing.files[i].label;
        if (record.usable) {
            pieces.push_back({std::move(record), label, false});
        } else {
            errors.push_back({record.relativePath, label, record.message});
        }
    }
    result.dataset.emplace(folder, std::move(listing.labels), std::move(pieces), std::move(errors),
                           std::move(cache.store));
    return result;
}

}  // namespace mozart::data
