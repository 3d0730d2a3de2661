#include "remi/ScorePreprocessor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "remi/MidiTokTimeAdjust.h"
#include "remi/PythonNumerics.h"

namespace mozart::remi {

using namespace miditok;

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
        t.sources.push_back(static_cast<int>(&track - score.tracks.data()));
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
                dst.sources.insert(dst.sources.end(), src.sources.begin(), src.sources.end());
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
