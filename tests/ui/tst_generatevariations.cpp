// The Generate panel's variations and history, driven as a user would with a tiny random-weights
// model: each variation has its own piano-roll thumbnail; auditioning one plays it from the bar
// the playhead was in; several variations are kept as tracks in one undo step; the history shows
// thumbnails, exports the same bytes, deletes a piece's files, and shows the copy figure that
// core/eval computes against the training data the model file names ("unknown" without it).
#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "../core/GenerationFixtures.h"
#include "StudioTestUtil.h"
#include "data/DatasetSplit.h"
#include "document/PieceDocument.h"
#include "mainwindow/MainWindow.h"
#include "playback/PlaybackEngine.h"
#include "eval/CopyCheck.h"
#include "eval/FolderCopyIndex.h"
#include "generate/GenerateForm.h"
#include "generate/GeneratePanel.h"
#include "generate/GenerationHistory.h"
#include "generate/GenerationJob.h"
#include "generate/ModelPicker.h"
#include "generate/PianoRollThumbnail.h"
#include "generate/VariationList.h"
#include "midi/SmfReader.h"
#include "model/ModelFile.h"
#include "remi/TokenizerConfig.h"
#include "remi/Vocabulary.h"

using namespace mozart;
using mozart::ui::GeneratePanel;

namespace {
QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Pixels that are not the background: where notes were painted.
int notePixels(const QImage& image) {
    const QRgb background = image.pixel(0, image.height() - 1);
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) n += image.pixel(x, y) != background;
    return n;
}
}  // namespace

