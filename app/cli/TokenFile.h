// TokenFile: the JSON layout of a tokenized file, the same as MidiTok's reference vectors:
// {"file", "return_type", "tokens": [[...]], "ids": [[...]]}, one inner list per token stream.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "remi/TokenSequence.h"
#include "remi/TokenizerConfig.h"

namespace mozart::cli {

nlohmann::json tokenFileJson(const std::string& file, const std::vector<remi::TokenSequence>& sequences,
                             const remi::TokenizerConfig& config);

// Reads the "ids" (preferred) or "tokens" lists of a token file; false with `error` otherwise.
bool parseTokenFile(const std::string& text, std::vector<remi::TokenSequence>* sequences,
                    std::string* error);

}  // namespace mozart::cli
