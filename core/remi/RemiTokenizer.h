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
    // The ids of encode() without building token strings (the fast path for datasets).
    std::vector<std::vector<std::int32_t>> encodeIds(const midi::Score& score) const;

    // Inverse of encode. Unknown ids, tokens out of place or truncated notes are skipped and counted.
    DecodeResult decode(const std::vector<TokenSequence>& sequences) const;
    DecodeResult decodeIds(const std::vector<std::vector<std::int32_t>>& ids) const;

private:
    TokenizerConfig config_;
    Vocabulary vocab_;
    std::shared_ptr<const RemiEncoder> encoder_;  // shared by copies; immutable
};

}  // namespace mozart::remi