class TestGenerateVariations : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString model_;
    ui::PieceDocument doc_;
    GeneratePanel* panel_ = nullptr;
    midi::Tick playhead_ = 0;
    QList<midi::Tick> played_;

    bool runAndWait(const std::function<bool()>& start) {
        QSignalSpy done(panel_, &GeneratePanel::generationFinished);
        if (!start()) return false;
        return done.wait(120000);
    }

    bool waitForHistoryScan() {
        QSignalSpy finished(panel_->history(), &ui::GenerationHistory::scanFinished);
        return !panel_->history()->isScanning() || finished.wait(120000);
    }

    QString saveModel(const QString& name, const std::map<std::string, std::string>& notes) {
        const auto tokenizer = remi::TokenizerConfig::rich();
        model::ModelConfig c = gentest::tinyConfig(static_cast<std::int64_t>(remi::Vocabulary(tokenizer).size()));
        c.maxContext = 128;
        model::ModelFile::SaveOptions options;
        options.notes = notes;
        const QString path = dir_.filePath(name);
        const auto error = model::ModelFile::save(path.toStdString(), model::Transformer(c, 5), tokenizer.toMidiTokJson(), options);
        return error ? QString() : path;
    }

    // Three variations of a new 4-bar piece.
    void generateThree(int seed) {
        panel_->form()->setSeed(seed);
        panel_->form()->setSeedLocked(true);
        panel_->form()->setLengthBars(4);
        panel_->form()->setVariations(3);
        QVERIFY(runAndWait([&] { return panel_->generate(GeneratePanel::Mode::NewPiece); }));
        QCOMPARE(panel_->variationList()->count(), 3);
        QCOMPARE(panel_->lastPiecePaths().size(), 3);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        qputenv("XDG_CACHE_HOME", dir_.filePath("cache").toUtf8());  // the copy index's cache
        model_ = saveModel("model.safetensors", {});
        QVERIFY(!model_.isEmpty());
        panel_ = new GeneratePanel;
        panel_->setDocument(&doc_);
        panel_->setPlayheadSource([this] { return playhead_; });
        panel_->setPlayer([this](midi::Tick from) { played_ << from; });
        panel_->history()->setFolder(dir_.filePath("history"));
        panel_->resize(460, 900);
        panel_->show();
        QVERIFY(panel_->modelPicker()->selectModel(model_));
        panel_->form()->reset();
    }
    void cleanupTestCase() { delete panel_; }

    void thumbnailIsAPictureOfTheNotes() {
        midi::Score score;
        score.ticksPerQuarter = 8;
        score.tracks.resize(1);
        score.tracks[0].notes = {{0, 8, 60, 90}, {8, 8, 64, 90}, {16, 16, 67, 90}};
        const QImage empty = ui::pianoRollThumbnail(midi::Score{}, QSize(96, 36));
        QCOMPARE(empty.size(), QSize(96, 36));
        QCOMPARE(notePixels(empty), 0);
        const QImage image = ui::pianoRollThumbnail(score, QSize(96, 36), 2.0);
        QCOMPARE(image.size(), QSize(192, 72));
        QCOMPARE(image.devicePixelRatio(), 2.0);
        QVERIFY(notePixels(image) > 0);
        // The first note starts at the left edge, the last one ends at the right edge, higher up.
        const QRgb background = image.pixel(0, 0);
        auto topmost = [&](int x) {
            for (int y = 0; y < image.height(); ++y)
                if (image.pixel(x, y) != background) return y;
            return -1;
        };
        QVERIFY(topmost(1) >= 0);
        QVERIFY(topmost(image.width() - 2) >= 0);
        QVERIFY(topmost(image.width() - 2) < topmost(1));
        score.tracks[0].notes[1].pitch = 62;
        QVERIFY(ui::pianoRollThumbnail(score, QSize(96, 36), 2.0) != image);
    }

    void variationsHaveTheirOwnThumbnails() {
        generateThree(21);
        const auto& outcome = panel_->runner()->outcome();
        QCOMPARE(outcome.thumbnails.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QVERIFY2(notePixels(outcome.thumbnails[i]) > 0, "a thumbnail shows the variation's notes");
            QVERIFY(outcome.thumbnails[i] ==
                    ui::pianoRollThumbnail(outcome.pieces[std::size_t(i)], outcome.thumbnails[i].deviceIndependentSize().toSize(),
                                           outcome.thumbnails[i].devicePixelRatio()));
            QVERIFY(!panel_->variationList()->item(i)->icon().isNull());
        }
        QVERIFY(outcome.pieces[0] != outcome.pieces[1] && outcome.pieces[1] != outcome.pieces[2]);
        QVERIFY(outcome.thumbnails[0] != outcome.thumbnails[1]);
        QVERIFY(outcome.thumbnails[1] != outcome.thumbnails[2]);
        QVERIFY(outcome.thumbnails[0] != outcome.thumbnails[2]);
    }

    void auditionPlaysFromTheSameBar() {
        // The playhead is in bar 2 of the variation shown; clicking another plays that one from bar 2.
        playhead_ = doc_.barGrid().barStart(1) + 3;
        played_.clear();
        panel_->variationList()->setCurrentRow(2);
        QCOMPARE(doc_.score().tracks, panel_->runner()->outcome().pieces[2].tracks);
        QCOMPARE(played_.size(), 1);
        QCOMPARE(played_.front(), doc_.barGrid().barStart(1));
        QVERIFY(played_.front() > 0);
        playhead_ = 0;
    }

    void keepSeveralAsTracksIsOneUndoStep() {
        const auto pieces = panel_->runner()->outcome().pieces;
        auto* list = panel_->variationList();
        list->clearSelection();
        list->item(0)->setSelected(true);
        list->item(2)->setSelected(true);
        const int undoBefore = doc_.undoStack()->count();
        auto* button = panel_->findChild<QPushButton*>(QStringLiteral("keepVariationsAsTracks"));
        QVERIFY(button->isEnabled());
        button->click();
        QCOMPARE(doc_.undoStack()->count(), undoBefore + 1);
        const std::size_t expectedTracks = pieces[0].tracks.size() + pieces[2].tracks.size();
        QCOMPARE(doc_.score().tracks.size(), expectedTracks);
        for (std::size_t t = 0; t < expectedTracks; ++t) {
            const bool first = t < pieces[0].tracks.size();
            const midi::Track& source = first ? pieces[0].tracks[t] : pieces[2].tracks[t - pieces[0].tracks.size()];
            QCOMPARE(doc_.score().tracks[t].notes, source.notes);
            QCOMPARE(doc_.score().tracks[t].program, source.program);
            QVERIFY(QString::fromStdString(doc_.score().tracks[t].name).startsWith(first ? "Variation 1" : "Variation 3"));
        }
        QCOMPARE(doc_.score().ticksPerQuarter, pieces[0].ticksPerQuarter);
        QVERIFY(!button->isEnabled());  // kept: the run's choice is made
        doc_.undoStack()->undo();
        QCOMPARE(doc_.score().noteCount(), std::size_t(0));  // the new piece as it was before keeping
        doc_.undoStack()->redo();
        QCOMPARE(doc_.score().tracks.size(), expectedTracks);
    }

    void historyShowsThumbnailsExportsAndDeletes() {
        auto* history = panel_->history();
        QVERIFY(waitForHistoryScan());
        const QString path = panel_->lastPiecePaths().at(1);
        QVERIFY(notePixels(history->thumbnail(path)) > 0);
        // Export: the history's bytes exactly (what the Export… button does after its file dialog).
        history->selectPiece(path);
        const QString exported = dir_.filePath("exported.mid");
        QString error;
        QVERIFY2(ui::GenerationHistory::exportPiece(path, exported, &error), qPrintable(error));
        QCOMPARE(readAll(exported), readAll(path));
        QVERIFY(!ui::GenerationHistory::exportPiece(dir_.filePath("missing.mid"), exported, &error));
        QVERIFY2(error.contains("missing.mid"), qPrintable(error));
        QCOMPARE(readAll(exported), readAll(path));  // a failed export leaves the file alone
        // Delete: asked first, then the MIDI file and its recipe are gone.
        const QString recipe = QString::fromStdString(generate::recipePathFor(path.toStdString()));
        QVERIFY(QFile::exists(recipe));
        studiotest::whenShown<QMessageBox>([](QMessageBox* box) { box->button(QMessageBox::Yes)->click(); });
        panel_->findChild<QPushButton*>(QStringLiteral("historyDelete"))->click();
        QVERIFY(!QFile::exists(path));
        QVERIFY(!QFile::exists(recipe));
        QVERIFY(!history->pieces().contains(path));
        QVERIFY(QFile::exists(panel_->lastPiecePaths().at(0)));
    }

    // A model whose file names its training folder, and that folder holds the generated piece
    // itself: the history shows core/eval's figure, a run as long as the piece.
    void copyColumnShowsTheCoreFigure() {
        auto* history = panel_->history();
        const QString piece = panel_->lastPiecePaths().at(0);
        QVERIFY(history->copyText(piece).contains("unknown"));  // this model names no training data
        QCOMPARE(history->copiedNotes(piece), -1);
        QDir().mkpath(dir_.filePath("corpus/Bach"));
        const QString copy = dir_.filePath("corpus/Bach/piece.mid");
        QVERIFY(QFile::copy(piece, copy));
        QVERIFY(QFile::copy(panel_->lastPiecePaths().at(2), dir_.filePath("corpus/Bach/other.mid")));
        const QString named = saveModel("named.safetensors", {{"trained_on", "corpus"}, {"data_folder", dir_.filePath("corpus").toStdString()}});
        QVERIFY(panel_->modelPicker()->selectModel(named));
        QCOMPARE(history->trainingFolder(), dir_.filePath("corpus"));
        QVERIFY(waitForHistoryScan());
        // What core/eval says (the same index `mozart generate --copy-check` opens).
        eval::FolderCopyIndexOptions options;
        options.noCache = true;
        const auto index = eval::openFolderCopyIndex(dir_.filePath("corpus").toStdString(),
                                                     panel_->modelPicker()->current().tokenizerJson, options);
        QVERIFY2(index.index, index.error.c_str());
        const auto read = midi::SmfReader::readFile(piece.toStdString());
        QVERIFY(read.ok());
        const eval::CopyFigure figure = eval::copyFigure(*read.score, *index.index);
        const eval::CopyMatch& expected = figure.match;
        QCOMPARE(history->copiedNotes(piece), expected.notes);
        QVERIFY2(expected.notes > 5 && expected.notes == expected.pieceNotes, qPrintable(history->copyText(piece)));
        QVERIFY2(history->copyText(piece).contains(QStringLiteral("%1 in a row at bar %2").arg(expected.notes).arg(figure.bar)),
                 qPrintable(history->copyText(piece)));
        QVERIFY(history->copyText(piece).contains("piece.mid") || history->copyText(piece).contains("other.mid"));
        QVERIFY(panel_->modelPicker()->selectModel(model_));
        QVERIFY(history->copyText(piece).contains("unknown"));
    }

    // In the studio window: clicking another variation plays it, from the bar the playhead was in.
    void studioAuditionPlaysFromTheSameBar() {
        ui::MainWindow w;
        w.resize(1400, 900);
        w.show();
        auto* panel = w.generatePanel();
        QVERIFY(panel->modelPicker()->selectModel(model_));
        panel->history()->setFolder(dir_.filePath("studio-history"));
        panel->form()->setSeed(31);
        panel->form()->setSeedLocked(true);
        panel->form()->setLengthBars(4);
        panel->form()->setVariations(2);
        QSignalSpy done(panel, &GeneratePanel::generationFinished);
        QVERIFY(panel->generate(GeneratePanel::Mode::NewPiece));
        QVERIFY(done.wait(120000));
        QCOMPARE(panel->variationList()->count(), 2);
        auto* engine = w.playbackEngine();
        const ui::BarGrid& grid = w.document()->barGrid();
        engine->seek(grid.barStart(2) + 5);  // in bar 3
        panel->variationList()->setCurrentRow(1);
        QCOMPARE(engine->state(), ui::PlaybackState::Playing);
        const midi::Tick at = engine->position();
        engine->stop();
        QVERIFY2(at >= w.document()->barGrid().barStart(2) && at < w.document()->barGrid().barStart(3),
                 qPrintable(QStringLiteral("playing from tick %1").arg(at)));
        QCOMPARE(w.document()->score().tracks, panel->runner()->outcome().pieces[1].tracks);
        historyAsksBeforeReplacingEdits(w);
    }

    // Playback started while a piece is generated goes on as it grows and past the end of the run
    // (it stopped when the finished piece was put in the document, or played only the first notes).
    void studioPlaybackFollowsTheGrowingPiece() {
        ui::MainWindow w;
        w.resize(1400, 900);
        w.show();
        auto* panel = w.generatePanel();
        // The bundled model: slow enough that the piece grows while it plays (a tiny one is done at once).
        const QString bundled = QStringLiteral(MOZART_SOURCE_DIR "/resources/models/default/model.safetensors");
        QVERIFY(panel->modelPicker()->selectModel(QFile::exists(bundled) ? bundled : model_));
        panel->history()->setFolder(dir_.filePath("follow-history"));
        panel->form()->setSeed(5);
        panel->form()->setSeedLocked(true);
        panel->form()->setLengthBars(8);
        panel->form()->setVariations(1);
        auto* engine = w.playbackEngine();
        int liveUpdatesWhilePlaying = 0;
        auto startAtFirstNote = [&] {
            if (!panel->isRunning() || w.document()->score().noteCount() == 0) return;
            if (engine->state() == ui::PlaybackState::Playing) ++liveUpdatesWhilePlaying;
            else w.action(QStringLiteral("playPause"))->trigger();
        };
        connect(w.document(), &ui::PieceDocument::notesChanged, this, startAtFirstNote);
        connect(w.document(), &ui::PieceDocument::scoreReset, this, startAtFirstNote);
        QSignalSpy done(panel, &GeneratePanel::generationFinished);
        QVERIFY(panel->generate(GeneratePanel::Mode::NewPiece));
        QVERIFY(done.wait(120000));
        disconnect(w.document(), nullptr, this, nullptr);
        if (liveUpdatesWhilePlaying == 0) QSKIP("the tiny model finished before a second live update");
        QCOMPARE(engine->state(), ui::PlaybackState::Playing);
        const midi::Tick at = engine->position();
        QTRY_VERIFY_WITH_TIMEOUT(engine->position() > at, 5000);
        QCOMPARE(engine->state(), ui::PlaybackState::Playing);
        engine->stop();
    }

