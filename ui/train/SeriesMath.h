// SeriesMath: what the training plots compute from exact data before drawing, in plain C++:
// TensorBoard's debiased exponential smoothing, and a min/max envelope that keeps a plot of
// 100,000 points readable (and fast) while the data stays exact.
#pragma once

#include <cstddef>
#include <vector>

namespace mozart::ui {

struct XY {
    double x = 0, y = 0;
    bool operator==(const XY& o) const { return x == o.x && y == o.y; }
};

// TensorBoard's smoothing: an exponential moving average debiased by 1 - weight^n, so the first
// points are not pulled toward zero. weight in [0, 1); 0 returns the data. Non-finite values pass
// through unchanged and do not enter the average.
std::vector<double> debiasedEma(const std::vector<double>& values, double weight);

// The points with x in [x0, x1] (x ascending), plus one on each side so lines reach the edges.
// When more than 2 * buckets remain, each of `buckets` equal x ranges is drawn as its first,
// minimum, maximum and last point (in x order, duplicates dropped): every extreme stays visible.
std::vector<XY> minMaxEnvelope(const std::vector<XY>& points, double x0, double x1, std::size_t buckets);

}  // namespace mozart::ui
