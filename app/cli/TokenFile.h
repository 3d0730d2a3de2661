// TokenFile: the JSON layout of a tokenized file, the same as MidiTok's reference vectors:
// {"file", "return_type", "tokens": [[...]], "ids": [[...]], "tracks": [...]}, one inner list per
// token stream; "tracks" are the score's tracks after MidiTok's preprocessing (program, is_drum,
// name, num_notes), which lets per-track streams decode with their instruments.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "remi/RemiTokenizer.h"
#include "remi/TokenSequence.h"
#include "remi/TokenizerConfig.h"

namespace mozart::cli {

nlohmann::json tokenFileJson(const std::string& file, const std::vector<remi::TokenSequence>& sequences,
                             const std::vector<remi::StreamTrack>& tracks,
                             const remi::TokenizerConfig& config);

// Reads the "ids" (preferred) or "tokens" lists of a token file, and its "tracks" when present;
// false with `error` otherwise.
bool parseTokenFile(const std::string& text, std::vector<remi::TokenSequence>* sequences,
                    std::vector<remi::StreamTrack>* tracks, std::string* error);

}  // namespace mozart::cli
