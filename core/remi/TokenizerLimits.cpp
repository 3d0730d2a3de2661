#include "remi/TokenizerLimits.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace mozart::remi::limits {

namespace {

std::string within(const std::string& field, long long value, long long lo, long long hi) {
    if (value >= lo && value <= hi) return {};
    return field + " is " + std::to_string(value) + " but must be within " + std::to_string(lo) + " and " +
           std::to_string(hi);
}

// Values of one beat_res table: (end - start) x resolution per range (MidiTok drops the zero
// duration and appends the last beat).
std::int64_t timeValueCount(const std::vector<BeatRange>& ranges) {
    std::int64_t n = 0;
    for (const auto& r : ranges) n += std::int64_t(r.end - r.start) * r.resolution;
    return n;
}

std::string checkBeatRanges(const std::vector<BeatRange>& ranges, const std::string& field) {
    for (const auto& r : ranges) {
        const std::string where = field + " \"" + std::to_string(r.start) + "_" + std::to_string(r.end) + "\"";
        if (auto e = within(where + " start", r.start, 0, kMaxBeat); !e.empty()) return e;
        if (auto e = within(where + " end", r.end, r.start, kMaxBeat); !e.empty()) return e;
        if (auto e = within(where + " resolution", r.resolution, 1, kMaxBeatResolution); !e.empty()) return e;
    }
    const std::int64_t values = timeValueCount(ranges);
    if (values > kMaxTimeValues)
        return field + " describes " + std::to_string(values) + " durations, more than the supported " +
               std::to_string(kMaxTimeValues);
    return {};
}

std::string checkProgramList(const std::vector<int>& programs, const std::string& field) {
    if (auto e = within(field + " length", std::int64_t(programs.size()), 0, kMaxListLength); !e.empty()) return e;
    for (int p : programs)
        if (auto e = within(field + " entry", p, -1, 127); !e.empty()) return e;
    return {};
}

std::string checkNames(const TokenizerConfig& c) {
    if (auto e = within("special_tokens length", std::int64_t(c.specialTokens.size()), 0, kMaxListLength); !e.empty())
        return e;
    for (const auto& t : c.specialTokens)
        if (t.size() > std::size_t(kMaxTokenNameLength))
            return "special_tokens holds a name of " + std::to_string(t.size()) + " bytes, more than " +
                   std::to_string(kMaxTokenNameLength);
    if (auto e = within("chord_maps length", std::int64_t(c.chordMaps.size()), 0, kMaxChordMaps); !e.empty()) return e;
    for (const auto& [name, intervals] : c.chordMaps) {
        if (name.size() > std::size_t(kMaxTokenNameLength))
            return "chord_maps holds a name of " + std::to_string(name.size()) + " bytes, more than " +
                   std::to_string(kMaxTokenNameLength);
        if (auto e = within("chord_maps \"" + name + "\" length", std::int64_t(intervals.size()), 0, 128); !e.empty())
            return e;
        for (int i : intervals)
            if (auto e = within("chord_maps \"" + name + "\" interval", i, 0, 127); !e.empty()) return e;
    }
    if (c.chordUnknown) {
        if (auto e = within("chord_unknown first value", c.chordUnknown->first, 1, 128); !e.empty()) return e;
        if (auto e = within("chord_unknown second value", c.chordUnknown->second, c.chordUnknown->first, 128);
            !e.empty())
            return e;
    }
    return {};
}

std::string checkTimeSignatures(const TokenizerConfig& c) {
    for (const auto& [den, nums] : c.timeSignatureRange) {
        if (auto e = within("time_signature_range denominator", den, 1, kMaxDenominator); !e.empty()) return e;
        if (auto e = within("time_signature_range numerators of " + std::to_string(den),
                            std::int64_t(nums.size()), 0, kMaxNumerators);
            !e.empty())
            return e;
        for (int n : nums)
            if (auto e = within("time_signature_range numerator", n, 1, 255); !e.empty()) return e;
    }
    return {};
}

std::string checkAttributeControls(const TokenizerConfig& c) {
    const std::pair<const char*, int> fields[] = {
        {"ac_polyphony_min", c.acPolyphonyMin},
        {"ac_polyphony_max", c.acPolyphonyMax},
        {"ac_note_density_track_min", c.acNoteDensityTrackMin},
        {"ac_note_density_track_max", c.acNoteDensityTrackMax},
        {"ac_note_density_bar_max", c.acNoteDensityBarMax},
        {"ac_repetition_track_num_bins", c.acRepetitionTrackNumBins},
        {"ac_repetition_track_num_consec_bars", c.acRepetitionTrackNumConsecBars},
    };
    for (const auto& [name, value] : fields)
        if (auto e = within(name, value, 0, kMaxAttributeControl); !e.empty()) return e;
    return {};
}

std::string checkScalars(const TokenizerConfig& c) {
    if (auto e = within("num_tempos", c.numTempos, 1, kMaxTempos); !e.empty()) return e;
    if (auto e = within("tempo_range first value", c.tempoRange.first, 1, kMaxTempoValue); !e.empty()) return e;
    if (auto e = within("tempo_range second value", c.tempoRange.second, 1, kMaxTempoValue); !e.empty()) return e;
    const auto& [bendLo, bendHi, bendCount] = c.pitchBendRange;
    if (auto e = within("pitch_bend_range minimum", bendLo, -8192, 8191); !e.empty()) return e;
    if (auto e = within("pitch_bend_range maximum", bendHi, bendLo, 8191); !e.empty()) return e;
    if (auto e = within("pitch_bend_range count", bendCount, 1, kMaxPitchBends); !e.empty()) return e;
    if (c.maxBarEmbedding)
        if (auto e = within("max_bar_embedding", *c.maxBarEmbedding, 0, kMaxBarEmbedding); !e.empty()) return e;
    for (const auto& [name, value] : {std::make_pair("default_note_duration", c.defaultNoteDuration),
                                      std::make_pair("pitch_intervals_max_time_dist", c.pitchIntervalsMaxTimeDist)})
        if (!(std::isfinite(value) && value >= 0 && value <= kMaxBeat))
            return std::string(name) + " must be a number within 0 and " + std::to_string(kMaxBeat);
    return {};
}

std::int64_t attributeControlTokens(const TokenizerConfig& c) {
    if (c.oneTokenStreamForPrograms) return 0;
    std::int64_t n = 0;
    const std::int64_t polyphony = 2 * std::max(0, c.acPolyphonyMax - c.acPolyphonyMin + 1);
    if (c.acPolyphonyTrack) n += polyphony;
    if (c.acPolyphonyBar) n += polyphony;
    if (c.acPitchClassBar) n += 12;
    if (c.acNoteDensityTrack) n += 2 * std::max(0, c.acNoteDensityTrackMax - c.acNoteDensityTrackMin) + 2;
    if (c.acNoteDensityBar) n += std::int64_t(c.acNoteDensityBarMax) + 1;
    if (c.acNoteDurationBar) n += 12;
    if (c.acNoteDurationTrack) n += 12;
    if (c.acRepetitionTrack) n += c.acRepetitionTrackNumBins;
    return n;
}

}  // namespace

