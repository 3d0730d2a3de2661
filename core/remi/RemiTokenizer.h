// RemiTokenizer: encodes a Score into REMI tokens and decodes tokens back into a Score, token for
// token as MidiTok 3.0.6 (with symusic 0.5.8) does for the same configuration.
//
// Thread-safety: a tokenizer is immutable after construction; encode/decode may run concurrently.
#pragma once

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

class RemiTokenizer {
public:
    explicit RemiTokenizer(TokenizerConfig config);

    const TokenizerConfig& config() const { return config_; }
    const Vocabulary& vocabulary() const { return vocab_; }

    // One sequence per track (default), or exactly one when programs share one stream.
    // An empty score gives a single empty sequence, as MidiTok does.
    std::vector<TokenSequence> encode(const midi::Score& score) const;

    // Inverse of encode. Unknown ids, tokens out of place or truncated notes are skipped and counted.
    DecodeResult decode(const std::vector<TokenSequence>& sequences) const;
    DecodeResult decodeIds(const std::vector<std::vector<std::int32_t>>& ids) const;

private:
    TokenizerConfig config_;
    Vocabulary vocab_;
};

}  // namespace mozart::remi
