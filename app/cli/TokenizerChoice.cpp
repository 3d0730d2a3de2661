#include "cli/TokenizerChoice.h"

#include "io/AtomicFile.h"

namespace mozart::cli {

std::optional<remi::TokenizerConfig> resolveTokenizer(const std::string& choice, std::string* error) {
    if (choice.empty() || choice == "default") return remi::TokenizerConfig();
    if (choice == "rich") return remi::TokenizerConfig::rich();
    std::string text;
    // A tokenizer.json is a few kilobytes; a stranger's 2 GB "tokenizer" is refused unread.
    if (!io::readWholeFile(choice, &text, error, std::size_t(16) << 20)) {
        *error += " (--tokenizer takes default, rich or a MidiTok tokenizer.json)";
        return std::nullopt;
    }
    std::string parseError;
    auto config = remi::TokenizerConfig::fromMidiTokJson(text, &parseError);
    if (!config) *error = choice + ": not a usable MidiTok tokenizer.json: " + parseError;
    return config;
}

}  // namespace mozart::cli
