#include "remi/ScorePreprocessor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "remi/PythonNumerics.h"

namespace mozart::remi {

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();  // Python's None as a slice end

// numpy's a[first:last] bounds, with last == kNone meaning "to the end".
std::pair<std::size_t, std::size_t> sliceBounds(std::size_t first, std::size_t last, std::size_t size) {
    const std::size_t b = std::min(last, size);
    const std::size_t a = std::min(first, size);
    return {a, std::max(a, b)};
}

// np.argmax(values[first:] >= threshold): 0 when nothing matches.
std::size_t argmaxAtLeast(const std::vector<Tick>& values, std::size_t first, Tick threshold) {
    for (std::size_t i = first; i < values.size(); ++i)
        if (values[i] >= threshold) return i - first;
    return 0;
}

// MusicTokenizer.__convert_resampling_ratios_ticks_to_idx (indices kept relative, as MidiTok does).
std::vector<TicksPerBeatSection> sectionsAsIndices(const std::vector<TicksPerBeatSection>& factors,
                                                   const std::vector<Tick>& times) {
    std::vector<TicksPerBeatSection> out = factors;
    std::size_t first = 0;
    for (std::size_t i = 0; i < factors.size(); ++i) {
        std::size_t last = 0;
        if (i + 1 == factors.size()) last = times.empty() ? 0 : times.size() - 1;
        else last = argmaxAtLeast(times, first, factors[i].endTick);
        out[i].endTick = static_cast<Tick>(last);
        first = last;
    }
    return out;
}

// MusicTokenizer._adjust_time_to_tpb: each section's values rounded (half to even) to a
// multiple of its factor; `endTick` of every section but the last is read as an index.
void adjustTimeToTpb(std::vector<Tick>& values, const std::vector<TicksPerBeatSection>& sections,
                     std::optional<int> minDuration = std::nullopt) {
    std::size_t first = 0;
    for (std::size_t k = 0; k < sections.size(); ++k) {
        const std::size_t last = k + 1 == sections.size()
                                     ? kNone
                                     : static_cast<std::size_t>(std::max<Tick>(0, sections[k].endTick));
        const int factor = sections[k].ticksPerBeat;
        if (factor != 1 && factor != 0) {
            const auto [a, b] = sliceBounds(first, last, values.size());
            for (std::size_t j = a; j < b; ++j) {
                values[j] = static_cast<Tick>(
                    python::roundHalfEven(static_cast<double>(values[j]) / factor) * factor);
                if (minDuration && values[j] == 0) values[j] = static_cast<Tick>(*minDuration) * factor;
            }
        }
        first = last;
    }
}

int ticksPerBeatFor(int denominator, int tpq) {
    if (denominator == 4) return tpq;
    return static_cast<int>(tpq * (4.0 / denominator));
}

Tick ticksPerBar(int numerator, int denominator, int tpq) {
    return static_cast<Tick>(ticksPerBeatFor(denominator, tpq)) * numerator;
}

Tick floorDiv(Tick a, Tick b) {
    Tick q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

}  // namespace

double ScorePreprocessor::closest(const std::vector<double>& bins, double value) {
    if (bins.empty()) return value;
    const auto it = std::lower_bound(bins.begin(), bins.end(), value);
    std::size_t idx = static_cast<std::size_t>(it - bins.begin());
    const std::size_t n = bins.size();
    const bool prevCloser = idx == n || std::fabs(value - bins[idx == 0 ? 0 : idx - 1]) <
                                            std::fabs(value - bins[std::min(idx, n - 1)]);
    if (prevCloser) --idx;
    return bins[idx];
}

Tick PreprocessedScore::end() const {
    if (tracks.empty() && timeSignatures.empty() && tempos.empty() && otherEventsEnd < 0) return 0;
    Tick e = std::numeric_limits<Tick>::min();
    for (const auto& t : tracks) {
        bool any = false;
        Tick te = std::numeric_limits<Tick>::min();
        for (const auto& n : t.notes) te = std::max(te, n.end()), any = true;
        for (const auto& p : t.pedals) te = std::max(te, p.start + p.duration), any = true;
        for (const auto& b : t.pitchBends) te = std::max(te, b.time), any = true;
        if (t.controlsEnd >= 0) te = std::max(te, t.controlsEnd), any = true;
        e = std::max(e, any ? te : Tick{0});
    }
    for (const auto& ts : timeSignatures) e = std::max(e, ts.time);
    for (const auto& tp : tempos) e = std::max(e, tp.time);
    e = std::max(e, otherEventsEnd);
    return e;
}

std::vector<TicksPerBeatSection> PreprocessedScore::ticksPerBeat(bool useTimeSignatures) const {
    std::vector<TicksPerBeatSection> rows;
    if (!useTimeSignatures || timeSignatures.empty()) return {{end(), ticksPerQuarter}};
    for (std::size_t i = 0; i + 1 < timeSignatures.size(); ++i)
        rows.push_back({timeSignatures[i + 1].time, ticksPerBeatFor(timeSignatures[i].denominator, ticksPerQuarter)});
    rows.push_back({end() + 1, ticksPerBeatFor(timeSignatures.back().denominator, ticksPerQuarter)});
    for (std::size_t i = rows.size() - 1; i > 0; --i) {
        if (rows[i].ticksPerBeat == rows[i - 1].ticksPerBeat) {
            rows[i - 1].endTick = rows[i].endTick;
            rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
    return rows;
}

ScorePreprocessor::ScorePreprocessor(const TokenizerConfig& config, const TokenValueTables& tables)
    : config_(config), tables_(tables) {
    std::vector<double> velocities(tables.velocities.begin(), tables.velocities.end());
    velocityBin_.resize(256);
    for (int v = 0; v < 256; ++v) velocityBin_[v] = static_cast<int>(closest(velocities, v));
    for (const auto& [den, tpb] : tables.ticksPerBeatPerDenominator) durationSnaps_.push_back(makeDurationSnap(tpb));
}

ScorePreprocessor::DurationSnap ScorePreprocessor::makeDurationSnap(int tpb) const {
    DurationSnap snap;
    snap.ticksPerBeat = tpb;
    for (const auto& d : tables_.durations) snap.bins.push_back(static_cast<double>(d.ticks(tpb)));
    Tick largest = 0;
    for (double b : snap.bins) largest = std::max(largest, static_cast<Tick>(b));
    if (largest <= (Tick{1} << 20)) {
        snap.snapped.resize(static_cast<std::size_t>(largest) + 1);
        for (Tick t = 0; t <= largest; ++t)
            snap.snapped[static_cast<std::size_t>(t)] = static_cast<Tick>(closest(snap.bins, static_cast<double>(t)));
    }
    return snap;
}

Tick ScorePreprocessor::DurationSnap::operator()(Tick duration) const {
    if (duration >= 0 && static_cast<std::size_t>(duration) < snapped.size())
        return snapped[static_cast<std::size_t>(duration)];
    return static_cast<Tick>(closest(bins, static_cast<double>(duration)));
}

void ScorePreprocessor::adjustDurations(const std::vector<Tick>& times, std::vector<Tick>& durations,
                                        const std::vector<TicksPerBeatSection>& ticksPerBeat) const {
    if (times.empty()) return;
    std::size_t first = 0;
    const Tick lastEventTick = times.back();
    for (std::size_t k = 0; k < ticksPerBeat.size(); ++k) {
        std::size_t last = kNone;
        if (!(k + 1 == ticksPerBeat.size() || ticksPerBeat[k].endTick > lastEventTick))
            last = first + argmaxAtLeast(times, first, ticksPerBeat[k].endTick);
        const int tpb = ticksPerBeat[k].ticksPerBeat;
        const DurationSnap* snap = nullptr;
        for (const auto& s : durationSnaps_)
            if (s.ticksPerBeat == tpb) snap = &s;
        // MidiTok has no table for an unexpected ticks-per-beat (KeyError): compute one.
        const DurationSnap local = snap ? DurationSnap{} : makeDurationSnap(tpb);
        if (!snap) snap = &local;
        const auto [a, b] = sliceBounds(first, last, durations.size());
        for (std::size_t j = a; j < b; ++j) durations[j] = (*snap)(durations[j]);
        first = last;
        if (last == kNone) break;
    }
}

void ScorePreprocessor::preprocessNotes(PreTrack& track, const std::vector<TicksPerBeatSection>* resamplingFactors,
                                        const std::vector<TicksPerBeatSection>& ticksPerBeat) const {
    const auto range = track.isDrum && config_.usePitchdrumTokens ? config_.drumsPitchRange : config_.pitchRange;
    auto& notes = track.notes;
    notes.erase(std::remove_if(notes.begin(), notes.end(),
                               [&range](const PreNote& n) { return n.pitch < range.first || n.pitch > range.second; }),
                notes.end());
    if (notes.empty()) return;

    if (config_.useVelocities)
        for (auto& n : notes) n.velocity = velocityBin_[static_cast<std::size_t>(std::clamp(n.velocity, 0, 255))];

    const bool needsTimes = resamplingFactors != nullptr || config_.usesNoteDurations(track.midiTokProgram());
    if (needsTimes) {
        std::vector<Tick> times(notes.size());
        for (std::size_t i = 0; i < notes.size(); ++i) times[i] = notes[i].time;
        if (resamplingFactors) {
            adjustTimeToTpb(times, sectionsAsIndices(*resamplingFactors, times));
            for (std::size_t i = 0; i < notes.size(); ++i) notes[i].time = times[i];
        }
        if (config_.usesNoteDurations(track.midiTokProgram())) {
            std::vector<Tick> durations(notes.size());
            for (std::size_t i = 0; i < notes.size(); ++i) durations[i] = notes[i].duration;
            adjustDurations(times, durations, ticksPerBeat);
            for (std::size_t i = 0; i < notes.size(); ++i) notes[i].duration = durations[i];
        }
    }

    if (config_.removeDuplicatedNotes) {
        std::stable_sort(notes.begin(), notes.end(), [](const PreNote& a, const PreNote& b) {
            return std::tie(a.time, a.pitch, a.duration, a.velocity) < std::tie(b.time, b.pitch, b.duration, b.velocity);
        });
        std::vector<PreNote> kept;
        kept.reserve(notes.size());
        for (std::size_t i = 0; i < notes.size(); ++i)
            if (i == 0 || notes[i].time != notes[i - 1].time || notes[i].pitch != notes[i - 1].pitch)
                kept.push_back(notes[i]);
        notes = std::move(kept);
    }
}

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

PreprocessedScore ScorePreprocessor::run(const midi::Score& score) const {
    PreprocessedScore out;
    const int maxPos = tables_.maxNumPosPerBeat;

    // Time signatures first: they decide the new time division.
    std::vector<PreTimeSignature> timeSigs;
    int newTpq = maxPos;
    if (config_.useTimeSignatures) {
        for (const auto& ts : score.timeSignatures) {
            const auto supported = std::find(tables_.timeSignatures.begin(), tables_.timeSignatures.end(),
                                             std::make_pair(ts.numerator, ts.denominator));
            if (supported != tables_.timeSignatures.end())
                timeSigs.push_back({ts.time, ts.numerator, ts.denominator});
        }
        if (timeSigs.empty() || timeSigs.front().time != 0) timeSigs.insert(timeSigs.begin(), {0, 4, 4});
        int maxDen = 0;
        for (const auto& ts : timeSigs) maxDen = std::max(maxDen, ts.denominator);
        newTpq = static_cast<int>(static_cast<double>(maxPos) * maxDen / 4);
    } else {
        timeSigs.push_back({0, 4, 4});
    }
    if (newTpq <= 0) newTpq = 1;  // MidiTok would fail on such a grid; keep going sanely

    // symusic resample(new_tpq, min_dur=1): round half away from zero, durations at least 1.
    const bool resample = score.ticksPerQuarter != newTpq && score.ticksPerQuarter > 0;
    const double scale = resample ? static_cast<double>(newTpq) / static_cast<double>(score.ticksPerQuarter) : 1.0;
    auto convert = [resample, scale](Tick t) -> Tick {
        return resample ? static_cast<Tick>(std::round(scale * static_cast<double>(t))) : t;
    };
    auto convertDuration = [resample, &convert](Tick d) -> Tick {
        return resample ? std::max<Tick>(convert(d), 1) : d;
    };
    if (resample)
        for (auto& ts : timeSigs) ts.time = static_cast<Tick>(static_cast<double>(ts.time) * scale);  // astype(int32)
    out.ticksPerQuarter = resample ? newTpq : score.ticksPerQuarter;

    out.tracks.reserve(score.tracks.size());
    for (const auto& track : score.tracks) {
        PreTrack t;
        t.program = track.program;
        t.isDrum = track.isDrum;
        t.notes.reserve(track.notes.size());
        for (const auto& n : track.notes)
            t.notes.push_back({convert(n.start), convertDuration(n.duration), n.pitch, n.velocity});
        for (const auto& p : track.pedals) t.pedals.push_back({convert(p.start), convertDuration(p.duration)});
        for (const auto& b : track.pitchBends) t.pitchBends.push_back({convert(b.time), b.value});
        for (const auto& c : track.controls) t.controlsEnd = std::max(t.controlsEnd, convert(c.time));
        out.tracks.push_back(std::move(t));
    }
    std::vector<PreTempo> tempos;
    for (const auto& tp : score.tempos) tempos.push_back({convert(tp.time), tp.microsPerQuarter});
    for (const auto& ks : score.keySignatures) out.otherEventsEnd = std::max(out.otherEventsEnd, convert(ks.time));
    for (const auto& tx : score.texts)
        if (tx.kind == midi::TextEvent::Kind::Marker)
            out.otherEventsEnd = std::max(out.otherEventsEnd, convert(tx.time));

    // merge_same_program_tracks: groups (by program, drums = -1) merged into their first track.
    if (config_.usePrograms && config_.oneTokenStreamForPrograms) {
        std::vector<bool> drop(out.tracks.size(), false);
        for (std::size_t i = 0; i < out.tracks.size(); ++i) {
            if (drop[i]) continue;
            const int program = out.tracks[i].midiTokProgram();
            bool merged = false;
            for (std::size_t j = i + 1; j < out.tracks.size(); ++j) {
                if (drop[j] || out.tracks[j].midiTokProgram() != program) continue;
                auto& dst = out.tracks[i];
                auto& src = out.tracks[j];
                dst.notes.insert(dst.notes.end(), src.notes.begin(), src.notes.end());
                dst.pedals.insert(dst.pedals.end(), src.pedals.begin(), src.pedals.end());
                dst.pitchBends.insert(dst.pitchBends.end(), src.pitchBends.begin(), src.pitchBends.end());
                dst.controlsEnd = std::max(dst.controlsEnd, src.controlsEnd);
                drop[j] = true;
                merged = true;
            }
            if (!merged) continue;
            auto& dst = out.tracks[i];
            std::stable_sort(dst.notes.begin(), dst.notes.end(), [](const PreNote& a, const PreNote& b) {
                return std::tie(a.time, a.duration, a.pitch, a.velocity) < std::tie(b.time, b.duration, b.pitch, b.velocity);
            });
            std::stable_sort(dst.pedals.begin(), dst.pedals.end(), [](const midi::Pedal& a, const midi::Pedal& b) {
                return std::tie(a.start, a.duration) < std::tie(b.start, b.duration);
            });
            std::stable_sort(dst.pitchBends.begin(), dst.pitchBends.end(),
                             [](const midi::PitchBend& a, const midi::PitchBend& b) { return a.time < b.time; });
        }
        std::vector<PreTrack> kept;
        for (std::size_t i = 0; i < out.tracks.size(); ++i)
            if (!drop[i]) kept.push_back(std::move(out.tracks[i]));
        out.tracks = std::move(kept);
    }

    if (config_.useTimeSignatures) preprocessTimeSignatures(timeSigs, out.ticksPerQuarter);
    out.timeSignatures = timeSigs;
    out.tempos = tempos;  // resampled, for end()

    const auto ticksPerBeat = out.ticksPerBeat(config_.useTimeSignatures);
    std::vector<TicksPerBeatSection> resamplingFactors;
    bool mixedDenominators = false;
    if (config_.useTimeSignatures)
        for (const auto& ts : timeSigs) mixedDenominators |= ts.denominator != timeSigs.front().denominator;
    if (mixedDenominators) {
        // _get_score_resampling_factor: tpq // (max_num_pos_per_beat * denominator / 4)
        auto factor = [&](int den) {
            return static_cast<int>(std::floor(out.ticksPerQuarter / (maxPos * (den / 4.0))));
        };
        for (std::size_t i = 0; i + 1 < timeSigs.size(); ++i)
            resamplingFactors.push_back({timeSigs[i + 1].time, factor(timeSigs[i].denominator)});
        resamplingFactors.push_back({out.end() + 1, factor(timeSigs.back().denominator)});
        for (std::size_t i = resamplingFactors.size() - 1; i > 0; --i) {
            if (resamplingFactors[i].ticksPerBeat == resamplingFactors[i - 1].ticksPerBeat) {
                resamplingFactors[i - 1].endTick = resamplingFactors[i].endTick;
                resamplingFactors.erase(resamplingFactors.begin() + static_cast<std::ptrdiff_t>(i));
            }
        }
    }
    const auto* factors = mixedDenominators ? &resamplingFactors : nullptr;

    auto isEmpty = [this](const PreTrack& t) {
        return t.notes.empty() && (!config_.useSustainPedals || t.pedals.empty()) &&
               (!config_.usePitchBends || t.pitchBends.empty());
    };
    for (std::size_t k = out.tracks.size(); k-- > 0;) {
        PreTrack& t = out.tracks[k];
        if (isEmpty(t) || (config_.usePrograms && !config_.hasProgram(t.midiTokProgram()))) {
            out.tracks.erase(out.tracks.begin() + static_cast<std::ptrdiff_t>(k));
            continue;
        }
        if (!t.notes.empty()) preprocessNotes(t, factors, ticksPerBeat);
        if (config_.usePitchBends && !t.pitchBends.empty()) preprocessPitchBends(t, factors);
        if (config_.useSustainPedals && !t.pedals.empty()) preprocessPedals(t, factors, ticksPerBeat);
        if (isEmpty(t)) out.tracks.erase(out.tracks.begin() + static_cast<std::ptrdiff_t>(k));
    }

    out.tempos = config_.useTempos ? preprocessTempos(std::move(tempos), factors) : std::vector<PreTempo>{};
    return out;
}

}  // namespace mozart::remi
