// The Generate panel driven as a user would, with a tiny random-weights model: the notes streamed
// into the piano roll equal what core/generate (the code behind `mozart generate`) writes for the
// same model, seed and settings; Stop keeps what was made; variations are auditioned and kept;
// Regenerate from bar K is one undo step; history reopen and "Generate again exactly" give the
// same bytes; Regenerate Selection fills bars with an infilling model; a file that is not a model is
// refused in the panel.
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "data/FillInTheMiddle.h"
#include "document/PieceDocument.h"
#include "generate/GenerateForm.h"
#include "generate/GeneratePanel.h"
#include "generate/GenerationHistory.h"
#include "generate/GenerationJob.h"
#include "generate/ModelPicker.h"
#include "midi/SmfReader.h"
#include "midi/SmfWriter.h"
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
}  // namespace

class TestGeneratePanel : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString model_;
    ui::PieceDocument doc_;
    GeneratePanel* panel_ = nullptr;

    bool runAndWait(const std::function<bool()>& start) {
        QSignalSpy done(panel_, &GeneratePanel::generationFinished);
        if (!start()) return false;
        return done.wait(120000);
    }

    // What core/generate makes for the form's current settings (what `mozart generate` runs).
    midi::Score expectedPiece(int variation = 0) {
        std::string error;
        auto model = generate::loadModel(model_.toStdString(), &error);
        if (!model) qFatal("%s", error.c_str());
        const auto resolved = generate::resolveRequest(panel_->form()->request(false), model->info.labels);
        if (!resolved.error.empty()) qFatal("%s", resolved.error.c_str());
        auto prepared = generate::prepareGeneration(*model, resolved.settings, &error);
        if (!prepared) qFatal("%s", error.c_str());
        generate::configureForRun(*model, prepared->settings);
        generate::Generator generator(*model->net, *model->tokenizer);
        const auto result = generator.run(prepared->request);
        return generate::pieceOf(*model, *prepared, result.sequences[std::size_t(variation)],
                                 generate::recipeOf(*model, prepared->settings, variation));
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        const auto tokenizer = remi::TokenizerConfig::rich();
        model::ModelConfig c;
        c.vocabSize = static_cast<std::int64_t>(remi::Vocabulary(tokenizer).size());
        c.width = 32;
        c.heads = 2;
        c.layers = 2;
        c.feedForward = 64;
        c.maxContext = 64;
        c.conditioningLabels = 2;
        model::ModelFile::SaveOptions options;
        options.labels = {"bach", "chopin"};
        model_ = dir_.filePath("model.safetensors");
        const auto error = model::ModelFile::save(model_.toStdString(), model::Transformer(c, 5),
                                                  tokenizer.toMidiTokJson(), options);
        QVERIFY2(!error, error ? error->toString().c_str() : "");
        panel_ = new GeneratePanel;
        panel_->setDocument(&doc_);
        panel_->history()->setFolder(dir_.filePath("history"));
        panel_->resize(420, 900);
        panel_->show();
    }
    void cleanupTestCase() { delete panel_; }

    void aFileThatIsNotAModelIsRefused() {
        const QString bad = dir_.filePath("song.safetensors");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a model at all, just words in a file");
        f.close();
        QVERIFY(!panel_->modelPicker()->selectModel(bad));
        QVERIFY2(panel_->modelPicker()->errorText().contains("song.safetensors"), qPrintable(panel_->modelPicker()->errorText()));
        QVERIFY(!panel_->modelPicker()->selectModel(dir_.filePath("nothing-here")));
        QVERIFY2(panel_->modelPicker()->errorText().contains("no model found"), qPrintable(panel_->modelPicker()->errorText()));
    }

    void modelInfoAndPromptLine() {
        QVERIFY(panel_->modelPicker()->selectModel(model_));
        QVERIFY2(panel_->modelPicker()->infoText().contains("Labels: bach, chopin"),
                 qPrintable(panel_->modelPicker()->infoText()));
        panel_->form()->reset();
        panel_->form()->promptLine()->setText(QStringLiteral("chopin, 2 bars, C major, piano, spooky"));
        QTest::keyClick(panel_->form()->promptLine(), Qt::Key_Return);
        QCOMPARE(panel_->form()->chipTexts(),
                 (QStringList{"composer chopin", "2 bars", "C major", "Acoustic Grand Piano"}));
        QVERIFY2(panel_->form()->unknownWordsText().contains("spooky"), qPrintable(panel_->form()->unknownWordsText()));
        const auto r = panel_->form()->request(false);
        QCOMPARE(r.composer, std::string("chopin"));
        QCOMPARE(r.bars.value_or(0), 2);
        QCOMPARE(r.key, std::string("C"));
    }

    void generatesIntoThePianoRollAsTheCoreDoes() {
        panel_->form()->setSeed(11);
        panel_->form()->setSeedLocked(true);
        QSignalSpy streamed(panel_->runner(), &ui::GenerationRunner::notesArrived);
        QVERIFY(runAndWait([&] { return panel_->generate(GeneratePanel::Mode::NewPiece); }));
        QVERIFY2(streamed.count() > 0, "notes should stream while generating");
        const midi::Score expected = expectedPiece();
        QVERIFY(expected.noteCount() > 0);
        QVERIFY(doc_.score() == expected);
        QCOMPARE(panel_->lastPiecePaths().size(), 1);
        const QString path = panel_->lastPiecePaths().front();
        QCOMPARE(doc_.filePath(), path);
        const auto bytes = midi::SmfWriter::encode(expected);
        QCOMPARE(readAll(path), QByteArray(reinterpret_cast<const char*>(bytes.data()), int(bytes.size())));
        QVERIFY(QFile::exists(QString::fromStdString(generate::recipePathFor(path.toStdString()))));
        QVERIFY(panel_->statusText().contains("Done"));
    }

    void historyReopenAndGenerateAgainExactly() {
        const QString original = panel_->lastPiecePaths().front();
        doc_.clear();
        panel_->history()->selectPiece(original);
        panel_->findChild<QPushButton*>(QStringLiteral("historyReopen"))->click();
        QCOMPARE(doc_.filePath(), original);
        QVERIFY(doc_.score().noteCount() > 0);
        panel_->form()->setSeed(999);  // the recipe decides, not the form
        QVERIFY(runAndWait([&] {
            panel_->findChild<QPushButton*>(QStringLiteral("historyAgain"))->click();
            return panel_->isRunning();
        }));
        const QString again = panel_->lastPiecePaths().value(0);
        QVERIFY(!again.isEmpty() && again != original);
        QCOMPARE(readAll(again), readAll(original));
    }

    void regenerateFromBarIsOneUndoStep() {
        panel_->form()->setSeed(5);
        panel_->form()->setLengthBars(1);
        const midi::Score before = doc_.score();
        const int undoBefore = doc_.undoStack()->count();
        QVERIFY(runAndWait([&] { return panel_->generate(GeneratePanel::Mode::RegenerateFromBar, 2); }));
        QVERIFY2(panel_->statusText().contains("Done"), qPrintable(panel_->statusText()));
        QCOMPARE(doc_.undoStack()->count(), undoBefore + 1);
        QVERIFY(doc_.score() != before);
        doc_.undoStack()->undo();
        QVERIFY(doc_.score() == before);
        doc_.undoStack()->redo();
        QVERIFY(doc_.score() != before);
        doc_.undoStack()->undo();
    }

    void regenerateSelectionSaysWhyNot() {
        doc_.selectAll();
        auto* b = panel_->findChild<QPushButton*>(QStringLiteral("regenerateSelection"));
        QVERIFY(!b->isEnabled());
        QVERIFY2(b->toolTip().contains("cannot fill in"), qPrintable(b->toolTip()));
    }

    void variationsAuditionAndKeep() {
        panel_->form()->setSeed(21);
        panel_->form()->setVariations(3);
        QVERIFY(runAndWait([&] { return panel_->generate(GeneratePanel::Mode::NewPiece); }));
        QCOMPARE(panel_->variationList()->count(), 3);
        QCOMPARE(panel_->lastPiecePaths().size(), 3);
        const midi::Score v2 = expectedPiece(1);
        const midi::Score v3 = expectedPiece(2);
        QVERIFY(v2 != v3);
        panel_->variationList()->setCurrentRow(1);  // audition
        QCOMPARE(doc_.score().tracks, v2.tracks);
        panel_->keep(2);
        QVERIFY(doc_.score() == v3);
        QCOMPARE(doc_.filePath(), panel_->lastPiecePaths().at(2));
        panel_->form()->setVariations(1);
    }

    void stopKeepsWhatWasMade() {
        panel_->form()->setSeed(3);
        panel_->form()->setLengthBars(5000);
        QSignalSpy done(panel_, &GeneratePanel::generationFinished);
        QSignalSpy streamed(panel_->runner(), &ui::GenerationRunner::notesArrived);
        QVERIFY(panel_->generate(GeneratePanel::Mode::NewPiece));
        QVERIFY(streamed.wait(60000));
        panel_->findChild<QPushButton*>(QStringLiteral("stopButton"))->click();
        QVERIFY(done.wait(60000));
        QVERIFY(panel_->runner()->outcome().cancelled);
        QVERIFY2(panel_->statusText().contains("Stopped"), qPrintable(panel_->statusText()));
        QVERIFY(doc_.score().noteCount() > 0);
        QVERIFY(generate::musicLength(doc_.score()).bars < 5000);
        QCOMPARE(panel_->lastPiecePaths().size(), 1);
        panel_->form()->setLengthBars(2);
    }

    // A model with the infilling tokens: Regenerate Selection rewrites the selected bar and keeps
    // every note before and after it, as one undo step.
    void regenerateSelectionFillsTheSelectedBars() {
        const auto tokenizer = remi::TokenizerConfig::rich();
        model::ModelConfig c;
        c.vocabSize = static_cast<std::int64_t>(remi::Vocabulary(tokenizer).size()) + 3;
        c.width = 32;
        c.heads = 2;
        c.layers = 2;
        c.feedForward = 64;
        c.maxContext = 256;
        model::ModelFile::SaveOptions options;
        options.extraTokens = data::infillingTokenNames();
        const QString fim = dir_.filePath("fim.safetensors");
        const auto error = model::ModelFile::save(fim.toStdString(), model::Transformer(c, 7), tokenizer.toMidiTokJson(), options);
        QVERIFY2(!error, error ? error->toString().c_str() : "");
        QVERIFY(panel_->modelPicker()->selectModel(fim));
        panel_->form()->reset();
        panel_->form()->setSeed(4);
        panel_->form()->setLengthBars(4);
        panel_->form()->promptLine()->setText(QStringLiteral("piano, calm"));  // calm: 2-8 notes in every bar
        panel_->form()->applyPromptLine();
        QVERIFY(runAndWait([&] { return panel_->generate(GeneratePanel::Mode::NewPiece); }));
        QVERIFY(doc_.score().noteCount() > 0);
        // Select the notes of bar 2.
        const midi::Tick from = doc_.barGrid().barStart(1), to = doc_.barGrid().barStart(2);
        ui::NoteRefs bar2;
        for (int t = 0; t < doc_.trackCount(); ++t)
            for (int i = 0; i < int(doc_.score().tracks[std::size_t(t)].notes.size()); ++i) {
                const auto& n = doc_.score().tracks[std::size_t(t)].notes[std::size_t(i)];
                if (n.start >= from && n.end() <= to) bar2.push_back({t, i});
            }
        QVERIFY(!bar2.empty());
        doc_.setSelection(bar2);
        auto* b = panel_->findChild<QPushButton*>(QStringLiteral("regenerateSelection"));
        QVERIFY2(b->isEnabled(), qPrintable(b->toolTip()));
        const midi::Score before = doc_.score();
        auto outside = [&](const midi::Score& s) {
            std::vector<midi::Note> out;
            for (const auto& t : s.tracks)
                for (const auto& n : t.notes)
                    if (n.start < from || n.start >= to) out.push_back(n);
            std::sort(out.begin(), out.end(), [](const midi::Note& x, const midi::Note& y) {
                return std::tie(x.start, x.pitch, x.duration) < std::tie(y.start, y.pitch, y.duration);
            });
            return out;
        };
        QVERIFY(runAndWait([&] {
            b->click();
            return panel_->isRunning();
        }));
        QVERIFY2(panel_->statusText().contains("Done"), qPrintable(panel_->statusText()));
        // The open piece reaches the generator as a MIDI file, so the notes kept are the piece as a
        // MIDI file holds it: two overlapping notes of one pitch come back with their note-offs paired
        // first-in first-out (as after Save and Open).
        const QString saved = dir_.filePath("before.mid");
        {
            const auto bytes = midi::SmfWriter::encode(before);
            QFile f(saved);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size()));
        }
        const auto reread = midi::SmfReader::readFile(saved.toStdString());
        QVERIFY(reread.ok());
        QVERIFY(outside(doc_.score()) == outside(*reread.score));
        QVERIFY(!outside(before).empty());
        QVERIFY(doc_.score() != before);
        doc_.undoStack()->undo();
        QVERIFY(doc_.score() == before);
        QVERIFY(panel_->modelPicker()->selectModel(model_));
    }
};

QTEST_MAIN(TestGeneratePanel)
#include "tst_generatepanel.moc"
