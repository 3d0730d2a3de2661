// RemiTimeline: where a REMI token stream is in time, advanced by Bar, Rest, Position and TimeSig
// tokens with exactly the arithmetic of MidiTok's REMI._tokens_to_score (including its quirks,
// e.g. a Rest starts from the end of the longest note so far). The decoder and the grammar share
// it, so the grammar's idea of "the current position" is the one the decoder will use.
#pragma once

#include <algorithm>
#include <cstdint>

#include "midi/Score.h"
#include "remi/RemiTokenTable.h"

namespace mozart::remi {

// Decoded scores are capped at this tick (~97 days at 120 qpm and 8 ticks per quarter): tokens
// that would move time past it are refused, so any id sequence decodes into a score that a MIDI
// file can hold (every delta time fits a 4-byte variable-length quantity).
constexpr midi::Tick kMaxDecodedTick = midi::Tick{1} << 27;

struct RemiTimeline {
    midi::Tick currentTick = 0;
    midi::Tick tickAtCurrentBar = 0;
    midi::Tick tickAtLastTsChange = 0;
    midi::Tick previousNoteEnd = 0;  // end of the longest note so far, and Tempo times
    std::int32_t currentBar = -1;
    std::int32_t barAtLastTsChange = 0;
    std::int32_t tsNumerator = 4;
    std::int32_t tsDenominator = 4;
    std::int32_t ticksPerBar = 32;
    std::int32_t ticksPerBeat = 8;
    std::int32_t ticksPerPosition = 1;

    // The sequence starts in this time signature (no TimeSig event is recorded for it).
    void start(const RemiTiming& timing, std::int32_t numerator, std::int32_t denominator) {
        *this = RemiTimeline{};
        setTimeSignature(timing, numerator, denominator);
    }

    // Python's floor division, which MidiTok's _units_between uses.
    static midi::Tick floorDiv(midi::Tick a, midi::Tick b) {
        const midi::Tick q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }

    midi::Tick tickAfterBar() const {
        return currentBar + 1 > 0 ? tickAtCurrentBar + ticksPerBar : currentTick;
    }
    void bar() {
        const midi::Tick next = tickAfterBar();
        ++currentBar;
        currentTick = next;
        tickAtCurrentBar = next;
    }

    midi::Tick tickAfterRest(const BeatFraction& rest) const {
        return std::max(previousNoteEnd, currentTick) + rest.ticks(ticksPerBeat);
    }
    void rest(const BeatFraction& value) {
        currentTick = tickAfterRest(value);
        const midi::Tick realBar =
            barAtLastTsChange + floorDiv(currentTick - tickAtLastTsChange, ticksPerBar);
        if (realBar > currentBar) {
            if (currentBar == -1) currentBar = 0;  // the stream begins with a Rest
            tickAtCurrentBar += (realBar - currentBar) * ticksPerBar;
            currentBar = static_cast<std::int32_t>(realBar);
        }
    }

    midi::Tick tickOfPosition(std::int32_t position) const {
        return tickAtCurrentBar + midi::Tick{position} * ticksPerPosition;
    }
    void position(std::int32_t index) {
        if (currentBar == -1) currentBar = 0;  // a Position before any Bar
        currentTick = tickOfPosition(index);
    }

    // Returns true when the signature changed (MidiTok ignores a TimeSig equal to the current one).
    bool timeSignature(const RemiTiming& timing, std::int32_t numerator, std::int32_t denominator) {
        if (numerator == tsNumerator && denominator == tsDenominator) return false;
        tickAtLastTsChange = tickAtCurrentBar;
        barAtLastTsChange = currentBar;
        setTimeSignature(timing, numerator, denominator);
        return true;
    }

    void noteEndsAt(midi::Tick end) { previousNoteEnd = std::max(previousNoteEnd, end); }

private:
    void setTimeSignature(const RemiTiming& timing, std::int32_t numerator,
                          std::int32_t denominator) {
        tsNumerator = numerator;
        tsDenominator = denominator;
        ticksPerBar = timing.ticksPerBar(numerator, denominator);
        ticksPerBeat = timing.ticksPerBeat(denominator);
        ticksPerPosition = timing.ticksPerPosition(denominator);
    }
};

}  // namespace mozart::remi
