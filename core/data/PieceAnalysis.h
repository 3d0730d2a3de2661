// PieceAnalysis: reads one MIDI file and makes its PieceRecord and token streams. Runs on the
// scanning threads, so it touches nothing shared (the tokenizer is immutable).
#pragma once

#include <cstdint>
#include <vector>

#include "data/MidiFolder.h"
#include "data/PieceRecord.h"
#include "remi/RemiTokenizer.h"

namespace mozart::data {

struct AnalyzedPiece {
    PieceRecord record;  // firstStream is left 0: the cache numbers streams
    std::vector<std::vector<std::int32_t>> streams;  // vocabulary ids, all >= 0
};

// Never throws on bad input: an unreadable or untokenizable file gives a record with
// usable == false and the reason ("Mozart/x.mid: byte 14: ...").
AnalyzedPiece analyzeMidiFile(const MidiFileEntry& file, const remi::RemiTokenizer& tokenizer);

// The same for bytes already in memory (`file` gives the path, size and time to record).
AnalyzedPiece analyzeMidiBytes(const MidiFileEntry& file, const std::string& bytes,
                               const remi::RemiTokenizer& tokenizer);

}  // namespace mozart::data
