// Tests of the digests the dataset relies on: SHA-256 against FIPS 180-4 examples and sha256sum,
// and the note digest's invariances (what makes "the same notes") and sensitivities.
#include <QtTest/QtTest>

#include <string>

#include "data/NoteDigest.h"
#include "data/Sha256.h"
#include "midi/Score.h"

using namespace mozart;
using namespace mozart::data;

namespace {

midi::Score twoHands() {
    midi::Score s;
    s.ticksPerQuarter = 480;
    s.tempos = {{0, 500000}};
    midi::Track right, left;
    right.name = "Right";
    left.name = "Left";
    right.notes = {{0, 480, 72, 80}, {480, 480, 74, 82}, {960, 960, 76, 84}};
    left.notes = {{0, 960, 48, 60}, {960, 960, 43, 62}};
    s.tracks = {right, left};
    return s;
}

}  // namespace

class TestDatasetDigests : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sha256KnownAnswers() {
        QCOMPARE(toHex(Sha256::of("")), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(toHex(Sha256::of("abc")), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(toHex(Sha256::of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
                 std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        // One million 'a', fed in uneven pieces through the incremental path.
        Sha256 h;
        const std::string chunk(997, 'a');
        std::size_t left = 1000000;
        while (left > 0) {
            const std::size_t n = std::min(left, chunk.size());
            h.add(chunk.data(), n);
            left -= n;
        }
        QCOMPARE(toHex(h.finish()), std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
        // Lengths around the padding boundary agree between one call and byte-by-byte.
        for (std::size_t n = 50; n < 140; ++n) {
            const std::string text(n, char('A' + n % 26));
            Sha256 bytewise;
            for (char c : text) bytewise.add(&c, 1);
            QVERIFY(bytewise.finish() == Sha256::of(text));
        }
        QCOMPARE(leadingBits64(Sha256::of("abc")), std::uint64_t(0xba7816bf8f01cfeaull));
    }

    void sameNotesUnderAnotherForm() {
        const midi::Score base = twoHands();
        const Sha256Digest d = noteDigest(base);
        QVERIFY(d != Sha256Digest{});

        midi::Score renamed = base;  // names, programs, channels, order of tracks, velocities, tempo
        renamed.tracks[0].name = "Piano";
        renamed.tracks[0].program = 5;
        renamed.tracks[1].channel = 3;
        std::swap(renamed.tracks[0], renamed.tracks[1]);
        for (auto& n : renamed.tracks[0].notes) n.velocity = 100;
        renamed.tempos = {{0, 400000}, {960, 600000}};
        QVERIFY(noteDigest(renamed) == d);

        midi::Score merged = base;  // one track instead of two, notes in another order
        merged.tracks[0].notes.insert(merged.tracks[0].notes.begin(), base.tracks[1].notes.rbegin(),
                                      base.tracks[1].notes.rend());
        merged.tracks.pop_back();
        QVERIFY(noteDigest(merged) == d);

        midi::Score finer = base;  // twice the resolution, one bar of silence first
        finer.ticksPerQuarter = 960;
        for (auto& t : finer.tracks)
            for (auto& n : t.notes) {
                n.start = n.start * 2 + 4 * 960;
                n.duration *= 2;
            }
        QVERIFY(noteDigest(finer) == d);
    }

    void otherNotesDiffer() {
        const Sha256Digest d = noteDigest(twoHands());
        auto changed = [](auto change) {
            midi::Score s = twoHands();
            change(s);
            return noteDigest(s);
        };
        QVERIFY(changed([](midi::Score& s) { s.tracks[0].notes[1].pitch = 75; }) != d);
        QVERIFY(changed([](midi::Score& s) { s.tracks[0].notes[1].duration = 479; }) != d);
        QVERIFY(changed([](midi::Score& s) { s.tracks[0].notes[2].start = 961; }) != d);
        QVERIFY(changed([](midi::Score& s) { s.tracks[1].isDrum = true; }) != d);
        QVERIFY(changed([](midi::Score& s) { s.tracks[1].notes.pop_back(); }) != d);
        QVERIFY(changed([](midi::Score& s) { s.tracks[1].notes.push_back(s.tracks[1].notes.back()); }) != d);
        // Same ticks read at another resolution is another rhythm.
        QVERIFY(changed([](midi::Score& s) { s.ticksPerQuarter = 240; }) != d);
        // No notes: the zero digest, whatever else the score holds.
        midi::Score empty;
        empty.tempos = {{0, 400000}};
        QVERIFY(noteDigest(empty) == Sha256Digest{});
    }
};

QTEST_APPLESS_MAIN(TestDatasetDigests)
#include "tst_datasetdigests.moc"
