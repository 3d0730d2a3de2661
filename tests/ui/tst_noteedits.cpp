// The document layer under the piano roll: edit commands (one undo step per edit, clamping, never
// losing notes), gestures, bar/beat positions, clipboard, score cropping and token-to-note pairing.
#include <QtTest>

#include "TestScores.h"
#include "document/BarGrid.h"
#include "document/NoteEdits.h"
#include "document/PieceDocument.h"
#include "export/ScoreRange.h"
#include "tokens/TokenNoteMap.h"

using namespace mozart;
using namespace mozart::ui;

class TestNoteEdits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void transposeClampsAndUndoes();
    void moveStopsAtZero();
    void deleteAndUndoRestoresNotesAndSelection();
    void duplicateSelectsCopies();
    void quantizeWholePieceKeepsShortNotes();
    void gestureIsOneUndoStep();
    void gestureCancelRestores();
    void muteAndSolo();
    void barGridFollowsMeterChanges();
    void clipboardRoundTrip();
    void cropKeepsTempoInForce();
    void tokenMapPairsNotes();
};

void TestNoteEdits::transposeClampsAndUndoes() {
    PieceDocument doc;
    midi::Score s = testscores::twoTrackScore();
    s.tracks[0].notes[0].pitch = 125;
    doc.load(s, QString());
    doc.setSelection({{0, 0}, {0, 1}});
    NoteEdits::transpose(doc, 12);
    QCOMPARE(int(doc.score().tracks[0].notes[0].pitch), 127);  // clamped
    QCOMPARE(int(doc.score().tracks[0].notes[1].pitch), 74);
    QCOMPARE(doc.undoStack()->count(), 1);
    QVERIFY(doc.isModified());
    doc.undoStack()->undo();
    QCOMPARE(int(doc.score().tracks[0].notes[0].pitch), 125);
    QCOMPARE(int(doc.score().tracks[0].notes[1].pitch), 62);
    QVERIFY(!doc.isModified());
    NoteEdits::transpose(doc, -200);
    QCOMPARE(int(doc.score().tracks[0].notes[1].pitch), 0);
}

void TestNoteEdits::moveStopsAtZero() {
    PieceDocument doc;
    doc.load(testscores::twoTrackScore(), QString());
    doc.setSelection({{0, 1}, {0, 2}});  // starts 480 and 960
    NoteEdits::move(doc, -10000, 0);
    QCOMPARE(doc.score().tracks[0].notes[1].start, midi::Tick(0));
    QCOMPARE(doc.score().tracks[0].notes[2].start, midi::Tick(480));  // the group keeps its shape
    NoteEdits::move(doc, 120, 2);
    QCOMPARE(doc.score().tracks[0].notes[1].start, midi::Tick(120));
    QCOMPARE(int(doc.score().tracks[0].notes[1].pitch), 64);
    QCOMPARE(doc.undoStack()->count(), 2);
}

void TestNoteEdits::deleteAndUndoRestoresNotesAndSelection() {
    PieceDocument doc;
    doc.load(testscores::twoTrackScore(), QString());
    const auto before = doc.score().tracks[0].notes;
    doc.setSelection({{0, 3}, {0, 5}});
    NoteEdits::deleteSelection(doc);
    QCOMPARE(doc.score().tracks[0].notes.size(), std::size_t(6));
    QVERIFY(!doc.hasSelection());
    QCOMPARE(int(doc.score().tracks[0].notes[3].pitch), 67);
    doc.undoStack()->undo();
    QVERIFY(doc.score().tracks[0].notes == before);
    QCOMPARE(doc.selection().size(), std::size_t(2));
    QVERIFY(doc.isSelected(0, 3) && doc.isSelected(0, 5));
    doc.undoStack()->redo();
    QCOMPARE(doc.score().tracks[0].notes.size(), std::size_t(6));
}

void TestNoteEdits::duplicateSelectsCopies() {
    PieceDocument doc;
    doc.load(testscores::twoTrackScore(), QString());
    doc.setSelection({{0, 0}, {0, 1}});  // 0..960
    NoteEdits::duplicate(doc, 480);
    const auto& notes = doc.score().tracks[0].notes;
    QCOMPARE(notes.size(), std::size_t(10));
    QCOMPARE(notes[8].start, midi::Tick(960));
    QCOMPARE(notes[9].start, midi::Tick(1440));
    QCOMPARE(doc.selection().size(), std::size_t(2));
    QVERIFY(doc.isSelected(0, 8) && doc.isSelected(0, 9));
}

void TestNoteEdits::quantizeWholePieceKeepsShortNotes() {
    PieceDocument doc;
    midi::Score s = testscores::twoTrackScore();
    s.tracks[0].notes[0] = {70, 20, 60, 80};   // a very short note off the grid
    s.tracks[0].notes[1] = {500, 0, 61, 80};   // zero-length stays zero-length
    doc.load(s, QString());
    NoteEdits::quantize(doc, 120);
    const auto& n = doc.score().tracks[0].notes;
    QCOMPARE(n[0].start, midi::Tick(120));
    QCOMPARE(n[0].duration, midi::Tick(120));  // not collapsed to nothing
    QCOMPARE(n[1].start, midi::Tick(480));
    QCOMPARE(n[1].duration, midi::Tick(0));
    QCOMPARE(doc.score().noteCount(), std::size_t(12));
    QCOMPARE(doc.undoStack()->count(), 1);
}

