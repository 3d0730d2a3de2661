// libFuzzer target: MidiTok tokenizer.json from strangers (TokenizerConfig::fromMidiTokJson), and
// what a caller builds from an accepted configuration: its value tables, vocabulary and the
// tokenizer (preprocessor tables included). Besides "no crash, no UB, no hang, no huge
// allocation" (run with -rss_limit_mb), it checks the promise of TokenizerLimits.h: the
// vocabulary of an accepted configuration is within the limit and within the computed bound,
// and the configuration survives a save/load round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "remi/RemiTokenizer.h"
#include "remi/TokenValueTables.h"
#include "remi/TokenizerConfig.h"
#include "remi/TokenizerLimits.h"
#include "remi/Vocabulary.h"

using namespace mozart::remi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::string error;
    const auto config = TokenizerConfig::fromMidiTokJson(text, &error);
    if (!config) {
        if (error.empty()) std::abort();  // a refusal always says why
        return 0;
    }
    const Vocabulary vocabulary(*config);
    if (std::int64_t(vocabulary.size()) > limits::vocabularySizeBound(*config)) std::abort();
    if (std::int64_t(vocabulary.size()) > limits::kMaxVocabularySize) std::abort();
    const TokenValueTables tables(*config);
    const RemiTokenizer tokenizer(*config);
    // What we write, we read back.
    std::string again;
    if (!TokenizerConfig::fromMidiTokJson(config->toMidiTokJson(), &again)) std::abort();
    return 0;
}
