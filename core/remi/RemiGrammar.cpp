#include "remi/RemiGrammar.h"

#include <algorithm>

namespace mozart::remi {

namespace {

using Phase = RemiGrammar::State::Phase;

constexpr const char* kTooLong = "the score would run past the decoder's length cap";

std::size_t programSlot(int program) { return static_cast<std::size_t>(program + 1); }

bool isNote(TokenKind kind) {
    return kind == TokenKind::Pitch || kind == TokenKind::PitchDrum ||
           kind == TokenKind::PitchIntervalTime || kind == TokenKind::PitchIntervalChord;
}

bool isTimeStep(TokenKind kind) {
    return kind == TokenKind::Bar || kind == TokenKind::BarEnd || kind == TokenKind::TimeSig ||
           kind == TokenKind::Position || kind == TokenKind::Rest;
}

}  // namespace

RemiGrammar::RemiGrammar(const TokenizerConfig& config, const Vocabulary& vocab)
    : table_(config, vocab), tokens_(vocab.tokens()),
      defaultNoteDuration_(config.defaultNoteDuration) {}

RemiGrammar::State RemiGrammar::initialState() const {
    State state;
    state.time.start(table_.timing(), 4, 4);
    state.pitchOnset.fill(-128);
    state.pitchChord.fill(-128);
    return state;
}

bool RemiGrammar::programRequiredPerEvent() const {
    const RemiFeatures& f = table_.features();
    return f.usePrograms && !f.programChanges;
}

bool RemiGrammar::canEnd(const State& state) const {
    switch (state.phase) {
    case Phase::Start:
    case Phase::AfterBar:  // trailing bars may end on a Bar whose TimeSig MidiTok leaves out
    case Phase::AfterTimeSig:
    case Phase::AfterRest:
    case Phase::InEvents:
    case Phase::Ended:
        return true;
    default:
        return false;
    }
}

const char* RemiGrammar::kindRejection(const State& state, TokenKind kind) const {
    const RemiFeatures& f = table_.features();
    const Phase ph = state.phase;
    if (ph == Phase::Ended) {
        return kind == TokenKind::Pad ? nullptr : "only PAD may follow EOS or PAD";
    }
    switch (kind) {
    case TokenKind::Invalid:
        return "not a token of this vocabulary";
    case TokenKind::Ignored:
        return "attribute-control tokens are not part of a REMI stream";
    case TokenKind::Mask:
    case TokenKind::OtherSpecial:
        return "this special token cannot stand in a sequence";
    case TokenKind::Bos:
        return state.index == 0 ? nullptr : "BOS may only open a sequence";
    case TokenKind::Eos:
    case TokenKind::Pad:
        return canEnd(state) ? nullptr : "the sequence cannot end here: a note, pedal or bar is unfinished";
    default:
        break;
    }

    // Phases that demand one particular token next.
    switch (ph) {
    case Phase::AfterPitch:
        if (f.useVelocities) return kind == TokenKind::Velocity ? nullptr : "Velocity must follow Pitch";
        return kind == TokenKind::Duration ? nullptr : "Duration must follow Pitch";
    case Phase::AfterVelocity:
        return kind == TokenKind::Duration ? nullptr : "Duration must follow Velocity";
    case Phase::AfterPedal:
        return kind == TokenKind::Duration ? nullptr : "Duration must follow Pedal";
    case Phase::AfterBarEnd:
        return kind == TokenKind::Bar ? nullptr : "Bar must follow Bar_End";
    case Phase::AfterBar:
        if (f.useTimeSignatures) return kind == TokenKind::TimeSig ? nullptr : "TimeSig must follow Bar";
        break;
    case Phase::AfterPosition:
        if (isTimeStep(kind)) return "an event must follow a Position";
        break;
    case Phase::AfterProgram:
        if (!isNote(kind) && kind != TokenKind::Chord && kind != TokenKind::PitchBend) {
            return "a note, Chord or PitchBend must follow Program";
        }
        break;
    case Phase::AfterChord:
        if (!isNote(kind) && kind != TokenKind::Program) return "a note must follow Chord";
        break;
    default:
        break;
    }

    const bool betweenEvents = ph == Phase::AfterPosition || ph == Phase::InEvents;
    const bool timeStepAllowed = ph == Phase::AfterBar || ph == Phase::AfterTimeSig ||
                                 ph == Phase::AfterRest || ph == Phase::InEvents;
    // An event that carries a program (note, Chord, PitchBend) outside a Program's reach.
    auto programmedEvent = [&]() -> const char* {
        if (ph == Phase::AfterProgram) return nullptr;
        if (!betweenEvents && ph != Phase::AfterChord) return "a Position must come before this event";
        if (programRequiredPerEvent()) return "Program must come right before each note, Chord and PitchBend";
        if (f.oneStream && !state.programSet) return "a Program must come before the first note";
        return nullptr;
    };

    switch (kind) {
    case TokenKind::Bar:
        if (!timeStepAllowed && ph != Phase::Start && ph != Phase::AfterBarEnd) {
            return ph == Phase::AfterPosition ? "an event must follow a Position"
                                              : "Bar cannot follow this token";
        }
        if (f.barEndTokens && state.time.currentBar >= 0 && ph != Phase::AfterBarEnd) {
            return "Bar_End must come before each Bar after the first";
        }
        return nullptr;
    case TokenKind::BarEnd:
        if (!timeStepAllowed) return "Bar_End cannot follow this token";
        return state.time.currentBar >= 0 ? nullptr : "Bar_End before any bar";
    case TokenKind::TimeSig:
        if (ph == Phase::AfterBar) return nullptr;
        if (ph == Phase::AfterRest && state.time.currentBar >= 0 &&
            state.time.currentTick == state.time.tickAtCurrentBar) {
            return nullptr;
        }
        return ph == Phase::AfterRest ? "TimeSig after a Rest must fall on a bar line"
                                      : "TimeSig must follow Bar";
    case TokenKind::Rest:
        return (ph == Phase::Start || ph == Phase::AfterTimeSig || ph == Phase::AfterRest ||
                ph == Phase::InEvents)
                   ? nullptr
                   : "Rest cannot follow this token";
    case TokenKind::Position:
        if (ph == Phase::Start) return "Position before any Bar";
        return timeStepAllowed ? nullptr
               : ph == Phase::AfterPosition ? "an event must follow a Position"
                                            : "Position cannot follow this token";
    case TokenKind::Tempo:
        return ph == Phase::AfterPosition ? nullptr : "Tempo must come right after Position";
    case TokenKind::Program:
        if (!f.usePrograms) return "Program tokens are not used by this configuration";
        if (!f.oneStream && f.programChanges) {
            return ph == Phase::Start && !state.programSet
                       ? nullptr
                       : "in per-track sequences Program only opens the sequence";
        }
        if (betweenEvents || (ph == Phase::AfterChord && programRequiredPerEvent())) return nullptr;
        return "Program must come before a note, Chord or PitchBend at a Position";
    case TokenKind::Pitch:
    case TokenKind::PitchDrum:
    case TokenKind::PitchIntervalTime:
    case TokenKind::PitchIntervalChord:
        return programmedEvent();
    case TokenKind::Chord:
    case TokenKind::PitchBend:
        if (ph == Phase::AfterChord) return "a note must follow Chord";
        return programmedEvent();
    case TokenKind::Velocity:
        return "Velocity must follow Pitch";
    case TokenKind::Duration:
        return "Duration must follow a note's Velocity (or Pitch) or a Pedal";
    case TokenKind::Pedal:
    case TokenKind::PedalOff:
        return betweenEvents ? nullptr : "pedal tokens must follow a Position";
    default:
        return "token not allowed here";
    }
}

const char* RemiGrammar::valueRejection(const State& state, const TokenInfo& info) const {
    const RemiFeatures& f = table_.features();
    const RemiTimeline& time = state.time;
    const bool drums = state.program == -1;
    auto pitchInRange = [&](int pitch) { return pitch >= f.pitchMin && pitch <= f.pitchMax; };
    auto defaultDurationFits = [&]() {
        const midi::Tick dur = std::max<midi::Tick>(
            0, static_cast<midi::Tick>(defaultNoteDuration_ * time.ticksPerBeat));
        return time.currentTick + dur <= kMaxDecodedTick;
    };
    switch (info.kind) {
    case TokenKind::Bar:
        return time.tickAfterBar() <= kMaxDecodedTick ? nullptr : kTooLong;
    case TokenKind::Rest:
        return time.tickAfterRest(info.time) <= kMaxDecodedTick ? nullptr : kTooLong;
    case TokenKind::Position: {
        if (info.value >= table_.timing().positionsPerBar(time.tsNumerator)) {
            return "Position beyond the end of the bar";
        }
        const midi::Tick tick = time.tickOfPosition(info.value);
        // Where a position spans several ticks (quarter-note beats when eighth-note meters set
        // the grid), events at two ticks of one position each get a Position token from MidiTok.
        const bool repeatable = time.ticksPerPosition > 1;
        if (state.phase == Phase::InEvents &&
            (tick < time.currentTick || (tick == time.currentTick && !repeatable))) {
            return "Position must move forward in time";
        }
        if (tick < time.currentTick) return "Position before the end of the preceding Rest";
        return tick <= kMaxDecodedTick ? nullptr : kTooLong;
    }
    case TokenKind::Pitch:
        if (!pitchInRange(info.value)) return "pitch outside the configured pitch range";
        if (f.usePrograms && f.usePitchdrumTokens && drums) return "drum notes use PitchDrum";
        break;
    case TokenKind::PitchDrum:
        if (!pitchInRange(info.value)) return "pitch outside the configured pitch range";
        if (f.usePrograms && !drums) return "PitchDrum needs Program_-1";
        break;
    case TokenKind::PitchIntervalTime:
    case TokenKind::PitchIntervalChord: {
        if (f.usePrograms && f.usePitchdrumTokens && drums) return "drum notes use PitchDrum";
        const auto& refs =
            info.kind == TokenKind::PitchIntervalTime ? state.pitchOnset : state.pitchChord;
        const int ref = refs[programSlot(state.program)];
        if (ref == -128) return "pitch interval without a previous pitch";
        if (!pitchInRange(ref + info.value)) return "pitch interval leads outside the pitch range";
        break;
    }
    case TokenKind::Chord:
        if (f.usePrograms && drums) return "drum tracks have no chords";
        break;
    case TokenKind::Velocity:
        if (!f.usesDuration(state.program) && !defaultDurationFits()) return kTooLong;
        break;
    case TokenKind::Duration:
        return time.currentTick + info.time.ticks(time.ticksPerBeat) <= kMaxDecodedTick ? nullptr
                                                                                          : kTooLong;
    case TokenKind::Pedal: {
        const int program = f.usePrograms ? info.value : state.program;
        if (!f.pedalDuration && state.heldPedals.test(programSlot(program))) {
            return "this program's pedal is already held";
        }
        break;
    }
    case TokenKind::PedalOff: {
        const int program = f.usePrograms ? info.value : state.program;
        if (!state.heldPedals.test(programSlot(program))) return "PedalOff without a held Pedal";
        break;
    }
    default:
        break;
    }
    // A note complete at its Pitch gets the default duration right away.
    if (isNote(info.kind) && !f.useVelocities && !f.usesDuration(state.program) && !defaultDurationFits()) {
        return kTooLong;
    }
    return nullptr;
}

const char* RemiGrammar::rejection(const State& state, std::int32_t id) const {
    const TokenInfo& info = table_.info(id);
    if (const char* why = kindRejection(state, info.kind)) return why;
    return valueRejection(state, info);
}

bool RemiGrammar::advance(State& state, std::int32_t id) const {
    if (rejection(state, id) != nullptr) return false;
    const TokenInfo& info = table_.info(id);
    const RemiFeatures& f = table_.features();
    RemiTimeline& time = state.time;
    auto defaultNoteEnds = [&]() {
        const midi::Tick dur = std::max<midi::Tick>(
            0, static_cast<midi::Tick>(defaultNoteDuration_ * time.ticksPerBeat));
        time.noteEndsAt(time.currentTick + dur);
        state.phase = Phase::InEvents;
    };
    switch (info.kind) {
    case TokenKind::Pad:
    case TokenKind::Eos:
        state.phase = Phase::Ended;
        break;
    case TokenKind::Bar:
        time.bar();
        state.phase = Phase::AfterBar;
        break;
    case TokenKind::BarEnd:
        state.phase = Phase::AfterBarEnd;
        break;
    case TokenKind::TimeSig:
        time.timeSignature(table_.timing(), info.value, info.denominator);
        state.phase = Phase::AfterTimeSig;
        break;
    case TokenKind::Rest:
        time.rest(info.time);
        state.phase = Phase::AfterRest;
        break;
    case TokenKind::Position:
        time.position(info.value);
        state.phase = Phase::AfterPosition;
        break;
    case TokenKind::Tempo:
        time.noteEndsAt(time.currentTick);
        state.phase = Phase::InEvents;
        break;
    case TokenKind::Program:
        state.program = static_cast<std::int16_t>(info.value);
        state.phase = state.phase == Phase::Start ? Phase::Start : Phase::AfterProgram;
        state.programSet = true;
        break;
    case TokenKind::Pitch:
    case TokenKind::PitchDrum:
    case TokenKind::PitchIntervalTime:
    case TokenKind::PitchIntervalChord: {
        const std::size_t slot = programSlot(state.program);
        int pitch = info.value;
        if (info.kind == TokenKind::PitchIntervalTime) pitch = state.pitchOnset[slot] + info.value;
        if (info.kind == TokenKind::PitchIntervalChord) pitch = state.pitchChord[slot] + info.value;
        if (info.kind != TokenKind::PitchIntervalChord) {
            state.pitchOnset[slot] = static_cast<std::int8_t>(pitch);
        }
        state.pitchChord[slot] = static_cast<std::int8_t>(pitch);
        if (f.useVelocities || f.usesDuration(state.program)) {
            state.phase = Phase::AfterPitch;
        } else {
            defaultNoteEnds();
        }
        break;
    }
    case TokenKind::Velocity:
        if (f.usesDuration(state.program)) {
            state.phase = Phase::AfterVelocity;
        } else {
            defaultNoteEnds();
        }
        break;
    case TokenKind::Duration:
        // MidiTok's decoder counts note ends for Rests, not pedal ends.
        if (state.phase != Phase::AfterPedal) {
            time.noteEndsAt(time.currentTick + info.time.ticks(time.ticksPerBeat));
        }
        state.phase = Phase::InEvents;
        break;
    case TokenKind::Chord:
        state.phase = Phase::AfterChord;
        break;
    case TokenKind::PitchBend:
        state.phase = Phase::InEvents;
        break;
    case TokenKind::Pedal:
        if (f.pedalDuration) {
            state.phase = Phase::AfterPedal;
        } else {
            state.heldPedals.set(programSlot(f.usePrograms ? info.value : state.program));
            state.phase = Phase::InEvents;
        }
        break;
    case TokenKind::PedalOff:
        state.heldPedals.reset(programSlot(f.usePrograms ? info.value : state.program));
        state.phase = Phase::InEvents;
        break;
    default:  // BOS
        break;
    }
    ++state.index;
    return true;
}

void RemiGrammar::allowedNext(const State& state, std::vector<std::uint8_t>& mask) const {
    mask.assign(table_.size(), 0);
    for (int k = 0; k < kTokenKindCount; ++k) {
        const auto kind = static_cast<TokenKind>(k);
        if (kindRejection(state, kind) != nullptr) continue;
        for (std::int32_t id : table_.idsOfKind(kind)) {
            mask[static_cast<std::size_t>(id)] = valueRejection(state, table_.info(id)) == nullptr;
        }
    }
}

std::optional<GrammarError> RemiGrammar::firstError(const std::vector<std::int32_t>& ids,
                                                    bool requireEnd) const {
    State state = initialState();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (const char* why = rejection(state, ids[i])) {
            const bool known = ids[i] >= 0 && static_cast<std::size_t>(ids[i]) < tokens_.size();
            return GrammarError{i, known ? tokens_[static_cast<std::size_t>(ids[i])] : std::string(),
                                why};
        }
        advance(state, ids[i]);
    }
    if (requireEnd && !canEnd(state)) {
        return GrammarError{ids.size(), std::string(),
                            "the sequence ends early: a note, pedal or bar is unfinished"};
    }
    return std::nullopt;
}

std::optional<GrammarError> RemiGrammar::check(const std::vector<std::int32_t>& ids) const {
    return firstError(ids, true);
}

std::optional<GrammarError> RemiGrammar::checkPrefix(const std::vector<std::int32_t>& ids) const {
    return firstError(ids, false);
}

}  // namespace mozart::remi
