// PieceRecord: what the dataset knows about one MIDI file of a folder, as stored in the token
// cache: the version of the file it describes, whether it could be used, its digests, its
// statistics and where its token streams are. A value type; the tokens themselves live in a
// TokenStore (TokenStore.h).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "data/Sha256.h"

namespace mozart::data {

struct PieceRecord {
    // The file version this record was made from: a file whose size or modification time
    // differs is read again.
    std::string relativePath;
    std::uint64_t fileSize = 0;
    std::int64_t modifiedNs = 0;

    // false: the file could not be read or tokenized and is skipped; `message` says why.
    bool usable = false;
    // The error of an unusable file; for a usable one, an optional warning (e.g. a stream cut
    // where a token fell outside the vocabulary).
    std::string message;

    Sha256Digest contentDigest{};  // of the file's bytes (zero when it could not be read)
    Sha256Digest noteDigest{};     // NoteDigest.h; zero without notes
    std::uint64_t noteCount = 0;   // notes in the file, drums included
    double durationSeconds = 0;    // end of the last event, through the tempo map
    std::uint64_t tokenCount = 0;  // over all streams
    std::array<std::uint32_t, 128> pitchHistogram{};  // pitched (non-drum) notes per MIDI pitch

    // Streams [firstStream, firstStream + streamCount) of the TokenStore: one per track with
    // MidiTok's default configuration, one for the whole piece with one_token_stream_for_programs.
    std::uint32_t firstStream = 0;
    std::uint32_t streamCount = 0;
};

}  // namespace mozart::data
