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

// Where each bar of `ids` begins (the token that enters it and its tick in the tokens' time).
// A Rest can cross several bar lines at once: each bar it enters gets an entry.
std::vector<BarStart> barStarts(const remi::RemiGrammar& grammar, const std::vector<std::int32_t>& ids) {
    std::vector<BarStart> out;
    remi::RemiGrammar::State state = grammar.initialState();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        remi::RemiGrammar::State next = state;
        if (!grammar.advance(next, ids[i])) continue;
        for (int bar = std::max(0, state.time.currentBar + 1); bar <= next.time.currentBar; ++bar)
            out.push_back({i, next.time.tickAtCurrentBar -
                                  midi::Tick(next.time.currentBar - bar) * next.time.ticksPerBar});
        state = next;
    }
    return out;
}

std::int32_t timeSigToken(const remi::RemiTokenTable& table, int numerator, int denominator) {
    for (std::int32_t id : table.idsOfKind(TokenKind::TimeSig))
        if (table.info(id).value == numerator && table.info(id).denominator == denominator) return id;
    return -1;
}

// The piece's tokens from the bar after the gap on. When that bar is entered by a Rest from the
// bar before (MidiTok writes no Bar then), the Rest counts from the end of the gap's notes, which
// are new: the rests are replaced by the Bars (and TimeSigs) they crossed, so the kept bars read
// the same after any gap.
std::vector<std::int32_t> tokensFromBar(const remi::RemiGrammar& grammar, const std::vector<std::int32_t>& ids,
                                        std::size_t first, bool timeSignatures) {
    const remi::RemiTokenTable& table = grammar.table();
    if (table.info(ids[first]).kind != TokenKind::Rest) return {ids.begin() + std::ptrdiff_t(first), ids.end()};
    remi::RemiGrammar::State state = grammar.initialState();
    for (std::size_t i = 0; i < first; ++i) grammar.advance(state, ids[i]);
    const int barBefore = state.time.currentBar;
    std::size_t next = first;
    while (next < ids.size() && table.info(ids[next]).kind == TokenKind::Rest) grammar.advance(state, ids[next++]);
    std::vector<std::int32_t> out;
    const std::int32_t bar = table.idsOfKind(TokenKind::Bar).front();
    const std::int32_t meter = timeSigToken(table, state.time.tsNumerator, state.time.tsDenominator);
    for (int b = barBefore; b < state.time.currentBar; ++b) {
        out.push_back(bar);
        if (timeSignatures && meter >= 0) out.push_back(meter);
    }
    out.insert(out.end(), ids.begin() + std::ptrdiff_t(next), ids.end());
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
        after = tokensFromBar(grammar, ids, resume.token, tokenizer.config().useTimeSignatures);
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