void TestNoteEdits::gestureIsOneUndoStep() {
    PieceDocument doc;
    doc.load(testscores::twoTrackScore(), QString());
    doc.setSelection({{1, 0}});
    NoteGesture g(doc, {1});
    for (int step = 1; step <= 5; ++step)
        g.preview([&](TrackNotes& notes) { notes[1][0].start += step * 100; });
    QCOMPARE(doc.score().tracks[1].notes[0].start, midi::Tick(500));
    g.finish(QStringLiteral("Move"));
    QCOMPARE(doc.undoStack()->count(), 1);
    doc.undoStack()->undo();
    QCOMPARE(doc.score().tracks[1].notes[0].start, midi::Tick(0));
    doc.undoStack()->redo();
    QCOMPARE(doc.score().tracks[1].notes[0].start, midi::Tick(500));
}

void TestNoteEdits::gestureCancelRestores() {
    PieceDocument doc;
    doc.load(testscores::twoTrackScore(), QString());
    NoteGesture g(doc, {0});
    g.preview([](TrackNotes& notes) { notes[0][2].pitch = 10; });
    QCOMPARE(int(doc.score().tracks[0].notes[2].pitch), 10);
    g.cancel();
    QCOMPARE(int(doc.score().tracks[0].notes[2].pitch), 64);
    QCOMPARE(doc.undoStack()->count(), 0);
}

void TestNoteEdits::muteAndSolo() {
    PieceDocument doc;
    doc.load(testscores::twoTrackScore(), QString());
    QVERIFY(doc.isTrackAudible(0) && doc.isTrackAudible(1));
    doc.setTrackMuted(0, true);
    QVERIFY(!doc.isTrackAudible(0) && doc.isTrackAudible(1));
    doc.setTrackSolo(0, true);  // solo wins over mute of others and of itself
    QVERIFY(doc.isTrackAudible(0) && !doc.isTrackAudible(1));
}

void TestNoteEdits::barGridFollowsMeterChanges() {
    midi::Score s;
    s.ticksPerQuarter = 480;
    s.timeSignatures = {{0, 4, 4}, {3840, 3, 4}, {3840 + 1440 * 2, 6, 8}};
    const BarGrid g(s);
    QCOMPARE(g.barStart(2), midi::Tick(3840));
    QCOMPARE(g.barLength(2), midi::Tick(1440));
    QCOMPARE(g.barStart(4), midi::Tick(3840 + 2880));
    QCOMPARE(g.beatLength(4), midi::Tick(240));
    QCOMPARE(g.barAt(3840 + 1440 + 10), 3);
    QCOMPARE(QString::fromStdString(g.position(3840 + 480)), QStringLiteral("3:2"));
    QCOMPARE(QString::fromStdString(g.position(240)), QStringLiteral("1:1.50"));
}

void TestNoteEdits::clipboardRoundTrip() {
    PieceDocument doc;
    doc.load(testscores::twoTrackScore(), QString());
    doc.setSelection({{0, 2}, {0, 4}});
    const auto copied = NoteEdits::copySelection(doc);
    QCOMPARE(copied.front().start, midi::Tick(0));
    QCOMPARE(copied.back().start, midi::Tick(960));
    const auto back = NoteEdits::fromClipboard(NoteEdits::toClipboard(copied));
    QVERIFY(back == copied);
    NoteEdits::paste(doc, 1, 3840, back);
    QCOMPARE(doc.score().tracks[1].notes.size(), std::size_t(6));
    QCOMPARE(doc.score().tracks[1].notes[4].start, midi::Tick(3840));
    QVERIFY(doc.isSelected(1, 4) && doc.isSelected(1, 5));
    QVERIFY(NoteEdits::fromClipboard("garbage\n1 2\n-5 1 60 64\n").empty());
}

void TestNoteEdits::cropKeepsTempoInForce() {
    midi::Score s = testscores::twoTrackScore();
    s.tempos.push_back({1000, 400000});
    s.tempos.push_back({3000, 300000});
    const midi::Score c = cropScore(s, 1920, 3840);
    QCOMPARE(c.tempos.size(), std::size_t(2));
    QCOMPARE(c.tempos[0].time, midi::Tick(0));
    QCOMPARE(c.tempos[0].microsPerQuarter, 400000);
    QCOMPARE(c.tempos[1].time, midi::Tick(1080));
    QCOMPARE(c.tracks[0].notes.size(), std::size_t(4));
    QCOMPARE(c.tracks[0].notes[0].start, midi::Tick(0));
    QCOMPARE(c.tracks[1].notes.size(), std::size_t(2));
}

void TestNoteEdits::tokenMapPairsNotes() {
    // Two notes at the same position (chord) and one in the next bar; the tokenizer orders by pitch.
    std::vector<midi::Note> notes = {{1920 + 240, 240, 67, 80}, {0, 480, 64, 80}, {0, 480, 60, 80}};
    const std::vector<std::string> tokens = {"Bar_None",    "Position_0",     "Pitch_60",   "Velocity_79",
                                             "Duration_1.0.8", "Pitch_64",    "Velocity_79", "Duration_1.0.8",
                                             "Bar_None",    "Position_4",     "Pitch_67",   "Velocity_79",
                                             "Duration_0.4.8"};
    const TokenNoteMap map = TokenNoteMap::build(tokens, notes, 480);
    QCOMPARE(map.noteOfToken[0], -1);
    QCOMPARE(map.noteOfToken[1], -1);
    QCOMPARE(map.noteOfToken[2], 2);
    QCOMPARE(map.noteOfToken[4], 2);
    QCOMPARE(map.noteOfToken[5], 1);
    QCOMPARE(map.noteOfToken[10], 0);
    QCOMPARE(map.tokensOfNote[0], (std::vector<int>{10, 11, 12}));
}

QTEST_MAIN(TestNoteEdits)
#include "tst_noteedits.moc"
