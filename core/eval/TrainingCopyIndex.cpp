#include "eval/TrainingCopyIndex.h"

#include <filesystem>
#include <map>
#include <system_error>

#include "data/Sha256.h"

namespace mozart::eval {

namespace fs = std::filesystem;

std::string copyIndexKey(const data::Dataset& dataset, const std::vector<std::size_t>& trainingPieces,
                         const std::string& tokenizerJson) {
    data::Sha256 h;
    h.add("mozart copy index " + std::to_string(CopyIndex::kFormatVersion) + "\n");
    h.add(tokenizerJson);
    for (std::size_t i : trainingPieces) {
        const data::PieceRecord& r = dataset.pieces().at(i).record;
        h.add("\n" + r.relativePath + "\n");
        h.add(r.contentDigest.data(), r.contentDigest.size());
    }
    return data::toHex(h.finish());
}

std::string copyIndexPath(const std::string& cacheDirectory, const std::string& folder, const std::string& key) {
    std::string name = fs::path(folder).lexically_normal().filename().string();
    if (name.empty() || name == "." || name == "..") name = fs::path(folder).lexically_normal().parent_path().filename().string();
    if (name.empty()) name = "corpus";
    return (fs::path(cacheDirectory) / (name + "-copy-" + key.substr(0, 16) + ".mzci")).string();
}

std::vector<CopyIndex::Entry> copyIndexEntries(const std::vector<CorpusPiece>& pieces) {
    std::vector<CopyIndex::Entry> entries;
    entries.reserve(pieces.size());
    for (const CorpusPiece& p : pieces) entries.push_back({p.relativePath, noteSteps(p.score)});
    return entries;
}

CopyIndexOpenResult openCopyIndex(const std::string& path, const std::string& key,
                                  const std::function<std::optional<std::vector<CopyIndex::Entry>>()>& build) {
    CopyIndexOpenResult result;
    std::error_code ec;
    if (!path.empty() && fs::exists(path, ec)) {
        std::string error;
        auto loaded = CopyIndex::load(path, &error);
        if (loaded && loaded->key() == key) {
            result.index = std::move(loaded);
            result.fromCache = true;
            return result;
        }
        result.note = loaded ? path + ": made from other training pieces; rebuilding it" : error + "; rebuilding it";
    }
    auto entries = build();
    if (!entries) return result;
    result.index = CopyIndex(key, std::move(*entries));
    if (path.empty()) return result;
    fs::create_directories(fs::path(path).parent_path(), ec);
    std::string error;
    if (result.index->save(path, &error)) {
        result.written = true;
    } else {
        result.note += (result.note.empty() ? "" : "; ") + std::string("the copy index is not cached: ") + error;
    }
    return result;
}

TrainingCopyIndexResult openTrainingCopyIndex(const data::Dataset& dataset, const std::vector<std::size_t>& trainingPieces,
                                              const remi::RemiTokenizer& tokenizer, const TrainingCopyIndexOptions& o) {
    TrainingCopyIndexResult result;
    const std::string key = copyIndexKey(dataset, trainingPieces, tokenizer.config().toMidiTokJson());
    result.path = !o.cacheFile.empty()        ? o.cacheFile
                  : !o.cacheDirectory.empty() ? copyIndexPath(o.cacheDirectory, dataset.folder(), key)
                                              : std::string();
    auto build = [&]() -> std::optional<std::vector<CopyIndex::Entry>> {
        std::map<std::size_t, const CorpusPiece*> known;
        if (o.loaded)
            for (const CorpusPiece& p : *o.loaded) known[p.piece] = &p;
        std::vector<std::size_t> missing;
        for (std::size_t i : trainingPieces)
            if (!known.count(i)) missing.push_back(i);
        CorpusPiecesResult read = loadCorpusPieces(dataset, missing, tokenizer, o.threads, o.progress, o.cancel);
        if (read.cancelled) return std::nullopt;
        result.errors = read.errors;
        for (const CorpusPiece& p : read.pieces) known[p.piece] = &p;
        std::vector<CopyIndex::Entry> entries;
        for (std::size_t i : trainingPieces)
            if (auto it = known.find(i); it != known.end())
                entries.push_back({it->second->relativePath, noteSteps(it->second->score)});
        return entries;
    };
    static_cast<CopyIndexOpenResult&>(result) = openCopyIndex(result.path, key, build);
    return result;
}

}  // namespace mozart::eval