std::int64_t vocabularySizeBound(const TokenizerConfig& c) {
    std::int64_t n = std::int64_t(c.specialTokens.size());  // normalize() added PAD
    n += c.maxBarEmbedding ? *c.maxBarEmbedding : 1;
    n += c.useBarEndTokens ? 1 : 0;
    n += std::int64_t(c.pitchRange.second) - c.pitchRange.first + 1;
    n += c.useVelocities ? c.numVelocities : 0;
    if (c.usingNoteDurationTokens() || c.sustainPedalDuration) n += timeValueCount(c.beatRes);
    int maxNumerator = 4;
    for (const auto& [num, den] : c.timeSignatures()) maxNumerator = std::max(maxNumerator, num);
    n += std::int64_t(std::max(1, c.maxNumPosPerBeat())) * maxNumerator;
    if (c.usePitchIntervals) n += 2 * (2 * std::int64_t(c.maxPitchInterval) + 1);
    if (c.usePitchdrumTokens) n += std::int64_t(c.drumsPitchRange.second) - c.drumsPitchRange.first + 1;
    if (c.useChords) {
        const std::int64_t roots = c.chordTokensWithRootNote ? 12 : 1;
        n += std::int64_t(c.chordMaps.size()) * roots;
        if (c.chordUnknown) n += std::int64_t(c.chordUnknown->second - c.chordUnknown->first) * roots;
    }
    if (c.useRests) n += timeValueCount(c.beatResRest);
    if (c.useTempos) n += c.numTempos;
    const std::int64_t programs = std::int64_t(c.programs.size());
    if (c.usePrograms) n += programs;
    if (c.useTimeSignatures) n += std::int64_t(c.timeSignatures().size());
    if (c.useSustainPedals) n += 2 * (c.usePrograms ? programs : 1);
    if (c.usePitchBends) n += std::get<2>(c.pitchBendRange);
    return n + attributeControlTokens(c);
}

std::string checkTokenizerLimits(const TokenizerConfig& c) {
    for (const auto& check : {checkBeatRanges(c.beatRes, "beat_res"), checkBeatRanges(c.beatResRest, "beat_res_rest"),
                              checkProgramList(c.programs, "programs"),
                              checkProgramList(c.useNoteDurationPrograms, "use_note_duration_programs"),
                              checkNames(c), checkTimeSignatures(c), checkAttributeControls(c), checkScalars(c)})
        if (!check.empty()) return check;
    const std::int64_t size = vocabularySizeBound(c);
    if (size > kMaxVocabularySize)
        return "the configuration asks for a vocabulary of " + std::to_string(size) +
               " tokens, more than the supported " + std::to_string(kMaxVocabularySize);
    return {};
}

}  // namespace mozart::remi::limits
