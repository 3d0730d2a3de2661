// RemiTokenizer: encodes a Score into REMI tokens and decodes tokens back into a Score, token for
// token as MidiTok 3.0.6 (with symusic 0.5.8) does for the same configuration.
//
// Thread-safety: a tokenizer is immutable after construction; encode/decode may run concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "midi/Score.h"
#include "remi/TokenSequence.h"
#include "remi/TokenizerConfig.h"
#include "remi/Vocabulary.h"

namespace mozart::remi {

struct DecodeResult {
    midi::Score score;
    int errors = 0;  // tokens that could not be placed and were skipped
};

// What one token stream stands for: a track of the score after MidiTok's preprocessing (empty
// tracks dropped; same-program tracks merged when programs share one stream).
struct StreamTrack {
    int program = 0;
    bool isDrum = false;
    std::string name;
    std::size_t notes = 0;  // notes left after preprocessing (pitch filter, deduplication)
};

class RemiEncoder;

class RemiTokenizer {
public:
    explicit RemiTokenizer(TokenizerConfig config);

    const TokenizerConfig& config() const { return config_; }
    const Vocabulary& vocabulary() const { return vocab_; }

    // One sequence per track (default), or exactly one when programs share one stream.
    // A score without tracks gives a single sequence, empty unless time signatures or tempos are
    // tokenized, as MidiTok does.
    // A token MidiTok would emit but that is not in the vocabulary (where MidiTok itself raises
    // KeyError, e.g. a Bar_<n> beyond max_bar_embedding) gets id -1 and keeps its string.
    std::vector<TokenSequence> encode(const midi::Score& score) const;
    // Same, but a score that cannot be tokenized sensibly (one reaching past ~4 million bars,
    // where MidiTok would emit millions of Bar tokens or fail) sets `error` and gives a single
    // empty sequence; `error` is cleared otherwise. encode(score) behaves the same, silently.
    std::vector<TokenSequence> encode(const midi::Score& score, std::string* error) const;
    // The ids of encode() without building token strings (the fast path for datasets).
    std::vector<std::vector<std::int32_t>> encodeIds(const midi::Score& score, std::string* error = nullptr) const;

    // The tracks behind encode()'s streams, in the same order (one per stream with one stream per
    // track; every track of the single stream otherwise).
    std::vector<StreamTrack> streamTracks(const midi::Score& score) const;

    // Inverse of encode. Unknown ids, tokens out of place or truncated notes are skipped and counted.
    // With one stream per track, the tokens carry no program: `tracks` (as from streamTracks(),
    // one per sequence) restores programs, drum flags and names, like MidiTok's `programs`
    // argument; without it every track is a program-0 piano, as in MidiTok.
    DecodeResult decode(const std::vector<TokenSequence>& sequences,
                        const std::vector<StreamTrack>* tracks = nullptr) const;
    DecodeResult decodeIds(const std::vector<std::vector<std::int32_t>>& ids,
                           const std::vector<StreamTrack>* tracks = nullptr) const;

private:
    TokenizerConfig config_;
    Vocabulary vocab_;
    std::shared_ptr<const RemiEncoder> encoder_;  // shared by copies; immutable
};

}  // namespace mozart::remi
