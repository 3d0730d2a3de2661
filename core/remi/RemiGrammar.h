// RemiGrammar: which REMI token types may follow which. Checks a sequence (reporting the first
// invalid token and its index) and, token by token, gives the set of allowed next ids, which
// constrained generation uses as a mask.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "remi/Vocabulary.h"

namespace mozart::remi {

struct GrammarError {
    std::size_t index = 0;   // index of the first invalid token
    std::string token;       // its string
    std::string reason;      // e.g. "Velocity must follow Pitch"
};

class RemiGrammar {
public:
    RemiGrammar(const TokenizerConfig& config, const Vocabulary& vocab);

    std::optional<GrammarError> check(const std::vector<std::int32_t>& ids) const;

    // Incremental use: a state advanced one token at a time, with the ids allowed next.
    struct State;
    // (defined by the implementation; see RemiGrammar.cpp)
};

}  // namespace mozart::remi
