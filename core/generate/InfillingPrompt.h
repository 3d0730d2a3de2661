// InfillingPrompt: what a fill-in-the-middle model is given to rewrite bars A..B of a piece and
// keep everything else. The grammar (and the output's token sequence) continues the bars before
// A, exactly as "regenerate from bar A" does; the model reads, in the layout it was trained on
// (data/FillInTheMiddle.h),
//
//     [FIM_Prefix] last bars before A [FIM_Suffix] first bars after B [FIM_Middle] Bar(A) ...
//
// trimmed so that the gap keeps at least half of the context. The generator stops when bar B + 1
// would begin; PieceAssembly keeps the file's notes before A and from B + 1 on, byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "generate/PromptBuilder.h"
#include "midi/Score.h"
#include "model/ModelFile.h"

namespace mozart::generate {

struct InfillingPrompt {
    Prompt prompt;                        // grammar side; keepBefore/keepFrom ticks set
    std::vector<std::int32_t> modelIds;   // GenerationRequest::modelPrompt
    int gapBars = 0;                      // bars to write (B - A + 1)
    std::vector<std::int32_t> after;      // the piece's tokens from bar B + 1 on (whole, EOS last)
    std::string error;                    // a sentence; the rest is empty then
};

// Empty when the model can fill gaps, else a sentence saying why not (for the studio's tooltip
// and the CLI's refusal).
std::string infillingUnsupportedReason(const model::ModelFileInfo& info);

// firstBar and lastBar are 1-based and inclusive. `settings` supplies what buildPrompt takes
// besides the bar (tempo, program...).
InfillingPrompt buildInfillingPrompt(const remi::RemiTokenizer& tokenizer, const remi::RemiGrammar& grammar,
                                     const model::ModelFileInfo& model, const midi::Score& score, int firstBar,
                                     int lastBar, PromptSettings settings);

}  // namespace mozart::generate
