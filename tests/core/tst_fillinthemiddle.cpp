// The fill-in-the-middle layout: rows rearranged as [P] prefix [S] suffix [M] middle, cut at
// bars, the same cut for the same random value, and the sampler applying it to a share of rows.
#include <QtTest>

#include <algorithm>
#include <numeric>

#include "data/FillInTheMiddle.h"

using namespace mozart::data;

namespace {

constexpr std::int64_t kBar = 4, kPad = 0;

InfillingConfig config() {
    InfillingConfig c;
    c.rate = 1;
    c.barId = kBar;
    c.padId = kPad;
    c.tokens = infillingTokensAfter(100);
    return c;
}

// Bars of three notes: Bar 10 11 12 Bar 20 21 22 ...
std::vector<std::int64_t> bars(int count) {
    std::vector<std::int64_t> row;
    for (int b = 1; b <= count; ++b) {
        row.push_back(kBar);
        for (int i = 0; i < 3; ++i) row.push_back(10 * b + i);
    }
    return row;
}

}  // namespace

class TestFillInTheMiddle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void markersFollowTheVocabulary() {
        const auto t = infillingTokensAfter(564);
        QCOMPARE(t.prefix, 564);
        QCOMPARE(t.suffix, 565);
        QCOMPARE(t.middle, 566);
        QCOMPARE(infillingTokenNames().size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(infillingTokenNames()[2]), QStringLiteral("FIM_Middle"));
    }

    // Every draw: the row is P prefix S suffix M middle, the gap is whole bars, and putting the
    // pieces back together gives the original sequence (minus the 3 ids pushed out at the end).
    void rearrangedRowsReassemble() {
        const auto original = bars(6);  // 24 ids
        const auto c = config();
        int distinctGaps = 0;
        std::vector<std::int64_t> lastMiddle;
        for (std::uint64_t random = 0; random < 200; ++random) {
            auto row = original;
            QVERIFY(rearrangeForInfilling(row.data(), row.size(), c, random));
            QCOMPARE(row.front(), c.tokens.prefix);
            const auto s = std::find(row.begin(), row.end(), c.tokens.suffix);
            const auto m = std::find(row.begin(), row.end(), c.tokens.middle);
            QVERIFY(s != row.end() && m != row.end() && s < m);
            const std::vector<std::int64_t> prefix(row.begin() + 1, s), suffix(s + 1, m), middle(m + 1, row.end());
            QVERIFY(!middle.empty());
            QCOMPARE(middle.front(), kBar);  // the gap is whole bars
            if (!suffix.empty()) QCOMPARE(suffix.front(), kBar);
            // Put back in order, the pieces are the original without its first three ids
            // (dropped from the prefix to make room for the markers).
            std::vector<std::int64_t> joined = prefix;
            joined.insert(joined.end(), middle.begin(), middle.end());
            joined.insert(joined.end(), suffix.begin(), suffix.end());
            QCOMPARE(joined, std::vector<std::int64_t>(original.begin() + 3, original.end()));
            if (middle != lastMiddle) ++distinctGaps;
            lastMiddle = middle;
            auto again = original;
            rearrangeForInfilling(again.data(), again.size(), c, random);
            QCOMPARE(again, row);  // same random value, same cut
        }
        QVERIFY(distinctGaps > 20);
    }

    // Padding after the content is used for the markers first, and stays at the end.
    void paddedRowsKeepEveryId() {
        auto row = bars(3);  // 12 ids
        row.resize(20, kPad);
        QVERIFY(rearrangeForInfilling(row.data(), row.size(), config(), 7));
        QCOMPARE(std::count(row.begin(), row.end(), kPad), 20 - 12 - 3);
        QVERIFY(std::all_of(row.begin() + 15, row.end(), [](std::int64_t id) { return id == kPad; }));
        std::vector<std::int64_t> content(row.begin(), row.begin() + 15);
        for (std::int64_t id : bars(3)) QVERIFY(std::count(content.begin(), content.end(), id) >= 1);
    }

    void fewerThanTwoBarsIsLeftAlone() {
        auto row = bars(1);
        const auto before = row;
        QVERIFY(!rearrangeForInfilling(row.data(), row.size(), config(), 3));
        QCOMPARE(row, before);
    }

    void promptLayout() {
        const auto t = infillingTokensAfter(100);
        const auto p = buildInfillingPrompt({1, 4, 10}, {4, 30}, t);
        QCOMPARE(p, (std::vector<std::int32_t>{100, 1, 4, 10, 101, 4, 30, 102}));
    }
};

QTEST_APPLESS_MAIN(TestFillInTheMiddle)
#include "tst_fillinthemiddle.moc"
