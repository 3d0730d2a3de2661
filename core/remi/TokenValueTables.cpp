#include "remi/TokenValueTables.h"

#include <algorithm>
#include <cmath>

#include "remi/PythonNumerics.h"

namespace mozart::remi {

namespace {

const char* const kPitchClasses[12] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

// MidiTok's _create_durations_tuples / __create_rests: every (beat, pos, res) of each range,
// then (max(max(keys)), 0, res of the max key), then the first (0 duration) removed.
std::vector<TimeValue> timeValues(const std::vector<BeatRange>& ranges) {
    std::vector<TimeValue> out;
    if (ranges.empty()) return out;
    for (const auto& r : ranges)
        for (int beat = r.start; beat < r.end; ++beat)
            for (int pos = 0; pos < r.resolution; ++pos) out.push_back({beat, pos, r.resolution});
    // Python's max over tuple keys is lexicographic; max of that tuple is its larger element.
    const BeatRange* maxKey = &ranges.front();
    for (const auto& r : ranges)
        if (std::make_pair(r.start, r.end) > std::make_pair(maxKey->start, maxKey->end)) maxKey = &r;
    out.push_back({std::max(maxKey->start, maxKey->end), 0, maxKey->resolution});
    out.erase(out.begin());
    return out;
}

}  // namespace

std::string TimeValue::text() const {
    return std::to_string(beat) + "." + std::to_string(pos) + "." + std::to_string(res);
}

std::int64_t TimeValue::ticks(std::int64_t ticksPerBeat) const {
    const std::int64_t num = (static_cast<std::int64_t>(beat) * res + pos) * ticksPerBeat;
    // Python floor division
    std::int64_t q = num / res;
    if ((num % res != 0) && ((num < 0) != (res < 0))) --q;
    return q;
}

std::string tempoText(double qpm) { return python::floatRepr(qpm); }

TokenValueTables::TokenValueTables(const TokenizerConfig& config) {
    maxNumPosPerBeat = std::max(1, config.maxNumPosPerBeat());  // MidiTok rejects empty beat_res
    timeSignatures = config.timeSignatures();

    // Ticks per beat per denominator: max_num_pos_per_beat * (max_denom // denom).
    int maxDen = 1;
    for (const auto& ts : timeSignatures) maxDen = std::max(maxDen, ts.second);
    for (int den : config.timeSignatureDenominators())
        if (den > 0) ticksPerBeatPerDenominator.emplace_back(den, maxNumPosPerBeat * (maxDen / den));
    timeDivision = maxNumPosPerBeat * std::max(1, maxDen / 4);
    for (const auto& [den, tpb] : ticksPerBeatPerDenominator)
        if (den == 4) timeDivision = tpb;

    durations = timeValues(config.beatRes);
    if (config.useRests) rests = timeValues(config.beatResRest);

    if (config.useVelocities) {
        velocities.clear();
        const auto all = python::linspaceInt(0, 127, config.numVelocities + 1);
        velocities.assign(all.begin() + 1, all.end());
    }

    firstBeatRes = config.beatRes.empty() ? 8 : config.beatRes.front().resolution;
    for (const auto& r : config.beatRes)
        if (r.start == 0 || r.end == 0) {  // Python: `0 in (start, end)`
            firstBeatRes = r.resolution;
            break;
        }

    if (config.useTempos) {
        const auto raw = config.logTempos
                             ? python::geomspace(config.tempoRange.first, config.tempoRange.second, config.numTempos)
                             : python::linspace(config.tempoRange.first, config.tempoRange.second, config.numTempos);
        for (double t : raw) tempos.push_back(python::roundDecimals(t, 2));
        for (double t : tempos) temposMspqSorted.push_back(60000000.0 / t);
        std::sort(temposMspqSorted.begin(), temposMspqSorted.end());
        if (!tempos.empty()) {
            std::size_t best = 0;
            for (std::size_t i = 1; i < tempos.size(); ++i)
                if (std::fabs(tempos[i] - 120.0) < std::fabs(tempos[best] - 120.0)) best = i;
            defaultTempo = tempos[best];
        }
    }

    if (config.usePitchBends) {
        const auto& [lo, hi, n] = config.pitchBendRange;
        pitchBends = python::linspaceInt(lo, hi, n);
    }

    if (config.useChords) {
        if (config.chordTokensWithRootNote) {
            for (const auto& [quality, intervals] : config.chordMaps)
                for (const char* root : kPitchClasses) chordTokens.push_back("Chord_" + std::string(root) + ":" + quality);
        } else {
            for (const auto& [quality, intervals] : config.chordMaps) chordTokens.push_back("Chord_" + quality);
        }
        if (config.chordUnknown) {
            for (int i = config.chordUnknown->first; i < config.chordUnknown->second; ++i) {
                if (config.chordTokensWithRootNote) {
                    for (const char* root : kPitchClasses)
                        chordTokens.push_back("Chord_" + std::string(root) + ":ukn" + std::to_string(i));
                } else {
                    chordTokens.push_back("Chord_" + std::to_string(i));
                }
            }
        }
    }
}

}  // namespace mozart::remi
