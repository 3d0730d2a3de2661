#include "generate/GeneratePanel.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

#include "document/PieceDocument.h"
#include "generate/GenerateForm.h"
#include "generate/GenerationJob.h"
#include "generate/GenerationHistory.h"
#include "generate/ModelLocator.h"
#include "generate/ModelPicker.h"
#include "generate/ScoreReplaceCommand.h"
#include "generate/VariationList.h"
#include "io/AtomicFile.h"
#include "midi/SmfReader.h"
#include "midi/SmfWriter.h"

namespace mozart::ui {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

QPushButton* button(QWidget* parent, const QString& text, const char* name) {
    auto* b = new QPushButton(text, parent);
    b->setObjectName(QString::fromLatin1(name));
    return b;
}
}  // namespace

GeneratePanel::GeneratePanel(QWidget* parent) : QWidget(parent), runner_(new GenerationRunner(this)) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    scroll_ = scroll;
    auto* inner = new QWidget(scroll);
    scroll->setWidget(inner);
    auto* layout = new QVBoxLayout(inner);

    auto* modelBox = new QGroupBox(tr("Model"), inner);
    auto* modelLayout = new QVBoxLayout(modelBox);
    picker_ = new ModelPicker(modelBox);
    modelLayout->addWidget(picker_);
    layout->addWidget(modelBox);

    auto* settingsBox = new QGroupBox(tr("What to write"), inner);
    auto* settingsLayout = new QVBoxLayout(settingsBox);
    form_ = new GenerateForm(settingsBox);
    settingsLayout->addWidget(form_);
    layout->addWidget(settingsBox);

    auto* runBox = buildRunBox(inner);
    layout->addWidget(runBox);

    auto* variationsBox = new QGroupBox(tr("Variations"), inner);
    auto* vl = new QVBoxLayout(variationsBox);
    variations_ = new VariationList(variationsBox);
    vl->addWidget(variations_);
    layout->addWidget(variationsBox);

    auto* historyBox = new QGroupBox(tr("History"), inner);
    auto* hl = new QVBoxLayout(historyBox);
    history_ = new GenerationHistory(historyBox);
    history_->setMinimumHeight(140);
    hl->addWidget(history_);
    layout->addWidget(historyBox);
    layout->addStretch(1);
    // The dock opens wide enough for the whole form: nothing is cut at its right edge.
    setMinimumWidth(std::max(400, inner->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width() + 40));

    connectSignals();
    form_->setLabels(picker_->current().labels);
    history_->setModel(picker_->current().notes, picker_->current().tokenizerJson);
    if (picker_->current().file.isEmpty()) setStatus(picker_->infoText(), true);
    updateButtons();
}

GeneratePanel::~GeneratePanel() { runner_->stop(); }

