// StatisticDistribution: the values one statistic takes over a set of pieces (a composer's part
// of the corpus, the generated pieces), summarised, binned for plots, and compared.
//
// The overlapping area of two distributions is computed on Gaussian kernel density estimates
// (as Yang & Lerch, "On the evaluation of generative models in music", 2020, do), never on the
// histograms, everywhere in this module: OA = integral of min(f, g), from 0 (disjoint) to 1
// (identical). Each set's bandwidth is Silverman's rule, 0.9 min(sd, IQR / 1.34) n^(-1/5), but at
// least 2% of the statistic's plotting range (so a set whose values are all equal, such as scale
// consistencies of 1.0, is a narrow bump rather than a spike). The integral is a trapezoid sum
// over 2048 points spanning both estimates. Histograms (fixed bins over the statistic's plotting
// range, values outside it in the end bins, normalised to sum 1) are only for drawing.
// NaN values (a statistic undefined for a piece) are left out of every figure.
#pragma once

#include <cstddef>
#include <vector>

namespace mozart::eval {

struct DistributionSummary {
    std::size_t count = 0;  // finite values
    double mean = 0, sd = 0, min = 0, max = 0;  // NaN when count == 0 (sd: population, 0 for one value)
};
DistributionSummary summarize(const std::vector<double>& values);

// `bins` shares summing to 1 (all zero without a finite value).
std::vector<double> histogram(const std::vector<double>& values, double low, double high, std::size_t bins);

// Silverman's bandwidth of the finite values, at least `floor` (> 0).
double kernelBandwidth(const std::vector<double>& values, double floor);

// The overlapping area of the two sets' kernel density estimates; `range` is the statistic's
// plotting range (high - low), for the bandwidth floor. NaN when either set has no finite value.
double overlappingArea(const std::vector<double>& a, const std::vector<double>& b, double range);

// The estimated density at x (for plots), with the bandwidth kernelBandwidth(values, 0.02 * range).
double kernelDensity(const std::vector<double>& values, double range, double x);

}  // namespace mozart::eval
