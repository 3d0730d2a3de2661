// TokenizerChoice: resolves the --tokenizer option: "default", "rich" (the two configurations of
// the MidiTok reference vectors) or the path of a MidiTok tokenizer.json.
#pragma once

#include <optional>
#include <string>

#include "remi/TokenizerConfig.h"

namespace mozart::cli {

std::optional<remi::TokenizerConfig> resolveTokenizer(const std::string& choice, std::string* error);

}  // namespace mozart::cli
