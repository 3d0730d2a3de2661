// Tests of the Score value type, its tempo map, symusic's event order and text sanitizing.
#include <QtTest/QtTest>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "midi/Score.h"
#include "midi/SymusicOrder.h"
#include "midi/Utf8Text.h"

using namespace mozart::midi;

namespace {

struct Keyed {
    Tick time;
    int id;
};

std::vector<int> sortedIds(const std::vector<Tick>& times) {
    std::vector<Keyed> v;
    for (std::size_t i = 0; i < times.size(); ++i) v.push_back({times[i], int(i)});
    sortByTimeLikeSymusic(v);
    std::vector<int> ids;
    for (const auto& k : v) ids.push_back(k.id);
    return ids;
}

std::string sanitized(const std::string& bytes) {
    return sanitizeUtf8(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

class TestScore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tempoMapWithoutTemposIs120Qpm();
    void tempoMapFollowsTempoChanges();
    void tempoMapRoundsSecondsToNearestTick();
    void tempoMapSameTickTemposLastWins();
    void tempoMapSurvivesZeroDivisionAndTempo();
    void noteCountAndEndTick();
    void trackEmptyCountsEverything();
    void equalityComparesEveryField();
    void symusicOrderGoldenPermutations();
    void symusicOrderSortsAndSmallRangesAreStable();
    void symusicPreimageRestoresOrder();
    void utf8ValidTextUnchanged();
    void utf8InvalidSequencesReplaced();
};

void TestScore::tempoMapWithoutTemposIs120Qpm() {
    Score s;
    s.ticksPerQuarter = 480;
    TempoMap map(s);
    QCOMPARE(map.seconds(0), 0.0);
    QCOMPARE(map.seconds(480), 0.5);
    QCOMPARE(map.seconds(4800), 5.0);
    QCOMPARE(map.ticks(5.0), Tick(4800));
}

void TestScore::tempoMapFollowsTempoChanges() {
    Score s;
    s.ticksPerQuarter = 100;
    // 120 qpm until tick 200 (1 s), then 60 qpm (1 s per quarter), then 240 qpm from tick 400.
    s.tempos = {{200, 1000000}, {400, 250000}};
    TempoMap map(s);
    QCOMPARE(map.seconds(100), 0.5);
    QCOMPARE(map.seconds(200), 1.0);
    QCOMPARE(map.seconds(300), 2.0);
    QCOMPARE(map.seconds(400), 3.0);
    QCOMPARE(map.seconds(500), 3.25);
    QCOMPARE(map.ticks(2.0), Tick(300));
    QCOMPARE(map.ticks(3.25), Tick(500));
    QCOMPARE(map.ticks(0.25), Tick(50));
    for (Tick t = 0; t < 1000; t += 7) QCOMPARE(map.ticks(map.seconds(t)), t);
}

void TestScore::tempoMapRoundsSecondsToNearestTick() {
    Score s;
    s.ticksPerQuarter = 480;  // 960 ticks per second at 120 qpm
    TempoMap map(s);
    QCOMPARE(map.ticks(1.0 / 960 * 10.4), Tick(10));
    QCOMPARE(map.ticks(1.0 / 960 * 10.6), Tick(11));
}

void TestScore::tempoMapSameTickTemposLastWins() {
    Score s;
    s.ticksPerQuarter = 10;
    s.tempos = {{0, 1000000}, {0, 2000000}};
    TempoMap map(s);
    QCOMPARE(map.seconds(10), 2.0);
}

void TestScore::tempoMapSurvivesZeroDivisionAndTempo() {
    Score s;
    s.ticksPerQuarter = 0;
    s.tempos = {{0, 0}};
    TempoMap map(s);
    QVERIFY(map.seconds(1000) >= 0.0);
    QVERIFY(map.ticks(1.0) >= 0);
}

void TestScore::noteCountAndEndTick() {
    Score s;
    QCOMPARE(s.noteCount(), std::size_t(0));
    QCOMPARE(s.endTick(), Tick(0));
    Track a;
    a.notes = {{0, 100, 60, 80}, {50, 200, 62, 80}};
    Track b;
    b.notes = {{10, 10, 40, 80}};
    b.pedals = {{0, 400}};
    s.tracks = {a, b};
    s.tempos = {{300, 500000}};
    QCOMPARE(s.noteCount(), std::size_t(3));
    QCOMPARE(s.endTick(), Tick(400));
    s.texts = {{900, TextEvent::Kind::Marker, "coda"}};
    QCOMPARE(s.endTick(), Tick(900));
}

void TestScore::trackEmptyCountsEverything() {
    Track t;
    QVERIFY(t.empty());
    t.pedals = {{0, 10}};
    QVERIFY(!t.empty());
    t = Track{};
    t.lyrics = {{0, TextEvent::Kind::Lyric, "la"}};
    QVERIFY(!t.empty());
    t = Track{};
    t.pitchBends = {{0, 100}};
    QVERIFY(!t.empty());
}

void TestScore::equalityComparesEveryField() {
    Score a;
    a.tracks.resize(1);
    a.tracks[0].notes = {{0, 10, 60, 90}};
    Score b = a;
    QVERIFY(a == b);
    b.tracks[0].lyrics = {{0, TextEvent::Kind::Lyric, "x"}};
    QVERIFY(a != b);
    b = a;
    b.tracks[0].channel = 3;
    QVERIFY(a != b);
    b = a;
    b.keySignatures = {{0, 2, true}};
    QVERIFY(a != b);
    b = a;
    b.ticksPerQuarter = 96;
    QVERIFY(a != b);
}

// Expected permutations were produced by symusic's own sort (orlp/pdqsort b1ef26a,
// pdqsort_branchless comparing time) on the same times.
void TestScore::symusicOrderGoldenPermutations() {
    // 30 times in pairs, already sorted: the sort swaps one pair (ids 14 and 15).
    std::vector<Tick> pairs;
    for (int i = 0; i < 30; ++i) pairs.push_back(i / 2 * 10);
    std::vector<int> expected(30);
    std::iota(expected.begin(), expected.end(), 0);
    std::swap(expected[14], expected[15]);
    QCOMPARE(sortedIds(pairs), expected);

    // 200 times in triplets: three runs come out reordered.
    std::vector<Tick> triplets;
    for (int i = 0; i < 200; ++i) triplets.push_back(i / 3);
    std::vector<int> expected3(200);
    std::iota(expected3.begin(), expected3.end(), 0);
    std::swap(expected3[48], expected3[49]);
    expected3[72] = 74;
    expected3[74] = 72;
    expected3[84] = 86;
    expected3[86] = 84;
    std::swap(expected3[99], expected3[100]);
    QCOMPARE(sortedIds(triplets), expected3);

    // Two tempo lists one after the other (format 1, tempos in two tracks).
    std::vector<Tick> twoTracks;
    for (int i = 0; i < 20; ++i) twoTracks.push_back(i * 100);
    for (int i = 0; i < 20; ++i) twoTracks.push_back(i * 100);
    std::vector<int> interleaved;
    for (int i = 0; i < 20; ++i) {
        interleaved.push_back(i);
        interleaved.push_back(i + 20);
    }
    QCOMPARE(sortedIds(twoTracks), interleaved);
}

void TestScore::symusicOrderSortsAndSmallRangesAreStable() {
    std::mt19937 rng(5);
    for (int trial = 0; trial < 300; ++trial) {
        std::vector<Tick> times(rng() % 600);
        for (auto& t : times) t = Tick(rng() % 50);
        const auto ids = sortedIds(times);
        QCOMPARE(ids.size(), times.size());
        std::vector<int> seen(ids);
        std::sort(seen.begin(), seen.end());
        for (std::size_t i = 0; i < seen.size(); ++i) QCOMPARE(seen[i], int(i));
        for (std::size_t i = 1; i < ids.size(); ++i) QVERIFY(times[ids[i - 1]] <= times[ids[i]]);
        if (times.size() < 24) {  // insertion sort: stable
            std::vector<int> stable(times.size());
            std::iota(stable.begin(), stable.end(), 0);
            std::stable_sort(stable.begin(), stable.end(),
                             [&](int a, int b) { return times[a] < times[b]; });
            QCOMPARE(ids, stable);
        }
    }
}

void TestScore::symusicPreimageRestoresOrder() {
    std::mt19937 rng(11);
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<Keyed> sorted(rng() % 400);
        for (std::size_t i = 0; i < sorted.size(); ++i) sorted[i] = {Tick(rng() % 30), int(i)};
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const Keyed& a, const Keyed& b) { return a.time < b.time; });
        const auto order = symusicPreimage(sorted);
        std::vector<Keyed> written;
        for (std::size_t k : order) written.push_back(sorted[k]);
        sortByTimeLikeSymusic(written);
        for (std::size_t i = 0; i < sorted.size(); ++i) QCOMPARE(written[i].id, sorted[i].id);
    }
}

