#include "eval/MusicStatistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace mozart::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kGrooveStepsPerBeat = 24;          // MusPy's default resolution
constexpr std::int64_t kMaxBeats = 50'000'000;   // a hostile tempo-less file may claim 2^31 ticks
constexpr std::size_t kMaxBars = 2'000'000;

template <typename Fn>
void forPitched(const midi::Score& score, Fn&& fn) {
    for (const midi::Track& t : score.tracks)
        if (!t.isDrum)
            for (const midi::Note& n : t.notes) fn(n);
}

template <typename Fn>
void forAll(const midi::Score& score, Fn&& fn) {
    for (const midi::Track& t : score.tracks)
        for (const midi::Note& n : t.notes) fn(n);
}

double entropyBits(const std::vector<double>& counts) {
    double total = 0;
    for (double c : counts) total += c;
    if (total < 1) return kNaN;
    double h = 0;
    for (double c : counts)
        if (c > 0) h -= (c / total) * std::log2(c / total);
    return h;
}

// End of the last note, drums included (MusPy's song length, counted in notes only).
midi::Tick pieceLength(const midi::Score& score) {
    midi::Tick end = 0;
    forAll(score, [&](const midi::Note& n) { end = std::max(end, n.end()); });
    return end;
}

std::int64_t union_length(std::vector<std::pair<midi::Tick, midi::Tick>>& spans) {
    std::sort(spans.begin(), spans.end());
    std::int64_t total = 0;
    midi::Tick from = 0, to = 0;
    bool open = false;
    for (const auto& [a, b] : spans) {
        if (open && a <= to) {
            to = std::max(to, b);
            continue;
        }
        if (open) total += to - from;
        from = a;
        to = b;
        open = true;
    }
    if (open) total += to - from;
    return total;
}

int tpq(const midi::Score& score) { return std::max(1, score.ticksPerQuarter); }

// Bar start ticks from the time signatures (4/4 before the first), up to `end`.
std::vector<midi::Tick> barStarts(const midi::Score& score, midi::Tick end) {
    std::vector<midi::TimeSignature> signatures = score.timeSignatures;
    if (signatures.empty() || signatures.front().time > 0) signatures.insert(signatures.begin(), {0, 4, 4});
    std::vector<midi::Tick> starts;
    for (std::size_t k = 0; k < signatures.size(); ++k) {
        const auto& ts = signatures[k];
        const midi::Tick segmentEnd = std::min(end, k + 1 < signatures.size() ? signatures[k + 1].time : end);
        const int den = ts.denominator > 0 ? ts.denominator : 4;
        midi::Tick bar = midi::Tick(std::max(1, ts.numerator)) * tpq(score) * 4 / den;
        if (bar <= 0) bar = 4 * midi::Tick(tpq(score));
        for (midi::Tick t = ts.time; t < segmentEnd; t += bar) {
            if (!starts.empty() && t <= starts.back()) continue;
            starts.push_back(t);
            if (starts.size() > kMaxBars) return {};
        }
    }
    return starts;
}

}  // namespace

const StatisticInfo& statisticInfo(Statistic statistic) {
    static const StatisticInfo table[kStatisticCount] = {
        {"pitch_range", "Pitch range", "semitones", 0, 96},
        {"pitch_classes_used", "Pitch classes used", "", 0, 12},
        {"pitch_entropy", "Pitch entropy", "bits", 0, 7},
        {"pitch_class_entropy", "Pitch-class entropy", "bits", 0, 3.585},
        {"polyphony", "Polyphony", "pitches", 1, 8},
        {"scale_consistency", "Scale consistency", "", 0.5, 1},
        {"note_density", "Note density", "notes/beat", 0, 24},
        {"empty_beat_rate", "Empty-beat rate", "", 0, 1},
        {"groove_consistency", "Groove consistency", "", 0.5, 1},
        {"mean_duration", "Mean note duration", "beats", 0, 4},
        {"mean_velocity", "Mean velocity", "", 0, 127},
    };
    return table[std::clamp(int(statistic), 0, int(kStatisticCount) - 1)];
}

double pitchRange(const midi::Score& score) {
    int low = 128, high = -1;
    forPitched(score, [&](const midi::Note& n) {
        low = std::min(low, int(n.pitch));
        high = std::max(high, int(n.pitch));
    });
    return high < 0 ? 0.0 : double(high - low);
}

double pitchClassesUsed(const midi::Score& score) {
    bool used[12] = {};
    forPitched(score, [&](const midi::Note& n) { used[n.pitch % 12] = true; });
    return double(std::count(std::begin(used), std::end(used), true));
}

double pitchEntropy(const midi::Score& score) {
    std::vector<double> counts(128, 0.0);
    forPitched(score, [&](const midi::Note& n) { counts[n.pitch & 127] += 1; });
    return entropyBits(counts);
}

double pitchClassEntropy(const midi::Score& score) {
    std::vector<double> counts(12, 0.0);
    forPitched(score, [&](const midi::Note& n) { counts[n.pitch % 12] += 1; });
    return entropyBits(counts);
}

