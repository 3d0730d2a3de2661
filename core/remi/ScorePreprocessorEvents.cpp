// The non-note half of ScorePreprocessor: MidiTok's _preprocess_pedals, _preprocess_pitch_bends,
// _preprocess_tempos and _preprocess_time_signatures.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "remi/MidiTokTimeAdjust.h"
#include "remi/PythonNumerics.h"
#include "remi/ScorePreprocessor.h"

namespace mozart::remi {

using namespace miditok;

void ScorePreprocessor::preprocessPedals(PreTrack& track, const std::vector<TicksPerBeatSection>* resamplingFactors,
                                         const std::vector<TicksPerBeatSection>& ticksPerBeat) const {
    auto& pedals = track.pedals;
    std::vector<Tick> times(pedals.size()), durations(pedals.size());
    for (std::size_t i = 0; i < pedals.size(); ++i) {
        times[i] = pedals[i].start;
        durations[i] = pedals[i].duration;
    }
    if (resamplingFactors) adjustTimeToTpb(times, sectionsAsIndices(*resamplingFactors, times));

    // Merge overlapping pedals: from the first index of each run of overlaps, absorb followers.
    const std::size_t n = times.size();
    std::vector<Tick> ends(n);
    for (std::size_t i = 0; i < n; ++i) ends[i] = times[i] + durations[i];
    std::vector<std::size_t> overlap;
    for (std::size_t i = 0; i + 1 < n; ++i)
        if (ends[i] >= times[i + 1]) overlap.push_back(i);
    if (!overlap.empty()) {
        std::vector<bool> removed(n, false);
        for (std::size_t k = 0; k < overlap.size(); ++k) {
            const long long prev = k == 0 ? -2 : static_cast<long long>(overlap[k - 1]);
            if (static_cast<long long>(overlap[k]) - prev <= 1) continue;  // not a run's first index
            const std::size_t idx = overlap[k];
            for (std::size_t ip = 1; idx + ip < n && ends[idx] >= times[idx + ip]; ++ip) {
                durations[idx] = std::max(durations[idx], ends[idx + ip] - times[idx]);
                ends[idx] = times[idx] + durations[idx];
                removed[idx + ip] = true;
            }
        }
        std::vector<Tick> t2, d2;
        for (std::size_t i = 0; i < n; ++i)
            if (!removed[i]) t2.push_back(times[i]), d2.push_back(durations[i]);
        times.swap(t2);
        durations.swap(d2);
    }

    if (config_.sustainPedalDuration) {
        adjustDurations(times, durations, ticksPerBeat);
    } else if (resamplingFactors) {
        const auto sections = sectionsAsIndices(*resamplingFactors, times);
        adjustTimeToTpb(durations, sections, 1);
        // _adjust_offset_spanning_across_time_sig, with MidiTok's relative indices.
        std::vector<Tick> spanEnds(times.size());
        for (std::size_t i = 0; i < times.size(); ++i) spanEnds[i] = times[i] + durations[i];
        std::size_t first = 0;
        for (std::size_t f = 0; f + 1 < sections.size(); ++f) {
            const std::size_t last = static_cast<std::size_t>(sections[f].endTick);
            if (last >= times.size()) break;
            const auto [a, b] = sliceBounds(first, last, spanEnds.size());
            for (std::size_t j = a; j < b; ++j) {
                if (spanEnds[j] < times[last]) continue;
                const std::size_t idx = j - a;  // np.where on the slice gives relative indices
                std::size_t pick = 0;
                for (std::size_t s = f; s < sections.size(); ++s)
                    if (sections[s].endTick >= times[idx]) {
                        pick = s - f;
                        break;
                    }
                const int factor = sections[pick].ticksPerBeat;
                if (factor == 0) continue;
                const Tick newEnd = static_cast<Tick>(
                    python::roundHalfEven(static_cast<double>(spanEnds[idx]) / factor) * factor);
                durations[idx] = newEnd - times[idx];
            }
            first = last;
        }
    }
    pedals.resize(times.size());
    for (std::size_t i = 0; i < times.size(); ++i) pedals[i] = midi::Pedal{times[i], durations[i]};
}

void ScorePreprocessor::preprocessPitchBends(PreTrack& track,
                                             const std::vector<TicksPerBeatSection>* resamplingFactors) const {
    auto& bends = track.pitchBends;
    std::vector<double> bins(tables_.pitchBends.begin(), tables_.pitchBends.end());
    std::vector<Tick> times(bends.size());
    std::vector<int> values(bends.size());
    for (std::size_t i = 0; i < bends.size(); ++i) {
        times[i] = bends[i].time;
        values[i] = static_cast<int>(closest(bins, bends[i].value));
    }
    // MidiTok passes the tick-based sections here as if they were indices.
    if (resamplingFactors) adjustTimeToTpb(times, *resamplingFactors);
    std::vector<midi::PitchBend> out;
    if (bends.size() > 1) {
        // Same-tick groups keep their first slot, with the value of largest magnitude (first wins).
        std::size_t i = 0;
        while (i < times.size()) {
            std::size_t j = i + 1;
            while (j < times.size() && times[j] == times[i]) ++j;
            int best = values[i];
            for (std::size_t k = i + 1; k < j; ++k)
                if (std::abs(values[k]) > std::abs(best)) best = values[k];
            out.push_back({times[i], static_cast<std::int16_t>(best)});
            i = j;
        }
    } else {
        for (std::size_t k = 0; k < times.size(); ++k) out.push_back({times[k], static_cast<std::int16_t>(values[k])});
    }
    bends = std::move(out);
}

std::vector<PreTempo> ScorePreprocessor::preprocessTempos(std::vector<PreTempo> tempos,
                                                          const std::vector<TicksPerBeatSection>* resamplingFactors) const {
    auto defaultTempo = [this](Tick time) {
        return PreTempo{time, static_cast<std::int32_t>(std::round(60000000.0 / tables_.defaultTempo))};
    };
    if (tempos.empty()) return {defaultTempo(0)};
    std::vector<Tick> times(tempos.size());
    std::vector<double> mspq(tempos.size());
    for (std::size_t i = 0; i < tempos.size(); ++i) {
        times[i] = tempos[i].time;
        mspq[i] = closest(tables_.temposMspqSorted, tempos[i].mspq);
    }
    if (resamplingFactors) adjustTimeToTpb(times, *resamplingFactors);  // ticks read as indices, as in MidiTok
    // Same tick: keep the last one.
    std::vector<Tick> t2;
    std::vector<double> m2;
    for (std::size_t i = 0; i < times.size(); ++i) {
        if (i + 1 < times.size() && times[i + 1] == times[i]) continue;
        t2.push_back(times[i]);
        m2.push_back(mspq[i]);
    }
    if (config_.deleteEqualSuccessiveTempoChanges) {
        std::vector<Tick> t3;
        std::vector<double> m3;
        for (std::size_t i = 0; i < t2.size(); ++i) {
            if (i > 0 && m2[i] == m2[i - 1]) continue;
            t3.push_back(t2[i]);
            m3.push_back(m2[i]);
        }
        t2.swap(t3);
        m2.swap(m3);
    }
    std::vector<PreTempo> out;
    for (std::size_t i = 0; i < t2.size(); ++i) out.push_back({t2[i], static_cast<std::int32_t>(m2[i])});
    if (!out.empty()) {
        if (config_.deleteEqualSuccessiveTempoChanges && 60000000.0 / out[0].mspq == tables_.defaultTempo)
            out[0].time = 0;
        else if (out[0].time != 0)
            out.insert(out.begin(), defaultTempo(0));
    } else {
        out.push_back(defaultTempo(0));
    }
    return out;
}

void ScorePreprocessor::preprocessTimeSignatures(std::vector<PreTimeSignature>& ts, int tpq) const {
    auto equal = [](const PreTimeSignature& a, const PreTimeSignature& b) {
        return a.numerator == b.numerator && a.denominator == b.denominator;
    };
    std::size_t i = 0;
    Tick barTicks = ticksPerBar(ts[0].numerator, ts[0].denominator, tpq);
    Tick previousTick = 0;
    while (i < ts.size()) {
        if (i >= 1 && equal(ts[i], ts[i - 1])) {
            ts.erase(ts.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
        }
        if (i >= 1 && ts[i].time < ts[i - 1].time) ts[i].time = ts[i - 1].time;
        if (barTicks > 0) {
            const Tick offset = ts[i].time - previousTick;
            const Tick bars = floorDiv(offset, barTicks);
            if (offset - bars * barTicks > 0) ts[i].time = previousTick + (bars + 1) * barTicks;
        }
        barTicks = ticksPerBar(ts[i].numerator, ts[i].denominator, tpq);
        previousTick = ts[i].time;
        if (i >= 1 && ts[i].time == ts[i - 1].time) {
            ts.erase(ts.begin() + static_cast<std::ptrdiff_t>(i - 1));
            if (i >= 2 && equal(ts[i - 1], ts[i - 2])) {
                ts.erase(ts.begin() + static_cast<std::ptrdiff_t>(i - 1));
                barTicks = ticksPerBar(ts[i - 2].numerator, ts[i - 2].denominator, tpq);
                previousTick = ts[i - 2].time;
                --i;
            }
            continue;
        }
        ++i;
    }
    if (!ts.empty()) {
        if (config_.deleteEqualSuccessiveTimeSigChanges && ts[0].numerator == 4 && ts[0].denominator == 4)
            ts[0].time = 0;
        else if (ts[0].time != 0)
            ts.insert(ts.begin(), PreTimeSignature{0, 4, 4});
    } else {
        ts.push_back(PreTimeSignature{0, 4, 4});
    }
}

}  // namespace mozart::remi
