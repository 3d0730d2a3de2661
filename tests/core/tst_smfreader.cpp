// Tests of SmfReader: symusic's reading rules on hand-made files, every kind of damaged input (one
// diagnostic each, with file, byte offset and problem), and the whole corpus against digests of
// symusic 0.5.8's own output.
#include <QtTest/QtTest>

#include "../SharedData.h"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <random>

#include "SmfTestBytes.h"
#include "midi/SmfReader.h"

using namespace mozart::midi;
using namespace mozart::midi::test;

namespace {

const std::string kName = "test.mid";

ReadResult read(const Bytes& b) { return SmfReader::parse(b.data(), b.size(), kName); }

Score readOk(const Bytes& b) {
    ReadResult r = read(b);
    if (!r.ok()) qFatal("unexpected rejection: %s", r.error->toString().c_str());
    for (const auto& w : r.warnings) qWarning("warning: %s", w.toString().c_str());
    if (!r.warnings.empty()) qFatal("unexpected warning");
    return *r.score;
}

// One track chunk as a file.
Bytes single(const TrackBytes& t, int format = 1) { return smf(format, 96, {t}); }

TrackBytes oneNote() {
    TrackBytes t;
    t.ev(0, {0x90, 60, 100}).ev(10, {0x80, 60, 0}).endOfTrack();
    return t;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The file is rejected with exactly one error.
void expectRejected(const ReadResult& r, std::size_t offset, const std::string& part) {
    QVERIFY(!r.ok());
    QVERIFY(r.error.has_value());
    QVERIFY2(r.warnings.empty(), r.warnings.empty() ? "" : r.warnings[0].message.c_str());
    QCOMPARE(r.error->file, kName);
    QCOMPARE(r.error->offset, offset);
    QVERIFY2(contains(r.error->message, part), r.error->message.c_str());
}

// The file is read with exactly one warning.
void expectRecovered(const ReadResult& r, std::size_t offset, const std::string& part) {
    QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
    QVERIFY(!r.error.has_value());
    QCOMPARE(r.warnings.size(), std::size_t(1));
    QCOMPARE(r.warnings[0].file, kName);
    QCOMPARE(r.warnings[0].offset, offset);
    QVERIFY2(contains(r.warnings[0].message, part), r.warnings[0].message.c_str());
}

Note note(Tick start, Tick duration, int pitch, int velocity) {
    return Note{start, duration, std::uint8_t(pitch), std::uint8_t(velocity)};
}

// Offset of the first event byte of the first track in smf(..) files: 14 + 8.
constexpr std::size_t kFirstEvent = 22;

// The dump symusic's Score was digested from (/tmp oracle built from symusic 0.5.8 sources):
// one line per item, in symusic's field order, FNV-1a 64 over the text.
std::uint64_t corpusDigest(const Score& s) {
    std::string text;
    char line[160];
    auto add = [&](const char* fmt, auto... args) {
        std::snprintf(line, sizeof line, fmt, args...);
        text += line;
    };
    add("tpq %d\n", s.ticksPerQuarter);
    for (auto& t : s.tempos) add("tempo %lld %d\n", (long long)t.time, t.microsPerQuarter);
    for (auto& t : s.timeSignatures)
        add("ts %lld %d %d\n", (long long)t.time, t.numerator, t.denominator);
    for (auto& k : s.keySignatures) add("ks %lld %d %d\n", (long long)k.time, k.sharps, int(k.minor));
    for (auto& m : s.texts)
        if (m.kind == TextEvent::Kind::Marker) text += "marker " + std::to_string(m.time) + " " + m.text + "\n";
    for (auto& tr : s.tracks) {
        text += "track name=" + tr.name;
        add(" program=%d drum=%d notes=%zu controls=%zu pedals=%zu bends=%zu lyrics=%zu\n",
            tr.program, int(tr.isDrum), tr.notes.size(), tr.controls.size(), tr.pedals.size(),
            tr.pitchBends.size(), tr.lyrics.size());
        for (auto& n : tr.notes)
            add("n %lld %lld %d %d\n", (long long)n.start, (long long)n.duration, n.pitch, n.velocity);
        for (auto& c : tr.controls) add("c %lld %d %d\n", (long long)c.time, c.controller, c.value);
        for (auto& p : tr.pedals) add("p %lld %lld\n", (long long)p.start, (long long)p.duration);
        for (auto& b : tr.pitchBends) add("b %lld %d\n", (long long)b.time, b.value);
        for (auto& l : tr.lyrics) text += "l " + std::to_string(l.time) + " " + l.text + "\n";
    }
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

}  // namespace

class TestSmfReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Reading rules (each expectation checked against symusic 0.5.8 on the same bytes).
    void format0SplitsPerChannelInChannelOrder();
    void format1TracksNamesAndDrums();
    void format2TracksAreIndependent();
    void runningStatusAndNoteOnVelocityZero();
    void overlappingSamePitchNotesPairFirstInFirstOut();
    void openNotesDroppedZeroLengthKept();
    void programChangesSplitTracks();
    void pedalsFromSustainLikeSymusic();
    void pitchBendValues();
    void timeSignatureDenominators();
    void keySignatures();
    void equalTimeTemposInSymusicOrder();
    void lyricsGoToChannel16Track();
    void markersAndTexts();
    void trackNameLastOneWinsAndIsSanitized();
    void sysExSkippedAndReplacesRunningStatus();
    void f7EscapeReadLikeSymusic();
    void systemMessagesLikeSymusic();
    void unknownChunksSkipped();
    void rmidWrappedFile();

    // Damaged input: one diagnostic each.
    void emptyFileRejected();
    void nonMidiFileRejected();
    void cutOffHeaderRejected();
    void shortHeaderChunkRejected();
    void longHeaderChunkSkipped();
    void unknownFormatRejected();
    void smpteDivisionRejected();
    void zeroDivisionRejected();
    void zeroTracksGiveEmptyScore();
    void hugeTrackCountReadsWhatIsThere();
    void extraTrackChunksIgnored();
    void trackChunkLongerThanFile();
    void eventCutOffAtEndOfTrack();
    void runningStatusWithoutStatus();
    void overlongVariableLengthQuantity();
    void strayBytesAfterLastChunk();
    void unknownChunkRunningPastEnd();
    void dataBytesAbove127Rejected();
    void noteOnVelocityAbove127ReadLikeSymusic();
    void pitchBendLsbAbove127AcceptedLikeSymusic();
    void tickBeyond32BitsRejected();
    void shortMetaEventsIgnored();
    void riffThatIsNotMidiRejected();
    void unreadableFilesRejected();
    void diagnosticNamesFileAndOffset();
    void randomDamageNeverCrashes();

    // The corpus.
    void corpusEqualsSymusic();
};

void TestSmfReader::format0SplitsPerChannelInChannelOrder() {
    TrackBytes t;
    t.ev(0, {0x99, 36, 100}).ev(0, {0x92, 60, 100}).ev(0, {0x90, 61, 100}).ev(0, {0xC2, 1});
    t.ev(0, {0x92, 62, 100}).ev(10, {0x89, 36, 0}).ev(0, {0x82, 60, 0}).ev(0, {0x80, 61, 0});
    t.ev(0, {0x82, 62, 0}).endOfTrack();
    const Score s = readOk(single(t, 0));
    QCOMPARE(s.tracks.size(), std::size_t(4));
    const int channels[] = {0, 2, 2, 9};
    const int programs[] = {0, 0, 1, 0};
    const int pitches[] = {61, 60, 62, 36};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(s.tracks[i].channel, channels[i]);
        QCOMPARE(s.tracks[i].program, programs[i]);
        QCOMPARE(s.tracks[i].isDrum, i == 3);
        QCOMPARE(s.tracks[i].notes, std::vector<Note>{note(0, 10, pitches[i], 100)});
    }
}

