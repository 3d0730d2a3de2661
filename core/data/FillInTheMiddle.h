// FillInTheMiddle: the bar-level infilling layout that models are trained and prompted with, as
// code models do it ("fill in the middle"):
//
//     [FIM_Prefix] prefix [FIM_Suffix] suffix [FIM_Middle] middle
//
// where prefix, middle and suffix are consecutive runs of a token sequence cut at Bar tokens
// (the middle is whole bars A..B). The model reads the bars before and after the gap first, then
// writes the gap. The three marker tokens take the ids right after the tokenizer's vocabulary
// (base, base + 1, base + 2), so MidiTok's own ids and tokenizer.json never change; a model file
// records them by name (ModelFileInfo::extraTokens).
//
// rearrange() turns one training row in place; training uses it on a share of the rows
// (TrainerConfig::fimRate). buildPrompt() makes the generation prompt for a gap. No LibTorch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mozart::data {

struct InfillingTokens {
    std::int64_t prefix = -1, suffix = -1, middle = -1;
    bool valid() const { return prefix >= 0 && suffix >= 0 && middle >= 0; }
};

// The names of the extra tokens, in id order (what model files record).
const std::vector<std::string>& infillingTokenNames();
// The marker ids for a tokenizer vocabulary of `baseVocabularySize` tokens.
InfillingTokens infillingTokensAfter(std::int64_t baseVocabularySize);

struct InfillingConfig {
    double rate = 0;  // share of training rows rearranged, 0..1
    std::int64_t barId = -1;
    std::int64_t padId = -1;
    InfillingTokens tokens;
    bool enabled() const { return rate > 0 && barId >= 0 && tokens.valid(); }
};

// Rearranges `row` (length ids; PAD_None after the content is left at the end) as
// [P] prefix [S] suffix [M] middle with a gap of whole bars drawn from `random` (any 64-bit
// value; the same value gives the same cut). The row keeps its length: padding makes room for
// the three markers first, else the oldest ids of the prefix are dropped.
// Returns false and leaves the row unchanged when it holds fewer than two Bar tokens.
bool rearrangeForInfilling(std::int64_t* row, std::size_t length, const InfillingConfig& config,
                           std::uint64_t random);

// The generation prompt for a gap: [P] before [S] after [M]. `before` normally starts with BOS.
std::vector<std::int32_t> buildInfillingPrompt(const std::vector<std::int32_t>& before,
                                               const std::vector<std::int32_t>& after, const InfillingTokens& tokens);

}  // namespace mozart::data
