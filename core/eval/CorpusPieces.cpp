#include "eval/CorpusPieces.h"

#include <filesystem>
#include <mutex>
#include <optional>

#include "data/ParallelFor.h"
#include "midi/SmfReader.h"

namespace mozart::eval {

midi::Score asTokenized(const remi::RemiTokenizer& tokenizer, const midi::Score& score) {
    const std::vector<remi::StreamTrack> tracks = tokenizer.streamTracks(score);
    const auto ids = tokenizer.encodeIds(score);
    const bool perTrack = !(tokenizer.config().usePrograms && tokenizer.config().oneTokenStreamForPrograms);
    return tokenizer.decodeIds(ids, perTrack && tracks.size() == ids.size() ? &tracks : nullptr).score;
}

CorpusPiecesResult loadCorpusPieces(const data::Dataset& dataset, const std::vector<std::size_t>& pieces,
                                    const remi::RemiTokenizer& tokenizer, unsigned threads,
                                    const std::function<void(std::size_t, std::size_t)>& progress,
                                    const std::atomic<bool>* cancel) {
    std::vector<std::optional<CorpusPiece>> loaded(pieces.size());
    std::vector<std::string> errors(pieces.size());
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stopped{false};
    data::parallelFor(pieces.size(), std::max(1u, threads), [&](std::size_t i) {
        if (cancel && cancel->load()) {
            stopped = true;
            return;
        }
        const data::DatasetPiece& p = dataset.pieces().at(pieces[i]);
        const std::string path = (std::filesystem::path(dataset.folder()) / p.record.relativePath).string();
        midi::ReadResult read = midi::SmfReader::readFile(path);
        if (!read.ok()) {
            errors[i] = read.error ? read.error->toString() : path + ": cannot be read";
        } else {
            loaded[i] = CorpusPiece{pieces[i], p.label, p.record.relativePath, asTokenized(tokenizer, *read.score)};
        }
        const std::size_t n = ++done;
        if (progress) progress(n, pieces.size());
    });
    CorpusPiecesResult result;
    result.cancelled = stopped.load();
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (loaded[i]) result.pieces.push_back(std::move(*loaded[i]));
        if (!errors[i].empty()) result.errors.push_back(errors[i]);
    }
    return result;
}

}  // namespace mozart::eval
