#include "data/FillInTheMiddle.h"

#include <algorithm>

namespace mozart::data {

namespace {

// The longest gap drawn for training, in bars: the studio's selections are a few bars, and
// shorter gaps leave more of the row as context on both sides.
constexpr std::size_t kMaxGapBars = 8;

std::uint64_t splitMix(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

}  // namespace

const std::vector<std::string>& infillingTokenNames() {
    static const std::vector<std::string> names{"FIM_Prefix", "FIM_Suffix", "FIM_Middle"};
    return names;
}

InfillingTokens infillingTokensAfter(std::int64_t base) { return {base, base + 1, base + 2}; }

bool rearrangeForInfilling(std::int64_t* row, std::size_t length, const InfillingConfig& config,
                           std::uint64_t random) {
    std::size_t n = 0;
    while (n < length && row[n] != config.padId) ++n;
    std::vector<std::size_t> bounds;
    for (std::size_t i = 0; i < n; ++i)
        if (row[i] == config.barId) bounds.push_back(i);
    if (bounds.size() < 2 || length < 4) return false;
    const std::size_t bars = bounds.size();
    bounds.push_back(n);  // the last bar runs to the end of the content

    // Without padding to make room for the three markers, the oldest ids of the prefix are
    // dropped: the gap must then start at least three ids in, so the middle keeps its end and
    // the model learns where a gap stops.
    const std::size_t excess = n + 3 > length ? n + 3 - length : 0;
    std::size_t earliest = 0;
    while (earliest < bars && bounds[earliest] < excess) ++earliest;
    if (earliest == bars) return false;

    std::uint64_t state = random;
    const std::size_t first = earliest + std::size_t(splitMix(state) % (bars - earliest));
    const std::size_t most = std::min(kMaxGapBars, bars - first);
    const std::size_t count = 1 + std::size_t(splitMix(state) % most);
    const std::size_t from = bounds[first], to = bounds[first + count];

    std::vector<std::int64_t> out;
    out.reserve(n + 3);
    out.push_back(config.tokens.prefix);
    out.insert(out.end(), row, row + from);
    out.push_back(config.tokens.suffix);
    out.insert(out.end(), row + to, row + n);
    out.push_back(config.tokens.middle);
    out.insert(out.end(), row + from, row + to);
    out.erase(out.begin() + 1, out.begin() + 1 + std::ptrdiff_t(excess));
    const std::size_t kept = out.size();
    std::copy(out.begin(), out.end(), row);
    std::fill(row + kept, row + length, config.padId);
    return true;
}

std::vector<std::int32_t> buildInfillingPrompt(const std::vector<std::int32_t>& before,
                                               const std::vector<std::int32_t>& after, const InfillingTokens& t) {
    std::vector<std::int32_t> out;
    out.reserve(before.size() + after.size() + 3);
    out.push_back(std::int32_t(t.prefix));
    out.insert(out.end(), before.begin(), before.end());
    out.push_back(std::int32_t(t.suffix));
    out.insert(out.end(), after.begin(), after.end());
    out.push_back(std::int32_t(t.middle));
    return out;
}

}  // namespace mozart::data
