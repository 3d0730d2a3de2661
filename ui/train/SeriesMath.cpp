#include "train/SeriesMath.h"

#include <algorithm>
#include <cmath>

namespace mozart::ui {

std::vector<double> debiasedEma(const std::vector<double>& values, double weight) {
    std::vector<double> out(values.size());
    double last = 0, debias = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (!std::isfinite(v) || weight <= 0) {
            out[i] = v;
            continue;
        }
        last = last * weight + (1 - weight) * v;
        debias = debias * weight + (1 - weight);  // = 1 - weight^n
        out[i] = last / debias;
    }
    return out;
}

std::vector<XY> minMaxEnvelope(const std::vector<XY>& points, double x0, double x1, std::size_t buckets) {
    auto byX = [](const XY& p, double x) { return p.x < x; };
    auto first = std::lower_bound(points.begin(), points.end(), x0, byX);
    auto last = std::upper_bound(points.begin(), points.end(), x1, [](double x, const XY& p) { return x < p.x; });
    if (first != points.begin()) --first;
    if (last != points.end()) ++last;
    const std::size_t n = std::size_t(last - first);
    if (buckets == 0 || n <= 2 * buckets || !(x1 > x0)) return {first, last};
    std::vector<XY> out;
    out.reserve(4 * buckets + 2);
    const double width = (x1 - x0) / double(buckets);
    auto it = first;
    while (it != last) {
        const double bucket = std::floor((it->x - x0) / width);
        auto end = it;
        const XY* lo = &*it;
        const XY* hi = &*it;
        while (end != last && std::floor((end->x - x0) / width) == bucket) {
            if (end->y < lo->y) lo = &*end;
            if (end->y > hi->y) hi = &*end;
            ++end;
        }
        const XY* pick[4] = {&*it, lo < hi ? lo : hi, lo < hi ? hi : lo, &*(end - 1)};
        for (const XY* p : pick)
            if (out.empty() || !(out.back() == *p)) out.push_back(*p);
        it = end;
    }
    return out;
}

}  // namespace mozart::ui
