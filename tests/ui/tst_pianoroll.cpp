// Drives the real piano roll offscreen: notes drawn, tracks shown/hidden, selection, drag edits
// with snapping and undo, keyboard transposition, zoom around the mouse, ruler seek and loop,
// follow-playhead suspension, velocity lane drawing and hover text.
#include <QTableWidget>
#include <QtTest>

#include "TestScores.h"
#include "document/PieceDocument.h"
#include "pianoroll/KeyboardRuler.h"
#include "pianoroll/PianoRollCanvas.h"
#include "pianoroll/PianoRollEditor.h"
#include "pianoroll/TimeRuler.h"
#include "pianoroll/TrackList.h"
#include "pianoroll/VelocityLane.h"

using namespace mozart;
using namespace mozart::ui;

class TestPianoRoll : public QObject {
    Q_OBJECT
private:
    PieceDocument* doc_ = nullptr;
    PianoRollEditor* editor_ = nullptr;
    PianoRollCanvas* canvas() { return editor_->canvas(); }
    void paint() { canvas()->grab(); }
    QPoint centreOf(int track, int index) {
        const auto& n = doc_->score().tracks[std::size_t(track)].notes[std::size_t(index)];
        return canvas()->noteRect(n).center().toPoint();
    }

private Q_SLOTS:
    void init();
    void cleanup();
    void drawsEveryVisibleNote();
    void paintsOnlyWhatIsVisible();
    void hidingATrackHidesItsNotes();
    void clickSelectsAndShiftClickAdds();
    void dragMovesOnGridAsOneUndoStep();
    void altBypassesSnap();
    void arrowKeysTransposeAndMove();
    void escapeClearsAndMSMuteSolo();
    void rubberBandSelectsCurrentTrack();
    void doubleClickAddsNote();
    void ctrlWheelZoomsAroundMouse();
    void wheelScrollsAndSuspendsFollow();
    void rulerClickSeeksAndDragLoops();
    void velocityLaneRamp();
    void hoverDescribesNote();
    void keyboardRulerAuditions();
};

void TestPianoRoll::init() {
    doc_ = new PieceDocument;
    editor_ = new PianoRollEditor;
    editor_->resize(1000, 600);
    editor_->setDocument(doc_);
    editor_->show();
    QVERIFY(QTest::qWaitForWindowExposed(editor_));
    doc_->load(testscores::twoTrackScore(), QStringLiteral("two.mid"));
    // Two bars across 800 px so every note is on screen; pitches 40..80 in view.
    editor_->viewport()->setPixelsPerTick(canvas()->width() / 4000.0, false);
    editor_->viewport()->showPitches(40, 76);
    editor_->viewport()->scrollTo(0, editor_->viewport()->originY(), false);
}

void TestPianoRoll::cleanup() {
    delete editor_;
    delete doc_;
}

void TestPianoRoll::drawsEveryVisibleNote() {
    paint();
    QCOMPARE(canvas()->lastPaintedNoteCount(), 12);
    // The picture shows them: the pixel in the middle of a note is not the background.
    const QImage image = canvas()->grab().toImage();
    const QColor background = image.pixelColor(2, 2);
    const QPoint c = centreOf(0, 0) * image.devicePixelRatio();
    QVERIFY(image.pixelColor(c) != background);
}

void TestPianoRoll::paintsOnlyWhatIsVisible() {
    // Scroll so only the second half of the piece is in view: notes of bar 1 are not painted.
    editor_->viewport()->setPixelsPerTick(canvas()->width() / 1920.0, false);
    editor_->viewport()->scrollTo(1920, editor_->viewport()->originY(), false);
    paint();
    // Piano notes 4..7 (starts 1920..3360) and cello notes 2, 3 (starts 1920, 2880).
    QCOMPARE(canvas()->lastPaintedNoteCount(), 6);
}