QGroupBox* GeneratePanel::buildRunBox(QWidget* parent) {
    auto* runBox = new QGroupBox(tr("Generate"), parent);
    auto* run = new QVBoxLayout(runBox);
    auto* row1 = new QHBoxLayout;
    target_ = new QComboBox(runBox);
    target_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    target_->setMinimumContentsLength(8);
    target_->setObjectName(QStringLiteral("generateTarget"));
    target_->addItem(tr("as a new piece"), int(Mode::NewPiece));
    target_->addItem(tr("as a new track of the open piece"), int(Mode::NewTrack));
    generate_ = button(runBox, tr("Generate"), "generateButton");
    generate_->setDefault(true);
    stop_ = button(runBox, tr("Stop"), "stopButton");
    row1->addWidget(generate_);
    row1->addWidget(target_, 1);
    row1->addWidget(stop_);
    run->addLayout(row1);
    auto* row2 = new QHBoxLayout;
    continueEnd_ = button(runBox, tr("Continue from End"), "continueEnd");
    continuePlayhead_ = button(runBox, tr("Continue from Playhead"), "continuePlayhead");
    row2->addWidget(continueEnd_);
    row2->addWidget(continuePlayhead_);
    run->addLayout(row2);
    auto* row3 = new QHBoxLayout;
    regenerate_ = button(runBox, tr("Regenerate from Bar"), "regenerateFromBar");
    regenerateBar_ = new QSpinBox(runBox);
    regenerateBar_->setObjectName(QStringLiteral("regenerateBar"));
    regenerateBar_->setRange(1, 100000);
    regenerateSelection_ = button(runBox, tr("Regenerate Selection"), "regenerateSelection");
    row3->addWidget(regenerate_);
    row3->addWidget(regenerateBar_);
    row3->addWidget(regenerateSelection_);
    run->addLayout(row3);
    status_ = new QLabel(runBox);
    status_->setObjectName(QStringLiteral("generateStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    run->addWidget(status_);
    return runBox;
}

void GeneratePanel::connectSignals() {
    connect(generate_, &QPushButton::clicked, this, [this] { generate(Mode(target_->currentData().toInt())); });
    connect(stop_, &QPushButton::clicked, this, &GeneratePanel::stop);
    connect(continueEnd_, &QPushButton::clicked, this, [this] { generate(Mode::ContinueFromEnd); });
    connect(continuePlayhead_, &QPushButton::clicked, this, [this] { generate(Mode::ContinueFromPlayhead); });
    connect(regenerate_, &QPushButton::clicked, this, [this] { generate(Mode::RegenerateFromBar, regenerateBar_->value()); });
    connect(regenerateSelection_, &QPushButton::clicked, this, [this] { generate(Mode::RegenerateSelection); });
    connect(variations_, &VariationList::auditionRequested, this, [this](int row) {
        if (!committed_) audition(row);
    });
    connect(variations_, &VariationList::keepRequested, this, &GeneratePanel::keep);
    connect(variations_, &VariationList::keepAsTracksRequested, this, &GeneratePanel::keepAsTracks);
    connect(history_, &GenerationHistory::playRequested, this, [this](const QString& path) {
        Q_EMIT history_->reopenRequested(path);
        if (player_ && doc_ && doc_->filePath() == path) player_(0);
    });
    connect(history_, &GenerationHistory::againRequested, this, &GeneratePanel::generateAgain);
    connect(history_, &GenerationHistory::reopenRequested, this, [this](const QString& path) {
        if (doc_ && doc_->filePath() != path && editsGuard_ && !editsGuard_()) return;  // edits kept
        auto read = midi::SmfReader::readFile(path.toStdString());
        if (!read.ok()) return setStatus(q(read.error ? read.error->toString() : path.toStdString()), true);
        if (doc_) doc_->load(std::move(*read.score), path);
    });
    connect(picker_, &ModelPicker::modelChanged, this, [this] {
        form_->setLabels(picker_->current().labels);
        history_->setModel(picker_->current().notes, picker_->current().tokenizerJson);
        if (picker_->current().file.isEmpty()) setStatus(picker_->infoText(), true);
        updateButtons();
    });
    connect(runner_, &GenerationRunner::notesArrived, this, [this] { dirty_ = true; });
    connect(runner_, &GenerationRunner::finished, this, &GeneratePanel::onFinished);
    tick_.setInterval(33);  // the piano roll follows at ~30 Hz, whatever the note rate
    connect(&tick_, &QTimer::timeout, this, &GeneratePanel::onTick);
}

void GeneratePanel::setDocument(PieceDocument* document) {
    doc_ = document;
    if (doc_) {
        connect(doc_, &PieceDocument::selectionChanged, this, &GeneratePanel::updateButtons);
        connect(doc_, &PieceDocument::scoreReset, this, &GeneratePanel::updateButtons);
    }
    updateButtons();
}

QString GeneratePanel::statusText() const { return status_->text(); }

QListWidget* GeneratePanel::variationList() const { return variations_->list(); }

void GeneratePanel::setStatus(const QString& text, bool error) {
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #b00020") : QString());
}

bool GeneratePanel::canRegenerateSelection(QString* why) const {
    // Filling bars A..B keeps the notes after them too; only models trained with the infilling
    // tokens (FIM_Prefix/Suffix/Middle) can do it.
    if (picker_->current().file.isEmpty()) {
        *why = tr("No model");
        return false;
    }
    if (!picker_->current().infilling) {
        *why = tr("This model cannot fill in bars: %1").arg(picker_->current().infillingReason);
        return false;
    }
    if (!doc_ || !doc_->hasSelection()) {
        *why = tr("Select the notes of the bars to regenerate");
        return false;
    }
    return true;
}

void GeneratePanel::updateButtons() {
    const bool running = runner_->isRunning();
    const bool model = !picker_->current().file.isEmpty();
    const bool piece = doc_ && !doc_->isEmpty() && doc_->score().noteCount() > 0;
    generate_->setEnabled(!running && model);
    stop_->setEnabled(running);
    for (auto* b : {continueEnd_, continuePlayhead_, regenerate_}) b->setEnabled(!running && model && piece);
    QString why;
    const bool selection = canRegenerateSelection(&why);
    regenerateSelection_->setEnabled(!running && selection);
    regenerateSelection_->setToolTip(selection ? tr("Rewrite the selected bars and keep what comes after them") : why);
    const bool choosing = !running && !committed_ && pieces_.size() > 1;
    const bool asTracks = mode_ == Mode::NewPiece || mode_ == Mode::NewTrack;
    variations_->setKeepEnabled(choosing, choosing && asTracks,
                                asTracks ? tr("Generate several variations first")
                                         : tr("A continuation or regeneration is the whole piece: keep one of them"));
}

QString GeneratePanel::writePromptFile(QString* error) {
    // The open piece (edits included) becomes a file so the run and its recipe can name it.
    const QString dir = QDir(history_->folder()).filePath(QStringLiteral("prompts"));
    QDir().mkpath(dir);
    const QString path =
        QDir(dir).filePath(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")) + QStringLiteral(".mid"));
    const auto bytes = midi::SmfWriter::encode(doc_->score());
    std::string why;
    if (!io::writeFileAtomically(path.toStdString(), bytes.data(), bytes.size(), &why)) {
        *error = q(why);
        return {};
    }
    return path;
}

bool GeneratePanel::generate(Mode mode, int fromBar) {
    if (runner_->isRunning()) return false;
    if (picker_->current().file.isEmpty()) {
        setStatus(picker_->errorText().isEmpty() ? tr("No model found: %1").arg(q(generate::howToGetAModel()))
                                                 : picker_->errorText(),
                  true);
        return false;
    }
    const auto resolved = generate::resolveRequest(form_->request(true), picker_->current().labels);
    if (!resolved.error.empty()) {
        setStatus(q(resolved.error), true);
        return false;
    }
    generate::GenerationSettings settings = resolved.settings;
    const bool onPiece = mode != Mode::NewPiece && mode != Mode::NewTrack;
    if (onPiece) {
        if (!doc_ || doc_->score().noteCount() == 0) {
            setStatus(tr("Open or generate a piece first"), true);
            return false;
        }
        QString error;
        const QString prompt = writePromptFile(&error);
        if (prompt.isEmpty()) return setStatus(error, true), false;
        settings.prompt.midiFile = prompt.toStdString();
        const midi::Tick at = playhead_ ? playhead_() : 0;
        if (mode == Mode::ContinueFromPlayhead) settings.prompt.regenerateFromBar = doc_->barGrid().barAt(at) + 1;
        if (mode == Mode::RegenerateFromBar) settings.prompt.regenerateFromBar = std::max(1, fromBar);
        if (mode == Mode::RegenerateSelection) {
            QString why;
            if (!canRegenerateSelection(&why)) return setStatus(why, true), false;
            midi::Tick first = -1, last = 0;
            for (const auto& ref : doc_->selection()) {
                const auto& n = doc_->score().tracks[std::size_t(ref.track)].notes[std::size_t(ref.index)];
                first = first < 0 ? n.start : std::min(first, n.start);
                last = std::max(last, n.end() - 1);
            }
            settings.prompt.regenerateFromBar = doc_->barGrid().barAt(first) + 1;
            settings.prompt.infillToBar = doc_->barGrid().barAt(last) + 1;
        }
        if (auto e = generate::validate(settings); !e.empty()) return setStatus(q(e), true), false;
    }
    GenerationRunner::Job job;
    job.modelFile = picker_->current().file;
    job.settings = settings;
    job.thumbnailRatio = devicePixelRatioF();
    mode_ = mode;
    asked_ = settings.prompt.infillToBar > 0 ? settings.prompt.infillToBar - settings.prompt.regenerateFromBar + 1
                                             : settings.length.bars;
    before_ = doc_ ? doc_->score() : midi::Score{};
    if (mode == Mode::NewPiece && doc_) doc_->load(midi::Score{}, QString());
    if (!runner_->start(std::move(job))) return false;
    form_->saveSettings();
    startRun(tr("Generating…"));
    return true;
}

void GeneratePanel::startRun(const QString& status) {
    shown_ = 0;
    pieces_.clear();
    lastPaths_.clear();
    variations_->clear();
    committed_ = false;
    startedMs_ = QDateTime::currentMSecsSinceEpoch();
    tick_.start();
    setStatus(status);
    updateButtons();
}

bool GeneratePanel::generateAgain(const QString& recipePath) {
    if (runner_->isRunning()) return false;
    std::string text, error;
    if (!io::readWholeFile(recipePath.toStdString(), &text, &error)) return setStatus(q(error), true), false;
    const auto recipe = generate::parseRecipe(text, &error);
    if (!recipe) return setStatus(tr("%1: %2").arg(recipePath, q(error)), true), false;
    const auto located = generate::locateModel(recipe->modelFile);
    if (located.file.empty()) return setStatus(q(located.error), true), false;
    GenerationRunner::Job job;
    job.modelFile = q(located.file);
    job.settings = recipe->settings;
    job.onlyVariation = recipe->variation;
    job.expectedCheckpoint = recipe->checkpointId;
    job.thumbnailRatio = devicePixelRatioF();
    mode_ = Mode::NewPiece;
    asked_ = recipe->settings.length.bars;
    before_ = {};
    if (doc_) doc_->load(midi::Score{}, QString());
    if (!runner_->start(std::move(job))) return false;
    startRun(tr("Generating again from %1…").arg(QFileInfo(recipePath).fileName()));
    return true;
}

void GeneratePanel::stop() {
    if (!runner_->isRunning()) return;
    runner_->stop();
    setStatus(tr("Stopping… (what was made is kept)"));
}

void GeneratePanel::onTick() {
    const double seconds = std::max(0.001, (QDateTime::currentMSecsSinceEpoch() - startedMs_) / 1000.0);
    const QString bars = asked_ > 0 ? tr("bar %1 of %2").arg(std::min(runner_->liveBars(), asked_)).arg(asked_)
                                    : tr("%1 bars").arg(runner_->liveBars());
    setStatus(tr("Generating… %1 · %2 notes · %3 tokens/s")
                  .arg(bars)
                  .arg(runner_->liveNotes())
                  .arg(double(runner_->tokensSoFar()) / seconds, 0, 'f', 0));
    if (!dirty_) return;
    dirty_ = false;
    showLive(runner_->liveScore(shown_));
}

midi::Score GeneratePanel::withNewTracks(const midi::Score& piece) const {
    return withTracksOf(before_, {&piece}, {QStringLiteral("Generated")});
}

midi::Score GeneratePanel::withTracksOf(midi::Score base, const std::vector<const midi::Score*>& pieces,
                                        const QStringList& names) const {
    // The generated tracks join `base` in its own resolution; a base without tracks takes the
    // first piece's resolution, tempo and metre (its notes then stay exactly as generated).
    if (base.tracks.empty() && !pieces.empty()) {
        base.ticksPerQuarter = pieces.front()->ticksPerQuarter;
        if (base.tempos.empty()) base.tempos = pieces.front()->tempos;
        if (base.timeSignatures.empty()) base.timeSignatures = pieces.front()->timeSignatures;
        if (base.keySignatures.empty()) base.keySignatures = pieces.front()->keySignatures;
    }
    for (std::size_t p = 0; p < pieces.size(); ++p) {
        const double s = double(std::max(1, base.ticksPerQuarter)) / std::max(1, pieces[p]->ticksPerQuarter);
        for (midi::Track t : pieces[p]->tracks) {
            if (s != 1.0)
                for (auto& n : t.notes) {
                    n.start = midi::Tick(std::llround(n.start * s));
                    n.duration = std::max<midi::Tick>(1, midi::Tick(std::llround(n.duration * s)));
                }
            t.controls.clear();
            t.pedals.clear();
            t.pitchBends.clear();
            t.name = names.value(int(p)).toStdString() + (t.name.empty() ? "" : " " + t.name);
            base.tracks.push_back(std::move(t));
        }
    }
    return base;
}

void GeneratePanel::showLive(const midi::Score& piece) {
    if (!doc_) return;
    const QScopedValueRollback<bool> updating(updatingPiece_, true);
    doc_->replaceScore(mode_ == Mode::NewTrack ? withNewTracks(piece) : piece);
}

void GeneratePanel::commit(const midi::Score& piece, const QString& path) {
    committed_ = true;
    if (!doc_) return;
    const QScopedValueRollback<bool> updating(updatingPiece_, true);
    switch (mode_) {
    case Mode::NewPiece:
        doc_->load(piece, path);
        break;
    case Mode::NewTrack:
        doc_->undoStack()->push(new ScoreReplaceCommand(doc_, tr("Generate Track"), before_, withNewTracks(piece)));
        break;
    default:
        doc_->undoStack()->push(new ScoreReplaceCommand(doc_, tr("Generate"), before_, piece));
        break;
    }
}

void GeneratePanel::onFinished() {
    tick_.stop();
    const GenerationOutcome& outcome = runner_->outcome();
    if (!outcome.error.isEmpty()) {
        if (doc_ && mode_ != Mode::NewPiece) doc_->replaceScore(before_);
        setStatus(outcome.error, true);
        updateButtons();
        Q_EMIT generationFinished();
        return;
    }
    pieces_ = outcome.pieces;
    QString problem;
    for (std::size_t i = 0; i < pieces_.size(); ++i) {
        QString error;
        lastPaths_ << history_->add(pieces_[i], outcome.recipes[i], &error);
        if (!error.isEmpty()) problem = error;
    }
    int notes = 0;
    for (const auto& piece : pieces_) notes = std::max(notes, generate::musicLength(piece).notes);
    showVariations(outcome);
    if (pieces_.size() == 1) commit(pieces_.front(), lastPaths_.value(0));
    else if (!pieces_.empty()) {
        variations_->setCurrentRowSilently(0);
        shown_ = 0;
        showLive(pieces_.front());
        // The list to choose from, below the settings, and the history under it when both fit.
        scroll_->ensureWidgetVisible(history_);
        scroll_->ensureWidgetVisible(variations_);
    }
    QString text = tr("%1 %2 notes in %3 s (%4 tokens/s)")
                       .arg(outcome.cancelled ? tr("Stopped; kept") : tr("Done:"))
                       .arg(notes)
                       .arg(outcome.seconds, 0, 'f', 1)
                       .arg(outcome.seconds > 0 ? double(outcome.tokens) / outcome.seconds : 0.0, 0, 'f', 0);
    if (pieces_.size() > 1) text += tr(" · click a variation to hear it, then keep one or several");
    if (!problem.isEmpty()) text += tr(" · not saved in the history: %1").arg(problem);
    setStatus(text, !problem.isEmpty());
    updateButtons();
    Q_EMIT generationFinished();
}

void GeneratePanel::showVariations(const GenerationOutcome& outcome) {
    QStringList texts;
    for (std::size_t i = 0; i < outcome.pieces.size(); ++i) {
        const auto length = generate::musicLength(outcome.pieces[i]);
        texts << tr("Variation %1: %2 bars, %3 notes, %4 s")
                     .arg(outcome.recipes[i].variation + 1)
                     .arg(length.bars)
                     .arg(length.notes)
                     .arg(length.seconds, 0, 'f', 1);
    }
    variations_->setVariations(texts, outcome.thumbnails);
}

void GeneratePanel::audition(int index) {
    if (index < 0 || index >= int(pieces_.size())) return;
    // The same bar of the other variation: compare like with like.
    const int bar = doc_ && playhead_ ? doc_->barGrid().barAt(playhead_()) : 0;
    shown_ = index;
    showLive(pieces_[std::size_t(index)]);
    if (player_ && doc_) player_(doc_->barGrid().barStart(std::max(0, bar)));
}

void GeneratePanel::keep(int index) {
    if (committed_ || index < 0 || index >= int(pieces_.size())) return;
    commit(pieces_[std::size_t(index)], lastPaths_.value(index));
    updateButtons();
}

bool GeneratePanel::keepAsTracks(const QList<int>& indices) {
    if (committed_ || !doc_ || indices.isEmpty()) return false;
    if (mode_ != Mode::NewPiece && mode_ != Mode::NewTrack)
        return setStatus(tr("A continuation or regeneration is the whole piece: keep one of them"), true), false;
    std::vector<const midi::Score*> chosen;
    QStringList names;
    for (int i : indices) {
        if (i < 0 || i >= int(pieces_.size())) return false;
        chosen.push_back(&pieces_[std::size_t(i)]);
        names << tr("Variation %1").arg(i + 1);
    }
    // A new-piece run started from an empty piece; a new-track run from the open one.
    const midi::Score base = mode_ == Mode::NewPiece ? midi::Score{} : before_;
    const midi::Score after = withTracksOf(base, chosen, names);
    committed_ = true;
    doc_->undoStack()->push(new ScoreReplaceCommand(doc_, tr("Keep Variations as Tracks"), base, after));
    setStatus(tr("Kept %n variation(s) as tracks", nullptr, int(chosen.size())));
    updateButtons();
    return true;
}

}  // namespace mozart::ui