double polyphony(const midi::Score& score) {
    std::vector<std::vector<std::pair<midi::Tick, midi::Tick>>> perPitch(128);
    std::vector<std::pair<midi::Tick, midi::Tick>> all;
    forPitched(score, [&](const midi::Note& n) {
        if (n.duration <= 0) return;
        perPitch[n.pitch & 127].emplace_back(n.start, n.end());
        all.emplace_back(n.start, n.end());
    });
    const std::int64_t sounding = union_length(all);
    if (sounding <= 0) return kNaN;
    double pitchTime = 0;
    for (auto& spans : perPitch) pitchTime += double(union_length(spans));
    return pitchTime / double(sounding);
}

double scaleConsistency(const midi::Score& score) {
    // MusPy's scales on C: major and natural minor.
    static const bool kMajor[12] = {1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1};
    static const bool kMinor[12] = {1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0};
    double counts[12] = {};
    double total = 0;
    forPitched(score, [&](const midi::Note& n) {
        counts[n.pitch % 12] += 1;
        total += 1;
    });
    if (total < 1) return kNaN;
    double best = 0;
    for (const bool* scale : {kMajor, kMinor})
        for (int root = 0; root < 12; ++root) {
            double inside = 0;
            for (int pc = 0; pc < 12; ++pc)
                if (scale[(pc - root + 12) % 12]) inside += counts[pc];
            best = std::max(best, inside / total);
        }
    return best;
}

double noteDensity(const midi::Score& score) {
    const midi::Tick length = pieceLength(score);
    if (length < 1) return kNaN;
    double notes = 0;
    forPitched(score, [&](const midi::Note&) { notes += 1; });
    return notes / (double(length) / tpq(score));
}

double emptyBeatRate(const midi::Score& score) {
    const midi::Tick length = pieceLength(score);
    if (length < 1) return kNaN;
    const midi::Tick q = tpq(score);
    const std::int64_t beats = (length + q - 1) / q;
    if (beats > kMaxBeats) return kNaN;
    std::vector<std::int32_t> change(std::size_t(beats) + 1, 0);  // +1 where a note starts sounding
    forAll(score, [&](const midi::Note& n) {
        if (n.start < 0) return;
        const std::int64_t first = n.start / q;
        const std::int64_t last = n.duration > 0 ? (n.end() - 1) / q : first;
        if (first >= beats) return;
        change[std::size_t(first)] += 1;
        change[std::size_t(std::min(last + 1, beats))] -= 1;
    });
    std::int64_t empty = 0, sounding = 0;
    for (std::int64_t b = 0; b < beats; ++b) {
        sounding += change[std::size_t(b)];
        if (sounding == 0) ++empty;
    }
    return double(empty) / double(beats);
}

double grooveConsistency(const midi::Score& score) {
    const midi::Tick length = pieceLength(score);
    if (length < 1) return kNaN;
    const std::vector<midi::Tick> starts = barStarts(score, length);
    if (starts.size() < 2) return kNaN;
    const double stepsPerTick = double(kGrooveStepsPerBeat) / tpq(score);
    auto barEnd = [&](std::size_t b) { return b + 1 < starts.size() ? starts[b + 1] : std::max(length, starts[b] + 1); };
    auto steps = [&](std::size_t b) {
        return std::max<std::int64_t>(1, std::llround(double(barEnd(b) - starts[b]) * stepsPerTick));
    };
    std::vector<std::vector<std::int64_t>> onsets(starts.size());
    forAll(score, [&](const midi::Note& n) {
        if (n.start < 0) return;
        const std::size_t b = std::size_t(std::upper_bound(starts.begin(), starts.end(), n.start) - starts.begin()) - 1;
        const std::int64_t pos = std::llround(double(n.start - starts[b]) * stepsPerTick);
        onsets[b].push_back(std::min(pos, steps(b) - 1));
    });
    for (auto& o : onsets) {
        std::sort(o.begin(), o.end());
        o.erase(std::unique(o.begin(), o.end()), o.end());
    }
    double distance = 0, total = 0;
    for (std::size_t b = 0; b + 1 < starts.size(); ++b) {
        std::vector<std::int64_t> differing;
        std::set_symmetric_difference(onsets[b].begin(), onsets[b].end(), onsets[b + 1].begin(), onsets[b + 1].end(),
                                      std::back_inserter(differing));
        distance += double(differing.size());
        total += double(std::max(steps(b), steps(b + 1)));
    }
    return 1.0 - distance / total;
}

double meanDuration(const midi::Score& score) {
    double sum = 0, count = 0;
    forPitched(score, [&](const midi::Note& n) {
        sum += double(n.duration);
        count += 1;
    });
    return count < 1 ? kNaN : sum / count / tpq(score);
}

double meanVelocity(const midi::Score& score) {
    double sum = 0, count = 0;
    forPitched(score, [&](const midi::Note& n) {
        sum += n.velocity;
        count += 1;
    });
    return count < 1 ? kNaN : sum / count;
}

StatisticValues computeStatistics(const midi::Score& score) {
    return {pitchRange(score),   pitchClassesUsed(score), pitchEntropy(score),   pitchClassEntropy(score),
            polyphony(score),    scaleConsistency(score), noteDensity(score),    emptyBeatRate(score),
            grooveConsistency(score), meanDuration(score), meanVelocity(score)};
}

}  // namespace mozart::eval