void TestPianoRoll::hidingATrackHidesItsNotes() {
    TrackList list;
    list.setDocument(doc_);
    QCOMPARE(list.table()->rowCount(), 2);
    list.table()->item(1, TrackList::ShowColumn)->setCheckState(Qt::Unchecked);
    QVERIFY(!doc_->trackState(1).visible);
    paint();
    QCOMPARE(canvas()->lastPaintedNoteCount(), 8);
    list.table()->item(1, TrackList::MuteColumn)->setCheckState(Qt::Checked);
    QVERIFY(!doc_->isTrackAudible(1));
    list.table()->item(0, TrackList::SoloColumn)->setCheckState(Qt::Checked);
    QVERIFY(doc_->isTrackAudible(0));
    // Selecting a row makes that track the edited one.
    list.table()->setCurrentCell(1, TrackList::NameColumn);
    QCOMPARE(doc_->currentTrack(), 1);
}

void TestPianoRoll::clickSelectsAndShiftClickAdds() {
    QSignalSpy audition(editor_, &PianoRollEditor::auditionRequested);
    QTest::mouseClick(canvas(), Qt::LeftButton, Qt::NoModifier, centreOf(0, 2));
    QCOMPARE(doc_->selection().size(), std::size_t(1));
    QVERIFY(doc_->isSelected(0, 2));
    QCOMPARE(audition.count(), 1);
    QCOMPARE(audition.first().at(1).toInt(), 64);
    QTest::mouseClick(canvas(), Qt::LeftButton, Qt::ShiftModifier, centreOf(0, 4));
    QCOMPARE(doc_->selection().size(), std::size_t(2));
    QTest::mouseClick(canvas(), Qt::LeftButton, Qt::ControlModifier, centreOf(0, 4));  // toggles off
    QCOMPARE(doc_->selection().size(), std::size_t(1));
    // A click on a note of another track makes that track the edited one.
    QTest::mouseClick(canvas(), Qt::LeftButton, Qt::NoModifier, centreOf(1, 1));
    QCOMPARE(doc_->currentTrack(), 1);
    QVERIFY(doc_->isSelected(1, 1));
}

