#include "eval/StatisticDistribution.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mozart::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kFloorShare = 0.02;
constexpr int kGridPoints = 2048;

std::vector<double> finite(const std::vector<double>& values) {
    std::vector<double> out;
    out.reserve(values.size());
    for (double v : values)
        if (std::isfinite(v)) out.push_back(v);
    return out;
}

// Linear interpolation between order statistics (numpy's default percentile).
double quantile(const std::vector<double>& sorted, double q) {
    const double at = q * double(sorted.size() - 1);
    const std::size_t i = std::size_t(std::floor(at));
    const std::size_t j = std::min(i + 1, sorted.size() - 1);
    return sorted[i] + (sorted[j] - sorted[i]) * (at - double(i));
}

double density(const std::vector<double>& values, double h, double x) {
    const double norm = 1.0 / (double(values.size()) * h * std::sqrt(2.0 * M_PI));
    double sum = 0;
    for (double v : values) {
        const double z = (x - v) / h;
        sum += std::exp(-0.5 * z * z);
    }
    return sum * norm;
}

}  // namespace

DistributionSummary summarize(const std::vector<double>& values) {
    const std::vector<double> v = finite(values);
    DistributionSummary s;
    s.count = v.size();
    if (v.empty()) {
        s.mean = s.sd = s.min = s.max = kNaN;
        return s;
    }
    double sum = 0;
    for (double x : v) sum += x;
    s.mean = sum / double(v.size());
    double squares = 0;
    for (double x : v) squares += (x - s.mean) * (x - s.mean);
    s.sd = std::sqrt(squares / double(v.size()));
    s.min = *std::min_element(v.begin(), v.end());
    s.max = *std::max_element(v.begin(), v.end());
    return s;
}

std::vector<double> histogram(const std::vector<double>& values, double low, double high, std::size_t bins) {
    std::vector<double> counts(std::max<std::size_t>(1, bins), 0.0);
    const std::vector<double> v = finite(values);
    if (v.empty()) return counts;
    const double width = high > low ? (high - low) / double(counts.size()) : 1.0;
    for (double x : v) {
        const double at = std::floor((x - low) / width);
        const std::size_t bin = at < 0 ? 0 : std::min(counts.size() - 1, std::size_t(at));
        counts[bin] += 1;
    }
    for (double& c : counts) c /= double(v.size());
    return counts;
}

double kernelBandwidth(const std::vector<double>& values, double floor) {
    std::vector<double> v = finite(values);
    if (v.size() < 2) return floor;
    std::sort(v.begin(), v.end());
    const double sd = summarize(v).sd * std::sqrt(double(v.size()) / double(v.size() - 1));  // sample sd
    const double iqr = quantile(v, 0.75) - quantile(v, 0.25);
    double spread = sd;
    if (iqr > 0) spread = std::min(sd, iqr / 1.34);
    const double h = 0.9 * spread * std::pow(double(v.size()), -0.2);
    return std::max(h, floor);
}

double kernelDensity(const std::vector<double>& values, double range, double x) {
    const std::vector<double> v = finite(values);
    if (v.empty()) return 0;
    return density(v, kernelBandwidth(v, kFloorShare * std::abs(range)), x);
}

double overlappingArea(const std::vector<double>& a, const std::vector<double>& b, double range) {
    const std::vector<double> va = finite(a), vb = finite(b);
    if (va.empty() || vb.empty()) return kNaN;
    const double floor = kFloorShare * (range > 0 ? range : 1.0);
    const double ha = kernelBandwidth(va, floor), hb = kernelBandwidth(vb, floor);
    const double lo = std::min(*std::min_element(va.begin(), va.end()) - 5 * ha,
                               *std::min_element(vb.begin(), vb.end()) - 5 * hb);
    const double hi = std::max(*std::max_element(va.begin(), va.end()) + 5 * ha,
                               *std::max_element(vb.begin(), vb.end()) + 5 * hb);
    const double dx = (hi - lo) / (kGridPoints - 1);
    double area = 0;
    double previous = 0;
    for (int i = 0; i < kGridPoints; ++i) {
        const double x = lo + dx * i;
        const double m = std::min(density(va, ha, x), density(vb, hb, x));
        if (i > 0) area += 0.5 * (m + previous) * dx;
        previous = m;
    }
    return std::clamp(area, 0.0, 1.0);
}

}  // namespace mozart::eval