void TestSmfReader::format1TracksNamesAndDrums() {
    TrackBytes conductor, piano, drums;
    conductor.text(0, 0x03, "Tempo").meta(0, 0x51, {0x07, 0xA1, 0x20}).endOfTrack();
    piano.text(0, 0x03, "Piano").ev(0, {0xC0, 0}).ev(0, {0x90, 60, 90}).ev(0, {0x90, 64, 80});
    piano.ev(96, {0x80, 60, 0}).ev(0, {0x80, 64, 0}).endOfTrack();
    drums.text(0, 0x03, "Kit").ev(0, {0x99, 42, 70}).ev(0, {0x89, 42, 0}).endOfTrack();
    const Score s = readOk(smf(1, 480, {conductor, piano, drums}));
    QCOMPARE(s.ticksPerQuarter, 480);
    QCOMPARE(s.tempos, (std::vector<Tempo>{{0, 500000}}));
    QCOMPARE(s.tracks.size(), std::size_t(2));  // the conductor track holds no notes
    QCOMPARE(s.tracks[0].name, std::string("Piano"));
    QCOMPARE(s.tracks[0].notes, (std::vector<Note>{note(0, 96, 60, 90), note(0, 96, 64, 80)}));
    QCOMPARE(s.tracks[1].name, std::string("Kit"));
    QVERIFY(s.tracks[1].isDrum);
    QCOMPARE(s.tracks[1].notes, std::vector<Note>{note(0, 0, 42, 70)});
}

void TestSmfReader::format2TracksAreIndependent() {
    TrackBytes a, b;
    a.meta(0, 0x51, {7, 0, 0}).ev(0, {0x90, 60, 100}).ev(10, {0x80, 60, 0}).endOfTrack();
    b.meta(0, 0x51, {6, 0, 0}).ev(5, {0x90, 62, 100}).ev(10, {0x80, 62, 0}).endOfTrack();
    const Score s = readOk(smf(2, 96, {a, b}));
    QCOMPARE(s.tempos, (std::vector<Tempo>{{0, 458752}, {0, 393216}}));
    QCOMPARE(s.tracks.size(), std::size_t(2));
    QCOMPARE(s.tracks[1].notes, std::vector<Note>{note(5, 10, 62, 100)});
}

