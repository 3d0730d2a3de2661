// ScorePreprocessor: MidiTok's `preprocess_score` (with symusic 0.5.8's `resample`), step for
// step: time signatures filtered, score resampled to the tokenizer's grid, same-program tracks
// merged (one stream), time signatures moved to bar lines, notes filtered / binned / snapped,
// pedals merged, pitch bends binned, tempos binned. MidiTok's index quirks (resampling sections
// given as ticks where indices are expected, and so on) are reproduced on purpose: the goal is
// the same tokens, not a cleaner algorithm.
#pragma once

#include <cstdint>
#include <vector>

#include "midi/Score.h"
#include "remi/TokenValueTables.h"
#include "remi/TokenizerConfig.h"

namespace mozart::remi {

using Tick = midi::Tick;

struct PreNote {
    Tick time = 0;
    Tick duration = 0;
    int pitch = 0;
    int velocity = 0;
    Tick end() const { return time + duration; }
};

struct PreTrack {
    std::vector<int> sources;  // Score tracks it came from (several when same-program tracks merge)
    int program = 0;
    bool isDrum = false;
    std::vector<PreNote> notes;
    std::vector<midi::Pedal> pedals;
    std::vector<midi::PitchBend> pitchBends;  // values already binned
    Tick controlsEnd = -1;                    // last control change time, -1 without any
    int midiTokProgram() const { return isDrum ? -1 : program; }
};

struct PreTempo {
    Tick time = 0;
    std::int32_t mspq = 500000;
};

struct PreTimeSignature {
    Tick time = 0;
    int numerator = 4;
    int denominator = 4;
};

// One row of MidiTok's (N, 2) "ticks per beat" arrays: the section ends before `endTick`.
struct TicksPerBeatSection {
    Tick endTick = 0;
    int ticksPerBeat = 0;
};

struct PreprocessedScore {
    int ticksPerQuarter = 8;
    std::vector<PreTrack> tracks;
    std::vector<PreTempo> tempos;               // only filled with use_tempos
    std::vector<PreTimeSignature> timeSignatures;
    Tick otherEventsEnd = -1;                   // key signatures and markers (for symusic's end())

    Tick end() const;  // symusic Score::end()
    // get_score_ticks_per_beat, or [[end, tpq]] without time signatures.
    std::vector<TicksPerBeatSection> ticksPerBeat(bool useTimeSignatures) const;
};

class ScorePreprocessor {
public:
    ScorePreprocessor(const TokenizerConfig& config, const TokenValueTables& tables);

    PreprocessedScore run(const midi::Score& score) const;

    // numpy-style "closest value" (np_get_closest): ties go to the higher bin.
    static double closest(const std::vector<double>& sortedBins, double value);

private:
    void preprocessNotes(PreTrack& track, const std::vector<TicksPerBeatSection>* resamplingFactors,
                         const std::vector<TicksPerBeatSection>& ticksPerBeat) const;
    void preprocessPedals(PreTrack& track, const std::vector<TicksPerBeatSection>* resamplingFactors,
                          const std::vector<TicksPerBeatSection>& ticksPerBeat) const;
    void preprocessPitchBends(PreTrack& track, const std::vector<TicksPerBeatSection>* resamplingFactors) const;
    std::vector<PreTempo> preprocessTempos(std::vector<PreTempo> tempos,
                                           const std::vector<TicksPerBeatSection>* resamplingFactors) const;
    void preprocessTimeSignatures(std::vector<PreTimeSignature>& timeSigs, int tpq) const;
    // _adjust_durations on parallel time / duration arrays
    void adjustDurations(const std::vector<Tick>& times, std::vector<Tick>& durations,
                         const std::vector<TicksPerBeatSection>& ticksPerBeat) const;
    // Duration bins for one ticks-per-beat value, with the snapped value of every small duration.
    struct DurationSnap {
        int ticksPerBeat = 0;
        std::vector<double> bins;
        std::vector<Tick> snapped;  // duration in ticks (0 .. largest bin) -> closest bin
        Tick operator()(Tick duration) const;
    };
    DurationSnap makeDurationSnap(int ticksPerBeat) const;

    const TokenizerConfig& config_;
    const TokenValueTables& tables_;
    std::vector<int> velocityBin_;  // velocity 0..127 -> binned value
    std::vector<DurationSnap> durationSnaps_;  // per ticks-per-beat of the vocabulary
};

}  // namespace mozart::remi
