// Vocabulary: REMI token strings <-> ids, built in MidiTok's order so ids equal MidiTok's.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "remi/TokenizerConfig.h"

namespace mozart::remi {

class Vocabulary {
public:
    Vocabulary() = default;
    explicit Vocabulary(const TokenizerConfig& config);

    std::size_t size() const { return tokens_.size(); }
    // -1 when the token is not in the vocabulary.
    std::int32_t id(const std::string& token) const;
    // Empty string for an id out of range.
    const std::string& token(std::int32_t id) const;
    const std::vector<std::string>& tokens() const { return tokens_; }

private:
    std::vector<std::string> tokens_;
    std::unordered_map<std::string, std::int32_t> ids_;
};

}  // namespace mozart::remi