void TestSmfReader::runningStatusAndNoteOnVelocityZero() {
    TrackBytes t;
    t.ev(0, {0x90, 60, 100}).ev(0, {64, 90}).ev(48, {60, 0}).ev(0, {64, 0}).ev(0, {67, 80});
    t.ev(24, {0x80, 67, 64}).endOfTrack();
    const Score s = readOk(single(t));
    QCOMPARE(s.tracks.size(), std::size_t(1));
    QCOMPARE(s.tracks[0].notes, (std::vector<Note>{note(0, 48, 60, 100), note(0, 48, 64, 90),
                                                   note(48, 24, 67, 80)}));
}

void TestSmfReader::overlappingSamePitchNotesPairFirstInFirstOut() {
    TrackBytes t;
    t.ev(0, {0x90, 60, 100}).ev(5, {0x90, 60, 90}).ev(5, {0x80, 60, 0}).ev(0, {0x90, 60, 80});
    t.ev(0, {0x80, 60, 0}).ev(0, {0x90, 60, 70}).ev(10, {0x90, 60, 0}).ev(0, {0x80, 60, 0});
    t.ev(0, {0x80, 60, 0}).ev(0, {0x80, 60, 0}).endOfTrack();  // surplus offs are ignored
    const Score s = readOk(single(t));
    QCOMPARE(s.tracks[0].notes, (std::vector<Note>{note(0, 10, 60, 100), note(5, 5, 60, 90),
                                                   note(10, 10, 60, 80), note(10, 10, 60, 70)}));
}

void TestSmfReader::openNotesDroppedZeroLengthKept() {
    TrackBytes a, b;
    a.ev(0, {0x90, 60, 100}).ev(10, {0x91, 61, 100}).ev(0, {0x81, 61, 0}).endOfTrack();
    b.ev(0, {0xB4, 1, 2}).endOfTrack();  // controls only: no track
    const Score s = readOk(smf(1, 96, {a, b}));
    QCOMPARE(s.tracks.size(), std::size_t(2));
    QCOMPARE(s.tracks[0].channel, 0);  // its only note never closed: kept, empty
    QVERIFY(s.tracks[0].notes.empty());
    QCOMPARE(s.tracks[1].notes, std::vector<Note>{note(10, 0, 61, 100)});
}

void TestSmfReader::programChangesSplitTracks() {
    TrackBytes a, b;
    a.ev(0, {0xB0, 7, 100}).ev(0, {0xE0, 0, 0x50}).ev(10, {0xC0, 5}).ev(0, {0x90, 60, 90});
    a.ev(10, {0xC0, 7}).ev(0, {0x90, 60, 80}).ev(0, {0xB0, 10, 3}).ev(10, {0x80, 60, 0});
    a.ev(10, {0xC0, 5}).ev(0, {0xB0, 11, 4}).ev(0, {0x80, 60, 0}).ev(0, {0xC0, 9});
    a.ev(0, {0xB0, 12, 5}).endOfTrack();
    b.ev(0, {0xC1, 40}).ev(0, {0x91, 70, 60}).ev(5, {0x81, 70, 0}).endOfTrack();
    const Score s = readOk(smf(1, 96, {a, b}));
    QCOMPARE(s.tracks.size(), std::size_t(3));
    // Controls before the first note went to the track created by it.
    QCOMPARE(s.tracks[0].program, 5);
    QCOMPARE(s.tracks[0].notes, std::vector<Note>{note(10, 20, 60, 90)});
    QCOMPARE(s.tracks[0].controls, (std::vector<ControlChange>{{0, 7, 100}, {40, 11, 4}}));
    QCOMPARE(s.tracks[0].pitchBends, (std::vector<PitchBend>{{0, 2048}}));
    QCOMPARE(s.tracks[1].program, 7);
    QCOMPARE(s.tracks[1].notes, std::vector<Note>{note(20, 20, 60, 80)});
    QCOMPARE(s.tracks[1].controls, (std::vector<ControlChange>{{20, 10, 3}}));
    QCOMPARE(s.tracks[2].program, 40);  // programs start at 0 in every MIDI track
}

void TestSmfReader::pedalsFromSustainLikeSymusic() {
    TrackBytes t;
    t.ev(0, {0x90, 60, 100}).ev(0, {0x93, 62, 100});
    for (int v : {127, 0, 100, 10}) t.ev(100, {0xB0, 64, std::uint8_t(v)}).ev(0, {0xB3, 64, std::uint8_t(v)});
    t.ev(0, {0x80, 60, 0}).ev(0, {0x83, 62, 0}).endOfTrack();
    const Score s = readOk(single(t));
    QCOMPARE(s.tracks.size(), std::size_t(2));
    QCOMPARE(s.tracks[0].pedals, (std::vector<Pedal>{{100, 100}, {300, 100}}));
    // symusic starts channels 2-16 as "pedal down since tick 0": the first press is ignored.
    QCOMPARE(s.tracks[1].pedals, (std::vector<Pedal>{{0, 200}, {300, 100}}));
    QCOMPARE(s.tracks[1].controls.size(), std::size_t(4));
}

