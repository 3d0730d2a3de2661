// Distributions of a statistic over sets of pieces (core/eval/StatisticDistribution.h): summary,
// histograms, kernel bandwidth and the overlapping area of two kernel density estimates.
#include <QtTest/QtTest>

#include <cmath>
#include <limits>

#include "eval/StatisticDistribution.h"

using namespace mozart::eval;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
double normalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
}  // namespace

class TestEvalDistribution : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void summaryLeavesOutNaN() {
        const DistributionSummary s = summarize({1, 2, 3, kNaN, 6});
        QCOMPARE(s.count, std::size_t(4));
        QCOMPARE(s.mean, 3.0);
        QCOMPARE(s.sd, std::sqrt((4 + 1 + 0 + 9) / 4.0));
        QCOMPARE(s.min, 1.0);
        QCOMPARE(s.max, 6.0);
        QVERIFY(std::isnan(summarize({kNaN}).mean));
    }

    void histogramIsNormalisedWithEndBins() {
        const auto h = histogram({-5, 0, 0.1, 0.55, 0.99, 1, 7, kNaN}, 0, 1, 10);
        QCOMPARE(h.size(), std::size_t(10));
        double sum = 0;
        for (double v : h) sum += v;
        QVERIFY(std::abs(sum - 1) < 1e-12);
        QCOMPARE(h[0], 2.0 / 7);  // -5 and 0
        QCOMPARE(h[1], 1.0 / 7);  // 0.1
        QCOMPARE(h[5], 1.0 / 7);  // 0.55
        QCOMPARE(h[9], 3.0 / 7);  // 0.99, 1 and 7
        for (double v : histogram({}, 0, 1, 4)) QCOMPARE(v, 0.0);
    }

    void bandwidthFollowsSilvermanWithAFloor() {
        // Sample sd of {0, 1, 2, 3, 4} is sqrt(2.5); IQR 2 / 1.34 = 1.4925 is smaller.
        const double h = kernelBandwidth({0, 1, 2, 3, 4}, 0.01);
        QVERIFY(std::abs(h - 0.9 * (2.0 / 1.34) * std::pow(5.0, -0.2)) < 1e-12);
        QCOMPARE(kernelBandwidth({1, 1, 1}, 0.25), 0.25);
        QCOMPARE(kernelBandwidth({1}, 0.25), 0.25);
    }

    void overlapOfIdenticalSetsIsOne() {
        const std::vector<double> a = {0.2, 0.4, 0.45, 0.5, 0.8};
        QVERIFY(std::abs(overlappingArea(a, a, 1) - 1) < 1e-3);
    }

    void overlapOfDistantSetsIsZero() {
        QVERIFY(overlappingArea({0.1, 0.12, 0.15}, {0.9, 0.92, 0.95}, 1) < 1e-6);
    }

    // Two single values d apart: two normals with the floor bandwidth h = 0.02 * range, whose
    // overlap is 2 Phi(-d / 2h).
    void overlapOfTwoPointsHasTheNormalFormula() {
        const double oa = overlappingArea({0.5}, {0.54}, 1.0);
        QVERIFY2(std::abs(oa - 2 * normalCdf(-1.0)) < 1e-4, qPrintable(QString::number(oa)));
        QCOMPARE(overlappingArea({0.5}, {0.54}, 1.0), overlappingArea({0.54}, {0.5}, 1.0));
    }

    void overlapNeedsValuesOnBothSides() {
        QVERIFY(std::isnan(overlappingArea({}, {1, 2}, 1)));
        QVERIFY(std::isnan(overlappingArea({kNaN}, {1, 2}, 1)));
        QVERIFY(std::abs(overlappingArea({1, kNaN, 2}, {1, 2}, 1) - 1) < 1e-3);
    }

    void densityIntegratesToOne() {
        const std::vector<double> v = {1, 2, 2.5, 4};
        double area = 0;
        for (double x = -5; x < 10; x += 0.001) area += kernelDensity(v, 4, x) * 0.001;
        QVERIFY(std::abs(area - 1) < 1e-3);
    }
};

QTEST_APPLESS_MAIN(TestEvalDistribution)
#include "tst_evaldistribution.moc"
