#include "generate/ConstraintMask.h"

#include <algorithm>

namespace mozart::generate {

namespace {

using remi::TokenKind;

bool isStructural(TokenKind k) {
    return k == TokenKind::Bar || k == TokenKind::BarEnd || k == TokenKind::TimeSig || k == TokenKind::Position ||
           k == TokenKind::Rest || k == TokenKind::Eos;
}

}  // namespace

ConstraintMask::ConstraintMask(const remi::RemiGrammar& grammar, const MusicalConstraints& c, bool useGrammar)
    : grammar_(grammar), table_(grammar.table()), constraints_(c), useGrammar_(useGrammar) {
    const std::vector<int> intervals = c.keyRoot >= 0 && !c.scale.empty() ? scaleIntervals(c.scale)
                                                                            : scaleIntervals("chromatic");
    std::array<bool, 12> inScale{};
    for (int i : intervals) inScale[static_cast<std::size_t>((std::max(c.keyRoot, 0) + i) % 12)] = true;
    for (int p = 0; p < 128; ++p) {
        pitchAllowed_[static_cast<std::size_t>(p)] = inScale[static_cast<std::size_t>(p % 12)] &&
                                                     p >= c.pitchLow && p <= c.pitchHigh;
    }
    programAllowed_.fill(c.programs.empty());
    for (int p : c.programs) programAllowed_[static_cast<std::size_t>(p + 1)] = true;
    base_.assign(table_.size(), 0);
    for (std::size_t id = 0; id < table_.size(); ++id) {
        const TokenKind k = table_.info(static_cast<std::int64_t>(id)).kind;
        base_[id] = k != TokenKind::Invalid && k != TokenKind::Pad && k != TokenKind::Bos && k != TokenKind::Mask &&
                    k != TokenKind::OtherSpecial && k != TokenKind::Ignored;
    }
}

int ConstraintMask::pitchOf(const remi::RemiGrammar::State& state, std::int32_t id) const {
    const remi::TokenInfo& info = table_.info(id);
    const std::size_t slot = static_cast<std::size_t>(state.program + 1);
    int pitch = -1;
    switch (info.kind) {
    case TokenKind::Pitch:
        pitch = info.value;
        break;
    case TokenKind::PitchIntervalTime:
        if (state.pitchOnset[slot] != -128) pitch = state.pitchOnset[slot] + info.value;
        break;
    case TokenKind::PitchIntervalChord:
        if (state.pitchChord[slot] != -128) pitch = state.pitchChord[slot] + info.value;
        break;
    default:  // PitchDrum and everything else: not a sounding pitch
        return -1;
    }
    if (state.program == -1 || pitch < 0 || pitch > 127) return -1;
    return pitch;
}

std::size_t ConstraintMask::fill(const remi::RemiGrammar::State& state, int notesInBar, bool endAllowed,
                                 std::vector<std::uint8_t>& mask) const {
    if (useGrammar_) {
        grammar_.allowedNext(state, mask);
    } else {
        mask = base_;  // same size: copies without allocating
    }
    const std::size_t n = mask.size();
    // Keep what the grammar allows before the musical constraints narrow it, for the fallback.
    auto count = [&] { return static_cast<std::size_t>(std::count(mask.begin(), mask.end(), std::uint8_t{1})); };
    // PAD would end the piece for good (only PAD may follow it); BOS and MASK never belong.
    for (TokenKind k : {TokenKind::Pad, TokenKind::Bos, TokenKind::Mask}) {
        for (std::int32_t id : table_.idsOfKind(k)) mask[static_cast<std::size_t>(id)] = 0;
    }
    thread_local std::vector<std::uint8_t> unconstrained;
    unconstrained = mask;

    const bool inBar = state.time.currentBar >= 0 &&
                       state.phase != remi::RemiGrammar::State::Phase::Start;
    const bool belowMin = inBar && notesInBar < constraints_.minNotesPerBar;
    const bool atMax = constraints_.maxNotesPerBar > 0 && notesInBar >= constraints_.maxNotesPerBar;
    for (std::size_t id = 0; id < n; ++id) {
        if (!mask[id]) continue;
        const remi::TokenInfo& info = table_.info(static_cast<std::int64_t>(id));
        switch (info.kind) {
        case TokenKind::Pitch:
        case TokenKind::PitchDrum:
        case TokenKind::PitchIntervalTime:
        case TokenKind::PitchIntervalChord:
            if (atMax || !programAllowed(state.program) ||
                !pitchAllowed(pitchOf(state, static_cast<std::int32_t>(id)))) {
                mask[id] = 0;
            }
            break;
        case TokenKind::Chord:
            if (atMax || !programAllowed(state.program)) mask[id] = 0;
            break;
        case TokenKind::Program:
            // A Program only leads to a note: none once the bar holds its notes.
            if (atMax || !programAllowed(info.value)) mask[id] = 0;
            break;

        case TokenKind::Bar:
        case TokenKind::BarEnd:
            if (belowMin) mask[id] = 0;
            break;
        case TokenKind::Rest:
            // A rest over a whole bar would leave that bar empty.
            if (belowMin || (constraints_.minNotesPerBar > 0 &&
                             state.time.tickAfterRest(info.time) >=
                                 state.time.tickAtCurrentBar +
                                     (state.time.currentBar < 0 ? 1 : 2) * midi::Tick{state.time.ticksPerBar})) {
                mask[id] = 0;
            }
            break;
        case TokenKind::Position:
            // A bar that holds its notes has nothing more to place: on to the next bar.
            if (atMax) mask[id] = 0;
            break;
        case TokenKind::Eos:
            if (belowMin || !endAllowed) mask[id] = 0;
            break;
        default:
            break;
        }
    }
    std::size_t allowed = count();
    if (allowed > 0) return allowed;
    // The constraints leave nothing: offer the structural moves the grammar allows (a new bar,
    // position, rest, the end), then whatever the grammar allows.
    for (std::size_t id = 0; id < n; ++id) {
        mask[id] = unconstrained[id] && isStructural(table_.info(static_cast<std::int64_t>(id)).kind);
    }
    if (!endAllowed) {
        for (std::int32_t id : table_.idsOfKind(TokenKind::Eos)) mask[static_cast<std::size_t>(id)] = 0;
    }
    allowed = count();
    if (allowed > 0) return allowed;
    mask = unconstrained;
    if (!endAllowed && count() > 1) {
        for (std::int32_t id : table_.idsOfKind(TokenKind::Eos)) mask[static_cast<std::size_t>(id)] = 0;
    }
    return count();
}

}  // namespace mozart::generate