private:
    // The history's Reopen must not drop unsaved edits: the main window asks first.
    void historyAsksBeforeReplacingEdits(ui::MainWindow& w) {
        auto* history = w.generatePanel()->history();
        QTRY_VERIFY_WITH_TIMEOUT(!history->pieces().isEmpty(), 20000);
        const QString piece = history->pieces().first();
        w.document()->undoStack()->push(new QUndoCommand(QStringLiteral("an edit of the user's")));
        QVERIFY(w.document()->isModified());
        const auto before = w.document()->score().tracks;
        history->selectPiece(piece);
        auto* reopen = w.findChild<QPushButton*>(QStringLiteral("historyReopen"));
        QVERIFY(reopen);
        QString asked;
        studiotest::answerMessageBox(QMessageBox::Cancel, &asked);
        reopen->click();
        QVERIFY2(asked.contains(QStringLiteral("unsaved")), qPrintable(asked));
        QVERIFY(w.document()->isModified());
        QCOMPARE(w.document()->score().tracks, before);
        QVERIFY(w.document()->filePath() != piece);
        studiotest::answerMessageBox(QMessageBox::Discard);
        reopen->click();
        QCOMPARE(w.document()->filePath(), piece);
        QVERIFY(!w.document()->isModified());
    }
};

QTEST_MAIN(TestGenerateVariations)
#include "tst_generatevariations.moc"
