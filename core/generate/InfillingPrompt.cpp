#include "generate/InfillingPrompt.h"

#include <algorithm>

#include "data/FillInTheMiddle.h"

namespace mozart::generate {

namespace {

using remi::TokenKind;

// Shares of the model's context for the bars around the gap; the gap keeps the rest (half).
constexpr double kBeforeShare = 0.3, kAfterShare = 0.2;

struct BarStart {
    std::size_t token = 0;
    midi::Tick tick = 0;
};

// Where each bar of `ids` begins (token index and tick in the tokens' time).
std::vector<BarStart> barStarts(const remi::RemiGrammar& grammar, const std::vector<std::int32_t>& ids) {
    std::vector<BarStart> out;
    remi::RemiGrammar::State state = grammar.initialState();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        remi::RemiGrammar::State next = state;
        if (!grammar.advance(next, ids[i])) continue;
        if (next.time.currentBar > state.time.currentBar) out.push_back({i, next.time.tickAtCurrentBar});
        state = next;
    }
    return out;
}

InfillingPrompt failed(std::string message) {
    InfillingPrompt p;
    p.error = std::move(message);
    return p;
}

}  // namespace

std::string infillingUnsupportedReason(const model::ModelFileInfo& info) {
    if (info.extraTokens == data::infillingTokenNames()) return {};
    return "this model was not trained for infilling (it has no FIM tokens): train one with mozart train "
           "--fim-rate, or use the default model";
}

InfillingPrompt buildInfillingPrompt(const remi::RemiTokenizer& tokenizer, const remi::RemiGrammar& grammar,
                                     const model::ModelFileInfo& model, const midi::Score& score, int firstBar,
                                     int lastBar, PromptSettings settings) {
    if (auto why = infillingUnsupportedReason(model); !why.empty()) return failed(why);
    if (firstBar < 1 || lastBar < firstBar) return failed("the bars to fill must be A-B with 1 <= A <= B");
    std::string error;
    const std::vector<std::int32_t> ids = encodeAsOneStream(tokenizer, score, &error);
    if (!error.empty()) return failed(error);
    const std::vector<BarStart> bars = barStarts(grammar, ids);
    if (firstBar > int(bars.size()))
        return failed("the piece has " + std::to_string(bars.size()) + " bars; cannot fill from bar " +
                      std::to_string(firstBar));

    InfillingPrompt out;
    settings.lastBars = 0;
    settings.regenerateFromBar = firstBar;
    out.prompt = buildPrompt(tokenizer, grammar, settings, &score);
    if (!out.prompt.error.empty()) return failed(out.prompt.error);
    out.gapBars = lastBar - firstBar + 1;
    // The bars after the gap, in the piece's own tokens (empty when the gap reaches the end).
    std::vector<std::int32_t> after;
    if (lastBar < int(bars.size())) {
        const BarStart& resume = bars[std::size_t(lastBar)];
        after.assign(ids.begin() + std::ptrdiff_t(resume.token), ids.end());
        out.prompt.keepFromTokenTick = resume.tick;
    }
    const remi::RemiTokenTable& table = grammar.table();
    if (!table.idsOfKind(TokenKind::Eos).empty()) after.push_back(table.idsOfKind(TokenKind::Eos).front());

    // The prompt ends with the tokens that open bar A (its Bar, maybe a TimeSig): they begin the
    // middle, as in training, where the middle starts at a Bar.
    const std::vector<std::int32_t>& grammarIds = out.prompt.ids;
    std::size_t open = grammarIds.size();
    while (open > 0 && table.info(grammarIds[open - 1]).kind != TokenKind::Bar) --open;
    if (open == 0) return failed("the piece's tokens have no bar to start the gap at");
    --open;
    const auto context = std::size_t(std::max<std::int64_t>(16, model.config.maxTokens()));
    const std::size_t beforeRoom = std::size_t(double(context) * kBeforeShare);
    const std::size_t afterRoom = std::size_t(double(context) * kAfterShare);
    const std::size_t beforeFrom = open > beforeRoom ? open - beforeRoom : 0;
    out.after = after;
    if (after.size() > afterRoom) after.resize(afterRoom);

    const data::InfillingTokens markers = data::infillingTokensAfter(model.baseVocabSize());
    const std::vector<std::int32_t> before(grammarIds.begin() + std::ptrdiff_t(beforeFrom),
                                           grammarIds.begin() + std::ptrdiff_t(open));
    out.modelIds = data::buildInfillingPrompt(before, after, markers);
    out.modelIds.insert(out.modelIds.end(), grammarIds.begin() + std::ptrdiff_t(open), grammarIds.end());
    return out;
}

}  // namespace mozart::generate
