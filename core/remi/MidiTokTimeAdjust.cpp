#include "remi/MidiTokTimeAdjust.h"

#include <algorithm>

#include "remi/PythonNumerics.h"

namespace mozart::remi::miditok {

std::pair<std::size_t, std::size_t> sliceBounds(std::size_t first, std::size_t last, std::size_t size) {
    const std::size_t b = std::min(last, size);
    const std::size_t a = std::min(first, size);
    return {a, std::max(a, b)};
}

std::size_t argmaxAtLeast(const std::vector<Tick>& values, std::size_t first, Tick threshold) {
    for (std::size_t i = first; i < values.size(); ++i)
        if (values[i] >= threshold) return i - first;
    return 0;
}

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

void adjustTimeToTpb(std::vector<Tick>& values, const std::vector<TicksPerBeatSection>& sections,
                     std::optional<int> minDuration) {
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
    if (denominator == 4 || denominator <= 0) return tpq;  // MidiTok cannot have den <= 0 here
    return static_cast<int>(tpq * (4.0 / denominator));
}

Tick ticksPerBar(int numerator, int denominator, int tpq) {
    return static_cast<Tick>(ticksPerBeatFor(denominator, tpq)) * numerator;
}

Tick floorDiv(Tick a, Tick b) {
    if (b == 0) return 0;  // callers never divide by 0; MidiTok would raise
    Tick q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

}  // namespace mozart::remi::miditok
