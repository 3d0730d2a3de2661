// Python / numpy numeric behaviours MidiTok's values depend on. Expected values were printed by
// CPython 3.11 and numpy 1.24.2 (the reference versions).
#include <QtTest>

#include "remi/PythonNumerics.h"

using namespace mozart::remi;

class TstPythonNumerics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void floatReprMatchesPython() {
        QCOMPARE(python::floatRepr(40.0), std::string("40.0"));
        QCOMPARE(python::floatRepr(121.29), std::string("121.29"));
        QCOMPARE(python::floatRepr(0.5), std::string("0.5"));
        QCOMPARE(python::floatRepr(1e16), std::string("1e+16"));
        QCOMPARE(python::floatRepr(1.5e-5), std::string("1.5e-05"));
        QCOMPARE(python::floatRepr(0.0001), std::string("0.0001"));
        QCOMPARE(python::floatRepr(123456789012345.6), std::string("123456789012345.6"));
        QCOMPARE(python::floatRepr(-2.5), std::string("-2.5"));
        QCOMPARE(python::floatRepr(0.1 + 0.2), std::string("0.30000000000000004"));
    }
    void setOrderMatchesCPython() {
        using V = std::vector<std::int64_t>;
        QCOMPARE(python::setIterationOrder({120, 0, 1}), (V{120, 0, 1}));
        QCOMPARE(python::setIterationOrder({5, 3, -1, 64, 8, 16, 0}), (V{64, 0, 3, 5, 8, 16, -1}));
        QCOMPARE(python::setIterationOrder({127, 126, -1, 0, 63, 255, 1000}), (V{0, 255, 1000, 126, 127, -1, 63}));
        QCOMPARE(python::setIterationOrder({9, 17, 25, 1, 33, 41, 49, 57, 65, 73, 81, 89, 97}),
                 (V{89, 1, 33, 65, 97, 9, 41, 73, 17, 49, 81, 25, 57}));
        V all;
        for (int p = -1; p < 128; ++p) all.push_back(p);
        V expected;
        for (int p = 0; p < 128; ++p) expected.push_back(p);
        expected.push_back(-1);
        QCOMPARE(python::setIterationOrder(all), expected);
        QCOMPARE(python::setIterationOrder({3, 3, 1, 3}), (V{1, 3}));
    }
    void numpyRanges() {
        const auto bends = python::linspaceInt(-8192, 8191, 32);
        const std::vector<std::int32_t> expectedBends{
            -8192, -7664, -7136, -6607, -6079, -5550, -5022, -4493, -3965, -3436, -2908,
            -2379, -1851, -1322, -794,  -265,  263,   792,   1320,  1849,  2377,  2906,
            3434,  3963,  4491,  5020,  5548,  6077,  6605,  7134,  7662,  8191};
        QCOMPARE(bends, expectedBends);
        const char* geom[] = {"40.0", "42.44", "45.02", "47.76", "50.67", "53.76", "57.03", "60.5",
                              "64.19", "68.1", "72.24", "76.64", "81.31", "86.26", "91.51", "97.09",
                              "103.0", "109.27", "115.93", "122.99", "130.48", "138.42", "146.85", "155.79",
                              "165.28", "175.35", "186.03", "197.35", "209.37", "222.12", "235.65", "250.0"};
        const auto g = python::geomspace(40, 250, 32);
        QCOMPARE(g.size(), std::size_t(32));
        for (std::size_t i = 0; i < g.size(); ++i)
            QCOMPARE(python::floatRepr(python::roundDecimals(g[i], 2)), std::string(geom[i]));
    }
    void rounding() {
        QCOMPARE(python::roundHalfEven(2.5), 2.0);
        QCOMPARE(python::roundHalfEven(3.5), 4.0);
        QCOMPARE(python::roundHalfEven(-0.5), -0.0);
        QCOMPARE(python::pythonRound(121.28975, 2), 121.29);
        QCOMPARE(python::pythonRound(2.675, 2), 2.67);  // 2.675 is below the tie in binary
        QCOMPARE(python::roundDecimals(46.774193548387096, 2), 46.77);
    }
};

QTEST_APPLESS_MAIN(TstPythonNumerics)
#include "tst_pythonnumerics.moc"
