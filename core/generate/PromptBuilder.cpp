#include "generate/PromptBuilder.h"

#include <cmath>
#include <limits>

namespace mozart::generate {

namespace {

using remi::TokenKind;

std::int32_t firstOfKind(const remi::RemiTokenTable& table, TokenKind kind) {
    const auto& ids = table.idsOfKind(kind);
    return ids.empty() ? -1 : ids.front();
}

std::int32_t findToken(const remi::RemiTokenTable& table, TokenKind kind, int value, int denominator = 0) {
    for (std::int32_t id : table.idsOfKind(kind)) {
        const auto& info = table.info(id);
        if (info.value == value && (kind != TokenKind::TimeSig || info.denominator == denominator)) return id;
    }
    return -1;
}

std::int32_t nearestTempo(const remi::RemiTokenTable& table, double qpm) {
    std::int32_t best = -1;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (std::int32_t id : table.idsOfKind(TokenKind::Tempo)) {
        const double d = std::fabs(60'000'000.0 / table.info(id).value - qpm);
        if (d < bestDistance) {
            bestDistance = d;
            best = id;
        }
    }
    return best;
}

// Tempo in force after `ids` (the fallback before any Tempo token).
std::int32_t tempoAtEnd(const remi::RemiTokenTable& table, const std::vector<std::int32_t>& ids,
                        std::int32_t fallback) {
    std::int32_t tempo = fallback;
    for (std::int32_t id : ids) {
        if (table.info(id).kind == TokenKind::Tempo) tempo = table.info(id).value;
    }
    return tempo;
}

// The score from `fromTick` on (in its own ticks), shifted to start at 0, with the tempo and time
// signature in force at fromTick moved to 0.
midi::Score cropFrom(const midi::Score& score, midi::Tick fromTick) {
    midi::Score out = score;
    for (auto& track : out.tracks) {
        std::vector<midi::Note> kept;
        for (const auto& n : track.notes) {
            if (n.start >= fromTick) {
                kept.push_back(n);
                kept.back().start -= fromTick;
            }
        }
        track.notes = std::move(kept);
        track.controls.clear();
        track.pedals.clear();
        track.pitchBends.clear();
        track.lyrics.clear();
    }
    auto shift = [&](auto& events) {
        using Event = typename std::decay_t<decltype(events)>::value_type;
        std::vector<Event> kept;
        for (const auto& e : events) {
            if (e.time <= fromTick) {
                Event first = e;
                first.time = 0;
                if (kept.empty()) kept.push_back(first); else kept.front() = first;
            } else {
                kept.push_back(e);
                kept.back().time -= fromTick;
            }
        }
        events = std::move(kept);
    };
    shift(out.tempos);
    shift(out.timeSignatures);
    shift(out.keySignatures);
    out.texts.clear();
    return out;
}

}  // namespace

std::vector<std::int32_t> encodeAsOneStream(const remi::RemiTokenizer& tokenizer, const midi::Score& score,
                                            std::string* error) {
    midi::Score input = score;
    if (!tokenizer.config().oneTokenStreamForPrograms && input.tracks.size() > 1) {
        midi::Track merged = input.tracks.front();
        merged.isDrum = false;
        for (std::size_t t = 1; t < input.tracks.size(); ++t) {
            if (input.tracks[t].isDrum) continue;
            merged.notes.insert(merged.notes.end(), input.tracks[t].notes.begin(), input.tracks[t].notes.end());
        }
        std::stable_sort(merged.notes.begin(), merged.notes.end(),
                         [](const midi::Note& a, const midi::Note& b) { return a.start < b.start; });
        input.tracks = {merged};
    }
    auto streams = tokenizer.encodeIds(input, error);
    if (streams.empty()) return {};
    for (std::int32_t id : streams.front()) {
        if (id < 0) {
            if (error) *error = "the piece has tokens outside the model's vocabulary";
            return {};
        }
    }
    return streams.front();
}

Prompt buildPrompt(const remi::RemiTokenizer& tokenizer, const remi::RemiGrammar& grammar,
                   const PromptSettings& s, const midi::Score* score) {
    const remi::RemiTokenTable& table = grammar.table();
    const remi::TokenizerConfig& config = tokenizer.config();
    Prompt prompt;
    const std::int32_t bos = firstOfKind(table, TokenKind::Bos);
    if (bos >= 0) prompt.ids.push_back(bos);
    const std::int32_t chosenTempo = s.tempo > 0 ? remi::tempoMicrosFromQpm(s.tempo) : 0;
    const bool tempoTokens = config.useTempos && !table.idsOfKind(TokenKind::Tempo).empty();
    std::int32_t fallbackTempo = chosenTempo ? chosenTempo : table.defaultTempoMicros();

    if (score != nullptr) {
        if (!score->tempos.empty() && !tempoTokens && !chosenTempo) fallbackTempo = score->tempos.back().microsPerQuarter;
        std::string error;
        std::vector<std::int32_t> ids = encodeAsOneStream(tokenizer, *score, &error);
        if (!error.empty()) {
            prompt.error = error;
            prompt.ids.clear();
            return prompt;
        }
        if (s.lastBars > 0 || s.regenerateFromBar > 0) {
            // Walk the tokens to find where the bar in question starts.
            const int wantBar = s.lastBars > 0 ? -1 : s.regenerateFromBar - 1;  // 0-based
            remi::RemiGrammar::State state = grammar.initialState();
            std::vector<std::pair<std::size_t, midi::Tick>> barStarts;  // token index, tick
            std::size_t cut = ids.size();
            for (std::size_t i = 0; i < ids.size(); ++i) {
                remi::RemiGrammar::State next = state;
                if (!grammar.advance(next, ids[i])) continue;
                if (next.time.currentBar > state.time.currentBar) {
                    barStarts.emplace_back(i, next.time.tickAtCurrentBar);
                    if (wantBar >= 0 && next.time.currentBar >= wantBar && cut == ids.size()) cut = i;
                }
                state = next;
            }
            if (s.regenerateFromBar > 0) {
                const int bars = state.time.currentBar + 1;
                if (s.regenerateFromBar > bars) {
                    prompt.error = "the piece has " + std::to_string(bars) + " bars; cannot regenerate from bar " +
                                   std::to_string(s.regenerateFromBar);
                    prompt.ids.clear();
                    return prompt;
                }
                // Keep every token before bar K, then open bar K: its own Bar (and TimeSig) when the
                // piece has them, else Bars in the current meter.
                std::vector<std::int32_t> kept(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(cut));
                remi::RemiGrammar::State st = grammar.initialState();
                for (std::int32_t id : kept) grammar.advance(st, id);
                if (cut < ids.size() && table.info(ids[cut]).kind == TokenKind::Bar) {
                    grammar.advance(st, ids[cut]);
                    kept.push_back(ids[cut]);
                    if (cut + 1 < ids.size() && table.info(ids[cut + 1]).kind == TokenKind::TimeSig) {
                        grammar.advance(st, ids[cut + 1]);
                        kept.push_back(ids[cut + 1]);
                    }
                }
                const std::int32_t bar = firstOfKind(table, TokenKind::Bar);
                while (st.time.currentBar < wantBar) {
                    if (!grammar.advance(st, bar)) break;
                    kept.push_back(bar);
                    if (config.useTimeSignatures) {
                        const std::int32_t ts = findToken(table, TokenKind::TimeSig, st.time.tsNumerator,
                                                          st.time.tsDenominator);
                        if (ts >= 0 && grammar.advance(st, ts)) kept.push_back(ts);
                    }
                }
                ids = std::move(kept);
                prompt.opensNewBar = true;
                prompt.keepBeforeTokenTick = st.time.tickAtCurrentBar;
            } else if (static_cast<int>(barStarts.size()) > s.lastBars) {
                // Re-encode the last N bars as a piece of their own, so it opens with its tempo,
                // meter and instrument like any piece.
                const midi::Tick fromTokenTick = barStarts[barStarts.size() - static_cast<std::size_t>(s.lastBars)].second;
                const remi::DecodeResult decoded = tokenizer.decodeIds({ids});
                midi::Score cropped = cropFrom(decoded.score, fromTokenTick);
                prompt.tokenTickOffset = fromTokenTick;
                ids = encodeAsOneStream(tokenizer, cropped, &error);
                if (!error.empty()) {
                    prompt.error = error;
                    prompt.ids.clear();
                    return prompt;
                }
            }
        }
        prompt.ids.insert(prompt.ids.end(), ids.begin(), ids.end());
        if (auto problem = grammar.checkPrefix(prompt.ids)) {
            prompt.error = "the prompt's tokens break the REMI grammar at token " + std::to_string(problem->index) +
                           " (" + problem->token + "): " + problem->reason;
            prompt.ids.clear();
            return prompt;
        }
    } else {
        const bool oneStream = config.usePrograms && config.oneTokenStreamForPrograms;
        std::int32_t programToken = -1;
        if (s.program && config.usePrograms) {
            programToken = findToken(table, TokenKind::Program, *s.program);
            if (programToken < 0) {
                prompt.error = "program " + std::to_string(*s.program) + " is not in the tokenizer's vocabulary";
                prompt.ids.clear();
                return prompt;
            }
        }
        // Per-track streams name their program once, at the start.
        if (programToken >= 0 && !oneStream && config.programChanges) prompt.ids.push_back(programToken);
        std::int32_t tsToken = -1;
        if (s.timeSigNumerator > 0) {
            if (config.useTimeSignatures) {
                tsToken = findToken(table, TokenKind::TimeSig, s.timeSigNumerator, s.timeSigDenominator);
            }
            if (tsToken < 0 && !(s.timeSigNumerator == 4 && s.timeSigDenominator == 4)) {
                prompt.error = "time signature " + std::to_string(s.timeSigNumerator) + "/" +
                               std::to_string(s.timeSigDenominator) + " is not in the tokenizer's vocabulary";
                prompt.ids.clear();
                return prompt;
            }
        }
        const std::int32_t tempoToken = chosenTempo && tempoTokens ? nearestTempo(table, s.tempo) : -1;
        const bool programInStream = programToken >= 0 && oneStream;
        if (tsToken >= 0 || tempoToken >= 0 || programInStream) {
            prompt.ids.push_back(firstOfKind(table, TokenKind::Bar));
            if (config.useTimeSignatures) {
                if (tsToken < 0) tsToken = findToken(table, TokenKind::TimeSig, 4, 4);
                if (tsToken < 0) tsToken = firstOfKind(table, TokenKind::TimeSig);
                prompt.ids.push_back(tsToken);
            }
            prompt.opensNewBar = true;
            if (tempoToken >= 0 || programInStream) {
                prompt.ids.push_back(findToken(table, TokenKind::Position, 0));
                if (tempoToken >= 0) prompt.ids.push_back(tempoToken);
                if (programInStream) prompt.ids.push_back(programToken);
            }
        }
        if (auto problem = grammar.checkPrefix(prompt.ids)) {
            prompt.error = std::string("the chosen opening does not fit the tokenizer's grammar: ") + problem->reason;
            prompt.ids.clear();
            return prompt;
        }
    }
    prompt.tempoMicros = tempoAtEnd(table, prompt.ids, fallbackTempo);
    if (!tempoTokens) prompt.outputTempoMicros = chosenTempo ? chosenTempo : (score && !score->tempos.empty() ? fallbackTempo : 0);
    return prompt;
}

}  // namespace mozart::generate