void TestSmfReader::pitchBendValues() {
    TrackBytes t;
    t.ev(0, {0xE0, 0, 0}).ev(0, {0xE0, 127, 127}).ev(0, {0xE0, 0, 64}).ev(0, {0x90, 60, 100});
    t.ev(1, {0x80, 60, 0}).endOfTrack();
    const Score s = readOk(single(t));
    QCOMPARE(s.tracks[0].pitchBends, (std::vector<PitchBend>{{0, -8192}, {0, 8191}, {0, 0}}));
}

void TestSmfReader::timeSignatureDenominators() {
    TrackBytes t;
    // Exponent 3 -> 8; symusic stores 1 << exponent in 8 bits: 8 -> 0, 40 (mod 32 = 8) -> 0.
    t.meta(0, 0x58, {6, 3, 24, 8}).meta(0, 0x58, {5, 8, 24, 8}).meta(0, 0x58, {7, 40, 24, 8});
    t.meta(0, 0x58, {2, 33, 24, 8}).endOfTrack();
    const Score s = readOk(single(t));
    QCOMPARE(s.timeSignatures,
             (std::vector<TimeSignature>{{0, 6, 8}, {0, 5, 0}, {0, 7, 0}, {0, 2, 2}}));
}

void TestSmfReader::keySignatures() {
    TrackBytes t;
    t.meta(0, 0x59, {0xFD, 1}).meta(5, 0x59, {2, 0}).endOfTrack();
    const Score s = readOk(single(t));
    QCOMPARE(s.keySignatures, (std::vector<KeySignature>{{0, -3, true}, {5, 2, false}}));
}

void TestSmfReader::equalTimeTemposInSymusicOrder() {
    TrackBytes t;
    for (int i = 0; i < 30; ++i)
        t.meta(i % 2 ? 0 : 10, 0x51, {0, std::uint8_t(i * 7 % 256), std::uint8_t(i)});
    t.endOfTrack();
    const Score s = readOk(single(t));
    QCOMPARE(s.tempos.size(), std::size_t(30));
    for (int i = 0; i < 30; ++i) {
        // symusic's sort leaves the pair at tick 80 (tempos 14 and 15) exchanged.
        const int from = i == 14 ? 15 : i == 15 ? 14 : i;
        QCOMPARE(s.tempos[i].time, Tick(10 * (i / 2 + 1)));
        QCOMPARE(s.tempos[i].microsPerQuarter, (from * 7 % 256) << 8 | from);
    }
}

void TestSmfReader::lyricsGoToChannel16Track() {
    TrackBytes a, b, c;
    a.text(0, 0x05, "").text(10, 0x05, "la").ev(0, {0xCF, 33}).ev(0, {0x9F, 50, 40});
    a.text(10, 0x05, "li").ev(10, {0x8F, 50, 0}).ev(0, {0xC0, 3}).ev(0, {0x90, 50, 40});
    a.ev(5, {0x80, 50, 0}).endOfTrack();
    b.text(0, 0x05, "").endOfTrack();                       // an empty lyric alone: no track
    c.ev(0, {0xBF, 7, 1}).text(0, 0x05, "").endOfTrack();  // ... but it claims the held control
    const Score s = readOk(smf(1, 96, {a, b, c}));
    QCOMPARE(s.tracks.size(), std::size_t(4));
    QCOMPARE(s.tracks[0].program, 3);
    QCOMPARE(s.tracks[1].channel, 15);
    QCOMPARE(s.tracks[1].program, 0);
    QCOMPARE(s.tracks[1].lyrics, (std::vector<TextEvent>{{10, TextEvent::Kind::Lyric, "la"}}));
    QCOMPARE(s.tracks[2].program, 33);
    QCOMPARE(s.tracks[2].lyrics, (std::vector<TextEvent>{{20, TextEvent::Kind::Lyric, "li"}}));
    QCOMPARE(s.tracks[3].controls, (std::vector<ControlChange>{{0, 7, 1}}));
}

void TestSmfReader::markersAndTexts() {
    TrackBytes t;
    t.text(0, 0x02, "(c) someone").text(5, 0x06, "B").text(0, 0x06, "").text(0, 0x01, "note");
    t.text(0, 0x07, "cue").meta(0, 0x06, {'A'}).endOfTrack();
    const Score s = readOk(single(t));
    using K = TextEvent::Kind;
    QCOMPARE(s.texts, (std::vector<TextEvent>{{0, K::Copyright, "(c) someone"}, {5, K::Marker, "B"},
                                              {5, K::Marker, "A"}, {5, K::Text, "note"},
                                              {5, K::Cue, "cue"}}));
}

