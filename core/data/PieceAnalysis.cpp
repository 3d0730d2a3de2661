#include "data/PieceAnalysis.h"

#include <algorithm>
#include <exception>
#include <new>

#include "data/NoteDigest.h"
#include "io/AtomicFile.h"
#include "midi/SmfReader.h"

namespace mozart::data {

AnalyzedPiece analyzeMidiFileUnguarded(const MidiFileEntry& file, const remi::RemiTokenizer& tokenizer);

AnalyzedPiece analyzeMidiFile(const MidiFileEntry& file, const remi::RemiTokenizer& tokenizer) {
    // Runs on parallelFor's worker threads: nothing may escape (std::terminate). Out of memory on
    // one file (or any other exception) is that file's error, and the scan goes on.
    try {
        return analyzeMidiFileUnguarded(file, tokenizer);
    } catch (const std::exception& e) {
        AnalyzedPiece piece;
        piece.record.relativePath = file.relativePath;
        piece.record.fileSize = file.size;
        piece.record.modifiedNs = file.modifiedNs;
        piece.record.message = file.relativePath + ": cannot read: " +
                               (dynamic_cast<const std::bad_alloc*>(&e) ? std::string("out of memory") : e.what());
        piece.streams.clear();
        return piece;
    }
}

AnalyzedPiece analyzeMidiFileUnguarded(const MidiFileEntry& file, const remi::RemiTokenizer& tokenizer) {
    std::string bytes, error;
    if (!io::readWholeFile(file.path, &bytes, &error)) {
        AnalyzedPiece piece;
        piece.record.relativePath = file.relativePath;
        piece.record.fileSize = file.size;
        piece.record.modifiedNs = file.modifiedNs;
        piece.record.message = error;
        return piece;
    }
    return analyzeMidiBytes(file, bytes, tokenizer);
}

AnalyzedPiece analyzeMidiBytes(const MidiFileEntry& file, const std::string& bytes,
                               const remi::RemiTokenizer& tokenizer) {
    AnalyzedPiece piece;
    PieceRecord& r = piece.record;
    r.relativePath = file.relativePath;
    r.fileSize = file.size;
    r.modifiedNs = file.modifiedNs;
    r.contentDigest = Sha256::of(bytes.data(), bytes.size());

    const auto read = midi::SmfReader::parse(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                             bytes.size(), file.relativePath);
    if (!read.ok()) {
        r.message = read.error->toString();
        return piece;
    }
    const midi::Score& score = *read.score;
    r.noteDigest = noteDigest(score);
    r.noteCount = score.noteCount();
    r.durationSeconds = midi::TempoMap(score).seconds(score.endTick());
    for (const auto& track : score.tracks) {
        if (track.isDrum) continue;
        for (const auto& n : track.notes) ++r.pitchHistogram[n.pitch & 127];
    }

    std::string error;
    piece.streams = tokenizer.encodeIds(score, &error);
    if (!error.empty()) {
        r.message = file.relativePath + ": cannot tokenize: " + error;
        piece.streams.clear();
        return piece;
    }
    // A token outside the vocabulary (MidiTok raises KeyError on it; in practice a Bar beyond
    // max_bar_embedding) has no id to train on: the stream keeps what comes before it.
    for (std::size_t s = 0; s < piece.streams.size(); ++s) {
        auto& ids = piece.streams[s];
        const auto bad = std::find_if(ids.begin(), ids.end(), [](std::int32_t id) { return id < 0; });
        if (bad == ids.end()) continue;
        const std::size_t at = std::size_t(bad - ids.begin());
        if (!r.message.empty()) r.message += "; ";
        r.message += file.relativePath + ": stream " + std::to_string(s + 1) + " cut at token " +
                     std::to_string(at) + " of " + std::to_string(ids.size()) +
                     ": a token is not in the vocabulary (past max_bar_embedding?)";
        ids.resize(at);
    }
    for (const auto& ids : piece.streams) r.tokenCount += ids.size();
    r.usable = true;
    return piece;
}

}  // namespace mozart::data
