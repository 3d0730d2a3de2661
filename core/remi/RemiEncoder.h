// RemiEncoder: MidiTok's REMI `_score_to_tokens` on a preprocessed score -- global and track
// events, time-sorted, Program changes, then Bar / Position / Rest tokens (REMI._add_time_events)
// -- producing vocabulary ids directly. Token strings are only looked up at the very end.
//
// Immutable after construction; encode() may run concurrently from several threads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "midi/Score.h"
#include "remi/ScorePreprocessor.h"
#include "remi/TokenSequence.h"
#include "remi/TokenValueTables.h"
#include "remi/TokenizerConfig.h"
#include "remi/Vocabulary.h"

namespace mozart::remi {

class RemiEncoder {
public:
    RemiEncoder(const TokenizerConfig& config, const Vocabulary& vocab);
    RemiEncoder(const RemiEncoder&) = delete;
    RemiEncoder& operator=(const RemiEncoder&) = delete;

    // Token ids, one sequence per track or one in all (see RemiTokenizer::encode). A token that
    // MidiTok would produce but that is not in the vocabulary (MidiTok raises KeyError on it)
    // gets id -1; its string is kept in `unknownTokens` at the same position when asked for.
    // A score reaching past kMaxEncodedTick (on the tokenizer's grid) is refused: `error` is set
    // and a single empty sequence returned (MidiTok would emit millions of Bar tokens, or fail).
    std::vector<std::vector<std::int32_t>> encodeIds(const midi::Score& score,
                                                     std::vector<std::vector<std::string>>* unknownTokens,
                                                     std::string* error = nullptr) const;
    std::vector<TokenSequence> encode(const midi::Score& score, std::string* error = nullptr) const;

    static constexpr Tick kMaxEncodedTick = Tick{1} << 27;  // ~4 million 4/4 bars

    const TokenValueTables& tables() const { return tables_; }
    PreprocessedScore preprocess(const midi::Score& score) const { return preprocessor_.run(score); }

    enum class EventType : std::uint8_t {
        TimeSig, Tempo, Program, Pitch, PitchDrum, PitchIntervalTime, PitchIntervalChord, Velocity,
        Duration, Chord, Pedal, PedalOff, PitchBend, Rest, Bar, Position
    };
    // 16 bytes: encoding is mostly writing and moving these. Times fit (scores past
    // kMaxEncodedTick are refused; eventTime saturates anything stranger).
    struct Event {
        std::int32_t time = 0;
        std::int32_t desc = 0;      // note end for Pitch-like events; numerator << 8 | denominator for TimeSig
        std::int32_t token = -1;    // vocabulary id; <= -2 means unknown string #(-2 - token)
        std::int16_t program = 0;   // MidiTok's Event.program (0 when not set)
        EventType type = EventType::Bar;
    };
    static std::int32_t eventTime(Tick t) {
        return static_cast<std::int32_t>(std::clamp<Tick>(t, -(Tick{1} << 30), Tick{1} << 30));
    }

    // Per-encode scratch: strings of tokens not in the vocabulary.
    struct Scratch {
        std::vector<std::string> unknown;
        std::int32_t idOf(const Vocabulary& vocab, const std::string& token);
    };

private:
    struct TimeTable {  // Duration or Rest tokens for one ticks-per-beat value
        int ticksPerBeat = 0;
        std::vector<std::int32_t> idByTicks;   // Duration: ticks -> id (last token wins), -1 if none
        std::vector<Tick> ticks;               // Rest: ticks of each rest value, in order
        std::vector<std::int32_t> ids;         // Rest: id of each rest value
    };

    void addTrackEvents(const PreTrack& track, const std::vector<TicksPerBeatSection>& ticksPerBeat,
                        std::vector<Event>& events, Scratch& scratch) const;
    void addGlobalEvents(const PreprocessedScore& score, std::vector<Event>& events, Scratch& scratch) const;
    void insertProgramChanges(std::vector<Event>& events, Scratch& scratch) const;
    void addTimeEvents(const std::vector<Event>& events, int tpq, std::vector<std::int32_t>& out,
                       Scratch& scratch) const;

    const TimeTable& durationTable(int ticksPerBeat, std::vector<TimeTable>& local) const;
    const TimeTable& restTable(int ticksPerBeat, std::vector<TimeTable>& local) const;
    TimeTable makeDurationTable(int ticksPerBeat) const;
    TimeTable makeRestTable(int ticksPerBeat) const;
    std::int32_t programToken(int program, Scratch& scratch) const;
    std::int32_t timeSigToken(int num, int den, Scratch& scratch) const;
    std::int32_t positionToken(Tick pos, Scratch& scratch) const;

    TokenizerConfig config_;
    Vocabulary vocab_;
    TokenValueTables tables_;
    ScorePreprocessor preprocessor_;

    std::int32_t pitchId_[128];
    std::int32_t pitchDrumId_[128];
    std::int32_t velocityId_[256];
    std::int32_t programIds_[129];           // Program_-1 .. Program_127
    std::vector<std::int32_t> chordIds_;     // [quality * 12 + root] (root 0 without root notes)
    std::vector<std::int32_t> positionIds_;
    std::int32_t barNoneId_ = -1;
    std::int32_t barEndId_ = -1;
    std::vector<TimeTable> durationTables_;
    std::vector<TimeTable> restTables_;
};

}  // namespace mozart::remi
