// TokenSequence: one REMI token stream, as strings ("Pitch_60") and as vocabulary ids.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mozart::remi {

struct TokenSequence {
    std::vector<std::string> tokens;
    std::vector<std::int32_t> ids;

    std::size_t size() const { return ids.size(); }
};

}  // namespace mozart::remi