void TestSmfReader::trackNameLastOneWinsAndIsSanitized() {
    TrackBytes a, b;
    a.text(0, 0x03, "first").ev(0, {0x90, 60, 100}).ev(1, {0x80, 60, 0});
    a.text(0, 0x03, "bad\xFF\xC3(x\xE2\x82").endOfTrack();
    b.text(0, 0x03, "x").text(0, 0x03, "").ev(0, {0x90, 61, 100}).ev(1, {0x80, 61, 0}).endOfTrack();
    const Score s = readOk(smf(1, 96, {a, b}));
    QCOMPARE(s.tracks[0].name, std::string("bad\xEF\xBF\xBD\xEF\xBF\xBD(x\xEF\xBF\xBD"));
    QCOMPARE(s.tracks[1].name, std::string());
}

void TestSmfReader::sysExSkippedAndReplacesRunningStatus() {
    TrackBytes t;
    t.ev(0, {0x90, 60, 100}).ev(10, {60, 0}).ev(0, {0xF0, 3, 0x43, 0x10, 0xF7});
    t.ev(10, {0x90, 62, 100}).ev(10, {62, 0}).endOfTrack();
    const Score s = readOk(single(t));
    QCOMPARE(s.tracks[0].notes, (std::vector<Note>{note(0, 10, 60, 100), note(20, 10, 62, 100)}));
}

void TestSmfReader::f7EscapeReadLikeSymusic() {
    TrackBytes t;
    // F7 02 43 12: symusic reads F7 alone, then each following byte in turn as a delta time and
    // as a data-less running-status F7, so the next note lands 2 + 0x43 + 0x12 + 3 ticks later.
    t.ev(0, {0x90, 60, 100}).ev(10, {0x80, 60, 0}).ev(5, {0xF7, 2, 0x43, 0x12});
    t.ev(3, {0x90, 64, 100}).ev(7, {0x80, 64, 0}).endOfTrack();
    const Bytes file = single(t);
    const ReadResult r = read(file);
    expectRecovered(r, kFirstEvent + 9, "F7");
    QCOMPARE(r.score->tracks[0].notes, (std::vector<Note>{note(0, 10, 60, 100), note(105, 7, 64, 100)}));
}

void TestSmfReader::systemMessagesLikeSymusic() {
    TrackBytes t;
    // F8 (clock) replaces running status with a one-byte message, so "3C 00" that follows is
    // read as a data-less F8, a delta of 60 and another one: note 60 never ends.
    t.ev(0, {0x90, 60, 100}).ev(0, {0xF8}).ev(1, {60, 0}).ev(0, {0x90, 61, 100});
    t.ev(0, {0xF2, 1, 2}).ev(1, {0x80, 61, 0}).ev(0, {0xF1, 5}).ev(0, {0xF3, 1}).ev(0, {0xF6});
    // Undefined F4 takes 255 bytes with it (minimidi's length table).
    t.ev(0, {0x90, 62, 100}).ev(1, {0xF4}).raw(Bytes(254, 0x90)).ev(0, {0x80, 62, 0});
    t.endOfTrack();
    const Score s = readOk(single(t));
    QCOMPARE(s.tracks[0].notes, (std::vector<Note>{note(61, 1, 61, 100), note(62, 1, 62, 100)}));
}

void TestSmfReader::unknownChunksSkipped() {
    Bytes file = header(1, 1, 96);
    append(file, {'X', 'F', 'I', 'H', 0, 0, 0, 3, 'a', 'b', 'c'});
    append(file, oneNote().chunk());
    const Score s = readOk(file);
    QCOMPARE(s.tracks[0].notes, std::vector<Note>{note(0, 10, 60, 100)});
}

void TestSmfReader::rmidWrappedFile() {
    const Bytes plain = single(oneNote());
    Bytes riff{'R', 'I', 'F', 'F'};
    const std::uint32_t dataSize = std::uint32_t(plain.size());
    const std::uint32_t riffSize = 4 + 8 + 4 + 8 + dataSize;
    auto le32 = [](std::uint32_t v) {
        return Bytes{std::uint8_t(v), std::uint8_t(v >> 8), std::uint8_t(v >> 16), std::uint8_t(v >> 24)};
    };
    append(riff, le32(riffSize));
    append(riff, {'R', 'M', 'I', 'D', 'L', 'I', 'S', 'T'});  // a chunk before 'data' is skipped
    append(riff, le32(3));
    append(riff, {'a', 'b', 'c', 0});  // padded to even
    append(riff, {'d', 'a', 't', 'a'});
    append(riff, le32(dataSize));
    append(riff, plain);
    QCOMPARE(readOk(riff), readOk(plain));
}

void TestSmfReader::emptyFileRejected() {
    const ReadResult r = SmfReader::parse(nullptr, 0, kName);
    expectRejected(r, 0, "empty");
}

