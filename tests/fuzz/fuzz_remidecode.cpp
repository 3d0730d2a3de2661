// libFuzzer target: REMI decoding and the REMI grammar on arbitrary token ids.
//
// Input layout: byte 0 picks the tokenizer configuration and how the rest is read; the rest is a
// list of ids, 2 bytes each (mapped onto the vocabulary plus a few ids outside it on each side) or,
// in raw mode, 4 bytes each (any int32). In multi-sequence mode id 0xFFFF splits sequences.
// Besides "no crash, no UB, no hang", it checks the contracts the decoder and grammar promise:
// errors stay within the token count, nothing lies past the length cap, check() and advance()
// agree on the first refused token, and a sequence check() accepts decodes without errors.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "remi/RemiGrammar.h"
#include "remi/RemiTimeline.h"
#include "remi/RemiTokenizer.h"

using namespace mozart::remi;

namespace {

struct Subject {
    std::unique_ptr<RemiTokenizer> tokenizer;
    std::unique_ptr<RemiGrammar> grammar;
};

std::vector<Subject> makeSubjects() {
    std::vector<TokenizerConfig> configs;
    configs.push_back(TokenizerConfig());
    configs.push_back(TokenizerConfig::rich());
    {
        TokenizerConfig c;
        c.useSustainPedals = true;
        c.usePitchBends = true;
        c.useTempos = true;
        c.useRests = true;
        c.useBarEndTokens = true;
        c.usePitchIntervals = true;
        c.normalize();
        configs.push_back(c);
    }
    {
        TokenizerConfig c = TokenizerConfig::rich();
        c.useSustainPedals = true;
        c.sustainPedalDuration = true;
        c.usePitchBends = true;
        c.useVelocities = false;
        c.normalize();
        configs.push_back(c);
    }
    std::vector<Subject> subjects;
    for (auto& config : configs) {
        Subject s;
        s.tokenizer = std::make_unique<RemiTokenizer>(config);
        s.grammar = std::make_unique<RemiGrammar>(s.tokenizer->config(), s.tokenizer->vocabulary());
        subjects.push_back(std::move(s));
    }
    return subjects;
}

void require(bool condition) {
    if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<Subject> subjects = makeSubjects();
    if (size < 1) return 0;
    const std::uint8_t mode = data[0];
    const Subject& subject = subjects[mode % subjects.size()];
    const bool raw = (mode & 0x04) != 0;
    const bool multi = (mode & 0x08) != 0;
    const auto vocabSize = static_cast<std::int64_t>(subject.tokenizer->vocabulary().size());

    std::vector<std::vector<std::int32_t>> sequences(1);
    std::size_t total = 0;
    const std::size_t width = raw ? 4 : 2;
    for (std::size_t i = 1; i + width <= size; i += width) {
        std::int32_t id = 0;
        if (raw) {
            std::uint32_t bits = 0;
            std::memcpy(&bits, data + i, 4);
            id = static_cast<std::int32_t>(bits);
        } else {
            const std::uint16_t v = static_cast<std::uint16_t>(data[i] | (data[i + 1] << 8));
            if (multi && v == 0xFFFF) {
                sequences.emplace_back();
                continue;
            }
            id = static_cast<std::int32_t>(static_cast<std::int64_t>(v % (vocabSize + 8)) - 4);
        }
        sequences.back().push_back(id);
        ++total;
    }

    const DecodeResult decoded = subject.tokenizer->decodeIds(sequences);
    require(decoded.errors >= 0 && static_cast<std::size_t>(decoded.errors) <= total);
    for (const auto& track : decoded.score.tracks) {
        for (const auto& note : track.notes) require(note.start >= 0 && note.end() <= kMaxDecodedTick);
    }

    const RemiGrammar& grammar = *subject.grammar;
    for (const auto& ids : sequences) {
        RemiGrammar::State state = grammar.initialState();
        std::size_t refused = ids.size();
        std::vector<std::uint8_t> mask;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (i % 32 == 0) {
                grammar.allowedNext(state, mask);
                const std::int32_t id = ids[i];
                const bool inMask = id >= 0 && id < vocabSize && mask[static_cast<std::size_t>(id)];
                require(inMask == (grammar.rejection(state, id) == nullptr));
            }
            if (!grammar.advance(state, ids[i])) {
                refused = i;
                break;
            }
        }
        const auto prefixError = grammar.checkPrefix(ids);
        require((prefixError ? prefixError->index : ids.size()) == refused);
        if (!grammar.check(ids) && sequences.size() == 1) {
            // One-stream or single-track: a grammatical sequence decodes without a skipped token.
            require(decoded.errors == 0);
        }
    }
    return 0;
}