void TestScore::utf8ValidTextUnchanged() {
    QCOMPARE(sanitized("Piano R"), std::string("Piano R"));
    QCOMPARE(sanitized("Für Elise \xE2\x99\xAA \xF0\x9F\x8E\xB9"),
             std::string("Für Elise \xE2\x99\xAA \xF0\x9F\x8E\xB9"));
    QCOMPARE(sanitized(""), std::string());
}

// The same replacements as utf8cpp's replace_invalid, which symusic uses.
void TestScore::utf8InvalidSequencesReplaced() {
    const std::string mark = "\xEF\xBF\xBD";
    QCOMPARE(sanitized("a\xFF" "b"), "a" + mark + "b");                // invalid lead byte
    QCOMPARE(sanitized("\x80\x80"), mark + mark);                       // stray continuations
    QCOMPARE(sanitized("\xC0\x80z"), mark + "z");                       // overlong, one mark
    QCOMPARE(sanitized("\xED\xA0\x80z"), mark + "z");                   // surrogate
    QCOMPARE(sanitized("\xF4\x90\x80\x80z"), mark + "z");               // above U+10FFFF
    QCOMPARE(sanitized("\xC3(x"), mark + "(x");                         // incomplete
    QCOMPARE(sanitized("ab\xE2\x82"), "ab" + mark);                     // cut off at the end
    QCOMPARE(sanitized("caf\xE9 ok"), "caf" + mark + " ok");            // Latin-1 text
}

QTEST_APPLESS_MAIN(TestScore)
#include "tst_score.moc"