void TestPianoRoll::dragMovesOnGridAsOneUndoStep() {
    editor_->setGridDivision(4);  // quarter notes: 480 ticks
    const QPoint from = centreOf(0, 0);
    const double pxPerTick = editor_->viewport()->pixelsPerTick();
    const QPoint to = from + QPoint(int(500 * pxPerTick), -int(2 * editor_->viewport()->keyHeight()));
    QTest::mousePress(canvas(), Qt::LeftButton, Qt::NoModifier, from);
    for (int i = 1; i <= 5; ++i) {
        QMouseEvent move(QEvent::MouseMove, from + (to - from) * i / 5, canvas()->mapToGlobal(from + (to - from) * i / 5),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(canvas(), &move);
    }
    QTest::mouseRelease(canvas(), Qt::LeftButton, Qt::NoModifier, to);
    const auto& n = doc_->score().tracks[0].notes[0];
    QCOMPARE(n.start, midi::Tick(480));  // 500 ticks snapped to the quarter grid
    QCOMPARE(int(n.pitch), 62);
    QCOMPARE(doc_->undoStack()->count(), 1);
    doc_->undoStack()->undo();
    QCOMPARE(doc_->score().tracks[0].notes[0].start, midi::Tick(0));
    QCOMPARE(int(doc_->score().tracks[0].notes[0].pitch), 60);
}

void TestPianoRoll::altBypassesSnap() {
    editor_->setGridDivision(4);
    QCOMPARE(canvas()->snap(500, Qt::NoModifier), midi::Tick(480));
    QCOMPARE(canvas()->snap(500, Qt::AltModifier), midi::Tick(500));
    QCOMPARE(canvas()->snap(-30, Qt::NoModifier), midi::Tick(0));
}

void TestPianoRoll::arrowKeysTransposeAndMove() {
    editor_->setGridDivision(16);
    doc_->setSelection({{0, 1}});
    canvas()->setFocus();
    QTest::keyClick(canvas(), Qt::Key_Up);
    QCOMPARE(int(doc_->score().tracks[0].notes[1].pitch), 63);
    QTest::keyClick(canvas(), Qt::Key_Up, Qt::ShiftModifier);
    QCOMPARE(int(doc_->score().tracks[0].notes[1].pitch), 75);
    QTest::keyClick(canvas(), Qt::Key_Down, Qt::ControlModifier);
    QCOMPARE(int(doc_->score().tracks[0].notes[1].pitch), 63);
    QTest::keyClick(canvas(), Qt::Key_Right);
    QCOMPARE(doc_->score().tracks[0].notes[1].start, midi::Tick(480 + 120));
    QCOMPARE(doc_->undoStack()->count(), 4);
}

void TestPianoRoll::escapeClearsAndMSMuteSolo() {
    doc_->setSelection({{0, 1}});
    canvas()->setFocus();
    QTest::keyClick(canvas(), Qt::Key_Escape);
    QVERIFY(!doc_->hasSelection());
    QTest::keyClick(canvas(), Qt::Key_M);
    QVERIFY(doc_->trackState(0).muted);
    QTest::keyClick(canvas(), Qt::Key_S);
    QVERIFY(doc_->trackState(0).solo);
}

void TestPianoRoll::rubberBandSelectsCurrentTrack() {
    // A band around the first three piano notes (and over cello notes, which are not edited).
    const QPoint a = centreOf(0, 0) + QPoint(-5, 0);
    const QPoint b = centreOf(0, 2) + QPoint(5, 0);
    const QPoint topLeft(a.x(), b.y() - 5), bottomRight(b.x(), a.y() + 5);
    QTest::mousePress(canvas(), Qt::LeftButton, Qt::NoModifier, topLeft - QPoint(0, 0));
    QMouseEvent move(QEvent::MouseMove, bottomRight, canvas()->mapToGlobal(bottomRight), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(canvas(), &move);
    QTest::mouseRelease(canvas(), Qt::LeftButton, Qt::NoModifier, bottomRight);
    QCOMPARE(doc_->selection().size(), std::size_t(3));
    QVERIFY(doc_->isSelected(0, 0) && doc_->isSelected(0, 1) && doc_->isSelected(0, 2));
}

void TestPianoRoll::doubleClickAddsNote() {
    editor_->setGridDivision(4);
    const auto* vp = editor_->viewport();
    const QPoint at(int(vp->xForTick(3840 + 100)), int(vp->yForPitch(70) + vp->keyHeight() / 2));
    QTest::mouseDClick(canvas(), Qt::LeftButton, Qt::NoModifier, at);
    const auto& notes = doc_->score().tracks[0].notes;
    QCOMPARE(notes.size(), std::size_t(9));
    QCOMPARE(notes.back().start, midi::Tick(3840));
    QCOMPARE(notes.back().duration, midi::Tick(480));
    QCOMPARE(int(notes.back().pitch), 70);
    QVERIFY(doc_->isSelected(0, 8));
    doc_->undoStack()->undo();
    QCOMPARE(doc_->score().tracks[0].notes.size(), std::size_t(8));
}

void TestPianoRoll::ctrlWheelZoomsAroundMouse() {
    auto* vp = editor_->viewport();
    const QPointF mouse(300, 100);
    const double tickUnder = vp->tickForX(mouse.x());
    const double before = vp->pixelsPerTick();
    QWheelEvent wheel(mouse, canvas()->mapToGlobal(mouse), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(canvas(), &wheel);
    QVERIFY(vp->pixelsPerTick() > before * 1.2);
    QVERIFY(qAbs(vp->tickForX(mouse.x()) - tickUnder) < 1.0);
}

void TestPianoRoll::wheelScrollsAndSuspendsFollow() {
    auto* vp = editor_->viewport();
    editor_->setFollowPlayhead(true);
    editor_->setPlayhead(9000);  // far right: follow pages there
    QVERIFY(vp->originTick() > 4000);
    const double y = vp->originY();
    QWheelEvent wheel(QPointF(100, 100), canvas()->mapToGlobal(QPointF(100, 100)), QPoint(), QPoint(0, -120),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(canvas(), &wheel);
    QVERIFY(vp->originY() > y);
    QVERIFY(editor_->followSuspended());
    const double x = vp->originTick();
    editor_->setPlayhead(0);  // suspended: the view stays
    QCOMPARE(vp->originTick(), x);
    editor_->resumeFollow();  // next play
    editor_->setPlayhead(0);
    QCOMPARE(vp->originTick(), 0.0);
    // Shift+wheel scrolls horizontally.
    QWheelEvent shiftWheel(QPointF(100, 100), canvas()->mapToGlobal(QPointF(100, 100)), QPoint(), QPoint(0, -240),
                           Qt::NoButton, Qt::ShiftModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(canvas(), &shiftWheel);
    QVERIFY(vp->originTick() > 0.0);
}

void TestPianoRoll::rulerClickSeeksAndDragLoops() {
    QSignalSpy seek(editor_, &PianoRollEditor::seekRequested);
    auto* ruler = editor_->timeRuler();
    const auto* vp = editor_->viewport();
    QTest::mouseClick(ruler, Qt::LeftButton, Qt::NoModifier, QPoint(int(vp->xForTick(960)), 10));
    QCOMPARE(seek.count(), 1);
    QVERIFY(qAbs(seek.first().first().value<midi::Tick>() - 960) <= 1.0 / vp->pixelsPerTick() + 1);
    // Drag from bar 1 into bar 2: loops bars 1-2.
    const QPoint a(int(vp->xForTick(100)), 10), b(int(vp->xForTick(2500)), 10);
    QTest::mousePress(ruler, Qt::LeftButton, Qt::NoModifier, a);
    QMouseEvent move(QEvent::MouseMove, b, ruler->mapToGlobal(b), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(ruler, &move);
    QTest::mouseRelease(ruler, Qt::LeftButton, Qt::NoModifier, b);
    QVERIFY(editor_->loopRange().has_value());
    QCOMPARE(editor_->loopRange()->first, midi::Tick(0));
    QCOMPARE(editor_->loopRange()->second, midi::Tick(3840));
    QCOMPARE(seek.count(), 1);  // a drag does not seek
    // Loop to the bars of the selection.
    doc_->setSelection({{0, 5}});  // starts 2400, in bar 2
    QCOMPARE(editor_->selectedBars(), (std::pair<midi::Tick, midi::Tick>(1920, 3840)));
}

void TestPianoRoll::velocityLaneRamp() {
    auto* lane = editor_->velocityLane();
    const auto* vp = editor_->viewport();
    doc_->setSelection({{0, 0}, {0, 1}, {0, 2}, {0, 3}});
    const int yLow = int(lane->height() - 3 - 20 / 127.0 * (lane->height() - 6));
    const int yHigh = int(lane->height() - 3 - 120 / 127.0 * (lane->height() - 6));
    const QPoint a(int(vp->xForTick(0)) + 1, yLow), b(int(vp->xForTick(1440)), yHigh);
    QTest::mousePress(lane, Qt::LeftButton, Qt::ShiftModifier, a);
    QMouseEvent move(QEvent::MouseMove, b, lane->mapToGlobal(b), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
    QApplication::sendEvent(lane, &move);
    QTest::mouseRelease(lane, Qt::LeftButton, Qt::ShiftModifier, b);
    const auto& n = doc_->score().tracks[0].notes;
    QVERIFY(qAbs(int(n[0].velocity) - 20) <= 3);
    QVERIFY(qAbs(int(n[3].velocity) - 120) <= 3);
    QVERIFY(n[1].velocity > n[0].velocity && n[2].velocity > n[1].velocity && n[3].velocity > n[2].velocity);
    QCOMPARE(int(n[4].velocity), 60 + 4 * 8);  // not selected: untouched
    QCOMPARE(doc_->undoStack()->count(), 1);
}

void TestPianoRoll::hoverDescribesNote() {
    QTest::mouseMove(canvas(), centreOf(0, 5));
    const QString text = canvas()->hoverText();
    QVERIFY2(text.contains(QStringLiteral("A4")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("2:2")), qPrintable(text));  // starts bar 2, beat 2
    QVERIFY2(text.contains(QStringLiteral("100")), qPrintable(text));  // velocity 60+5*8
}

void TestPianoRoll::keyboardRulerAuditions() {
    QSignalSpy audition(editor_, &PianoRollEditor::auditionRequested);
    auto* keys = editor_->keyboard();
    const auto* vp = editor_->viewport();
    QTest::mouseClick(keys, Qt::LeftButton, Qt::NoModifier, QPoint(20, int(vp->yForPitch(62) + vp->keyHeight() / 2)));
    QCOMPARE(audition.count(), 1);
    QCOMPARE(audition.first().at(1).toInt(), 62);
}

QTEST_MAIN(TestPianoRoll)
#include "tst_pianoroll.moc"