void TestSmfReader::nonMidiFileRejected() {
    const Bytes zip{'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 1, 2, 3, 4, 5, 6};
    expectRejected(read(zip), 0, "not a Standard MIDI File: it starts with bytes 50 4B 03 04");
    const std::string text = "hello, this is not music";
    expectRejected(read(Bytes(text.begin(), text.end())), 0, "'hell' instead of 'MThd'");
}

void TestSmfReader::cutOffHeaderRejected() {
    Bytes file = header(1, 1, 96);
    file.resize(11);
    expectRejected(read(file), 0, "cut off");
}

void TestSmfReader::shortHeaderChunkRejected() {
    Bytes file = header(1, 1, 96, 4);
    append(file, oneNote().chunk());
    expectRejected(read(file), 4, "4 bytes long");
}

void TestSmfReader::longHeaderChunkSkipped() {
    Bytes file = header(1, 1, 96, 8);
    append(file, {0xAB, 0xCD});
    append(file, oneNote().chunk());
    const ReadResult r = read(file);
    expectRecovered(r, 4, "extra bytes were skipped");
    QCOMPARE(r.score->noteCount(), std::size_t(1));
}

void TestSmfReader::unknownFormatRejected() {
    Bytes file = header(3, 1, 96);
    append(file, oneNote().chunk());
    expectRejected(read(file), 8, "format 3");
}

void TestSmfReader::smpteDivisionRejected() {
    Bytes file = header(1, 1, 0xE728);  // -25 fps, 40 ticks per frame
    append(file, oneNote().chunk());
    expectRejected(read(file), 12, "SMPTE frames (25 fps, 40 ticks per frame)");
}

void TestSmfReader::zeroDivisionRejected() {
    Bytes file = header(1, 1, 0);
    append(file, oneNote().chunk());
    expectRejected(read(file), 12, "0 ticks per quarter");
}

void TestSmfReader::zeroTracksGiveEmptyScore() {
    Bytes file = header(1, 0, 96);
    append(file, oneNote().chunk());  // not announced: symusic does not read it either
    const ReadResult r = read(file);
    expectRecovered(r, 10, "announces no tracks");
    QVERIFY(r.score->tracks.empty());
    QCOMPARE(r.score->ticksPerQuarter, 96);
}

void TestSmfReader::hugeTrackCountReadsWhatIsThere() {
    Bytes file = header(1, 65535, 96);
    append(file, oneNote().chunk());
    const ReadResult r = read(file);
    expectRecovered(r, 10, "announces 65535 tracks but the file holds 1");
    QCOMPARE(r.score->noteCount(), std::size_t(1));
}

void TestSmfReader::extraTrackChunksIgnored() {
    Bytes file = header(1, 1, 96);
    append(file, oneNote().chunk());
    const std::size_t second = file.size();
    append(file, oneNote().chunk());
    const ReadResult r = read(file);
    expectRecovered(r, second, "extra ones were ignored");
    QCOMPARE(r.score->tracks.size(), std::size_t(1));
}

void TestSmfReader::trackChunkLongerThanFile() {
    TrackBytes t;
    t.ev(0, {0x90, 60, 100}).ev(10, {0x80, 60, 0}).ev(0, {0x90, 62, 100});  // no end, file cut
    Bytes file = header(1, 1, 96);
    append(file, t.chunk(1000));
    const ReadResult r = read(file);
    expectRecovered(r, 14, "claims 1000 bytes but only 12 remain");
    QCOMPARE(r.score->tracks[0].notes, std::vector<Note>{note(0, 10, 60, 100)});
}

void TestSmfReader::eventCutOffAtEndOfTrack() {
    TrackBytes t;
    t.ev(0, {0x90, 60, 100}).ev(10, {0x80, 60, 0}).ev(0, {0x90, 62});  // note-on lacks a byte
    const ReadResult r = read(single(t));
    expectRecovered(r, kFirstEvent + 9, "ends in the middle of an event");
    QCOMPARE(r.score->tracks[0].notes, std::vector<Note>{note(0, 10, 60, 100)});
}

void TestSmfReader::runningStatusWithoutStatus() {
    TrackBytes t;
    t.meta(0, 0x51, {7, 0, 0}).ev(0, {60, 100}).ev(10, {0x80, 60, 0}).endOfTrack();
    const ReadResult r = read(single(t));
    expectRecovered(r, kFirstEvent + 8, "data byte 0x3C where a status byte must be");
    QCOMPARE(r.score->tempos.size(), std::size_t(1));
}

void TestSmfReader::overlongVariableLengthQuantity() {
    TrackBytes t;
    // Delta 81 80 80 80 40: symusic reads four bytes (0x200000) and 40 as running status.
    t.ev(0, {0x90, 60, 100}).raw({0x81, 0x80, 0x80, 0x80, 0x40, 0x00});
    t.ev(0, {0x80, 60, 0}).endOfTrack();
    const ReadResult r = read(single(t));
    expectRecovered(r, kFirstEvent + 4, "runs past 4 bytes");
    QCOMPARE(r.score->tracks[0].notes, std::vector<Note>{note(0, 0x200000, 60, 100)});
}

void TestSmfReader::strayBytesAfterLastChunk() {
    Bytes file = header(1, 2, 96);
    append(file, oneNote().chunk());
    const std::size_t junk = file.size();
    append(file, {1, 2, 3, 4, 5});
    const ReadResult r = read(file);
    expectRecovered(r, junk, "5 stray bytes");
    QCOMPARE(r.score->noteCount(), std::size_t(1));
}

void TestSmfReader::unknownChunkRunningPastEnd() {
    Bytes file = header(1, 2, 96);
    append(file, oneNote().chunk());
    const std::size_t chunk = file.size();
    append(file, {'J', 'U', 'N', 'K', 0, 0, 1, 0, 1, 2});
    const ReadResult r = read(file);
    expectRecovered(r, chunk, "chunk 'JUNK' claims 256 bytes but only 2 remain");
}

void TestSmfReader::dataBytesAbove127Rejected() {
    const struct {
        std::initializer_list<std::uint8_t> event;
        const char* message;
    } cases[] = {
        {{0xB0, 7, 200}, "control change 7 with value 200"},
        {{0xB0, 130, 1}, "control change 130"},
        {{0xC0, 128}, "program change to 128"},
        {{0xE0, 0, 128}, "pitch bend with data byte 0x80"},
        {{0x90, 200, 10}, "note with pitch 200"},
        {{0x80, 200, 0}, "note with pitch 200"},
    };
    for (const auto& c : cases) {
        TrackBytes t;
        t.ev(0, {0x90, 60, 100}).ev(10, c.event).ev(0, {0x80, 60, 0}).endOfTrack();
        expectRejected(read(single(t)), kFirstEvent + 5, c.message);
    }
    // Aftertouch values are not used, by symusic or here.
    TrackBytes t;
    t.ev(0, {0xA0, 60, 200}).ev(0, {0xD0, 200}).ev(0, {0x90, 60, 100}).ev(1, {0x80, 60, 200});
    QCOMPARE(readOk(single(t.endOfTrack())).noteCount(), std::size_t(1));
}

// symusic 0.5.8 keeps a note-on with velocity 204 as int8 -52 (MidiTok: the lowest velocity bin);
// we keep it with velocity 1 (same bin, valid for playback) and warn at the velocity byte.
void TestSmfReader::noteOnVelocityAbove127ReadLikeSymusic() {
    TrackBytes t;
    t.ev(0, {0x90, 60, 204}).ev(0, {62, 129}).ev(10, {0x80, 60, 0}).ev(0, {0x80, 62, 0}).endOfTrack();
    const ReadResult r = read(single(t));
    QVERIFY2(r.ok(), r.error ? r.error->toString().c_str() : "");
    QCOMPARE(r.warnings.size(), std::size_t(2));
    QCOMPARE(r.warnings[0].offset, kFirstEvent + 3);  // delta, status, pitch, then the velocity
    QVERIFY2(contains(r.warnings[0].message, "velocity 204"), r.warnings[0].message.c_str());
    QVERIFY2(contains(r.warnings[0].message, "-52"), r.warnings[0].message.c_str());
    QCOMPARE(r.warnings[1].offset, kFirstEvent + 6);  // running status: delta, pitch, velocity
    QVERIFY2(contains(r.warnings[1].message, "velocity 129"), r.warnings[1].message.c_str());
    const Score& s = *r.score;
    QCOMPARE(s.tracks.size(), std::size_t(1));
    QCOMPARE(s.tracks[0].notes, (std::vector<Note>{note(0, 10, 60, 1), note(0, 10, 62, 1)}));
}

void TestSmfReader::pitchBendLsbAbove127AcceptedLikeSymusic() {
    TrackBytes t;
    // symusic: (LSB | MSB << 7) - 8192; 200 | 0 = 200, 0x85 | 0x40 << 7 = 0x2085.
    t.ev(0, {0xE0, 200, 0}).ev(0, {0xE0, 0x85, 0x40}).ev(0, {0x90, 60, 100}).ev(1, {0x80, 60, 0});
    const Score s = readOk(single(t.endOfTrack()));
    QCOMPARE(s.tracks[0].pitchBends, (std::vector<PitchBend>{{0, -7992}, {0, 133}}));
}

void TestSmfReader::tickBeyond32BitsRejected() {
    TrackBytes t;
    t.ev(0, {0x90, 60, 100});
    for (int i = 0; i < 8; ++i) t.meta(0x0FFFFFFF, 0x7F, {});  // 8 * (2^28 - 1) ticks later
    const std::size_t noteOff = 4 + 8 * 7;
    t.ev(10, {0x80, 60, 0}).endOfTrack();  // at 2^31 + 2
    expectRejected(read(single(t)), kFirstEvent + noteOff + 1, "beyond the last supported tick");
}

void TestSmfReader::shortMetaEventsIgnored() {
    TrackBytes t;
    t.meta(0, 0x51, {7, 0}).meta(0, 0x51, {7, 0, 0}).endOfTrack();
    const ReadResult r = read(single(t));
    expectRecovered(r, kFirstEvent + 1, "tempo event with only 2 data bytes was ignored");
    QCOMPARE(r.score->tempos, (std::vector<Tempo>{{0, 0x070000}}));
}

void TestSmfReader::riffThatIsNotMidiRejected() {
    const Bytes wave{'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' '};
    expectRejected(read(wave), 8, "'WAVE' is not a MIDI file");
    const Bytes noData{'R', 'I', 'F', 'F', 12, 0, 0, 0, 'R', 'M', 'I', 'D', 'L', 'I', 'S', 'T', 0, 0, 0, 0};
    expectRejected(read(noData), 12, "no 'data' chunk");
}

void TestSmfReader::unreadableFilesRejected() {
    const ReadResult missing = SmfReader::readFile("/nonexistent/folder/piece.mid");
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error->file, std::string("/nonexistent/folder/piece.mid"));
    QVERIFY2(contains(missing.error->toString(), "/nonexistent/folder/piece.mid: byte 0: cannot open"),
             missing.error->toString().c_str());
    QTemporaryDir dir;
    const ReadResult folder = SmfReader::readFile(dir.path().toStdString());
    QVERIFY(!folder.ok());
    QVERIFY2(contains(folder.error->message, "folder"), folder.error->message.c_str());
}

void TestSmfReader::diagnosticNamesFileAndOffset() {
    TrackBytes t;
    t.ev(0, {0x90, 60, 100}).ev(0, {0xB0, 64, 255});
    const Bytes file = single(t.endOfTrack());
    const ReadResult r = SmfReader::parse(file.data(), file.size(), "Beethoven/sonata.mid");
    QCOMPARE(r.error->toString(),
             std::string("Beethoven/sonata.mid: byte 27: control change 64 with value 255 (both "
                         "must be 0-127)"));
}

void TestSmfReader::randomDamageNeverCrashes() {
    std::mt19937 rng(1234);
    TrackBytes t;
    for (int i = 0; i < 40; ++i)
        t.ev(3, {0x90, std::uint8_t(40 + i), 90}).ev(2, {0xB0, 64, 127}).meta(0, 0x51, {7, 0, 0});
    const Bytes base = single(t.endOfTrack());
    for (int trial = 0; trial < 3000; ++trial) {
        Bytes b = base;
        for (int k = 0, n = 1 + int(rng() % 6); k < n; ++k) {
            const std::size_t at = rng() % b.size();
            switch (rng() % 4) {
            case 0: b[at] = std::uint8_t(rng()); break;
            case 1: b.insert(b.begin() + std::ptrdiff_t(at), std::uint8_t(rng())); break;
            case 2: b.erase(b.begin() + std::ptrdiff_t(at)); break;
            default: b.resize(at); break;
            }
            if (b.empty()) break;
        }
        const ReadResult r = read(b);
        QVERIFY(r.ok() != r.error.has_value());
    }
}

void TestSmfReader::corpusEqualsSymusic() {
    const QByteArray shared = qgetenv("MOZART_SHARED_DIR");
    if (shared.isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR not set");
    const std::string corpus = shared.toStdString() + "/corpus/";
    std::ifstream digests(std::string(MOZART_SOURCE_DIR) +
                          "/tests/core/data/midi/symusic-0.5.8-corpus-digests.txt");
    QVERIFY(digests.good());
    std::string line;
    std::size_t files = 0, bytes = 0, notes = 0;
    double seconds = 0;
    while (std::getline(digests, line)) {
        if (line.empty() || line[0] == '#') continue;
        const std::string path = line.substr(18);
        const std::uint64_t expected = std::stoull(line.substr(0, 16), nullptr, 16);
        std::ifstream in(corpus + path, std::ios::binary);
        if (!in) MOZART_SHARED_MISSING(qPrintable(QString("corpus file missing: %1").arg(path.c_str())));
        const Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        // CPU time, not wall time: the machine may be busy with other work.
        const std::clock_t start = std::clock();
        const ReadResult r = SmfReader::parse(data.data(), data.size(), path);
        seconds += double(std::clock() - start) / CLOCKS_PER_SEC;
        QVERIFY2(r.ok() && r.warnings.empty(), path.c_str());
        QVERIFY2(corpusDigest(*r.score) == expected, path.c_str());
        ++files;
        bytes += data.size();
        notes += r.score->noteCount();
    }
    QCOMPARE(files, std::size_t(357));
    QCOMPARE(notes, std::size_t(2180931));  // symusic's count
    qInfo("parsed %zu files, %.1f MB, %zu notes in %.3f s CPU: %.0f MB/s, %.1f M notes/s", files,
          bytes / 1e6, notes, seconds, bytes / 1e6 / seconds, notes / 1e6 / seconds);
}

QTEST_APPLESS_MAIN(TestSmfReader)
#include "tst_smfreader.moc"
