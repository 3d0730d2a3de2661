// GeneratePanel: compose by clicking. Model picker, settings (GenerateForm with the prompt line),
// Generate / Stop, Continue from the end or from the playhead, Regenerate from bar K,
// Regenerate selection (filling bars, for models with the infilling tokens), variations to
// audition and keep, and the history of generated pieces. Notes stream into the open
// PieceDocument on a ~30 Hz timer while the GenerationRunner samples on its worker thread;
// changing the open piece is one undo step; a new piece opens as its history file.
#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <functional>

#include "generate/GenerationRunner.h"
#include "generate/GenerateRequest.h"
#include "midi/Score.h"

class QComboBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;
class QScrollArea;
class QSpinBox;

namespace mozart::ui {

class GenerateForm;
class GenerationHistory;
class ModelPicker;
class PieceDocument;
class VariationList;

class GeneratePanel : public QWidget {
    Q_OBJECT
public:
    enum class Mode { NewPiece, NewTrack, ContinueFromEnd, ContinueFromPlayhead, RegenerateFromBar, RegenerateSelection };

    explicit GeneratePanel(QWidget* parent = nullptr);
    ~GeneratePanel() override;

    void setDocument(PieceDocument* document);
    // Where the playhead is (the main window passes its playback engine's position).
    void setPlayheadSource(std::function<midi::Tick()> source) { playhead_ = std::move(source); }
    // Plays the open piece from a tick (the main window: hand the piece to its engine, seek, play);
    // auditioning a variation and the history's Play use it.
    void setPlayer(std::function<void(midi::Tick from)> play) { player_ = std::move(play); }
    // Asked before the history's Reopen or Play replaces the open piece: false keeps the piece (the
    // main window asks whether to save unsaved edits). Without a guard the piece is replaced.
    void setEditsGuard(std::function<bool()> keepGoing) { editsGuard_ = std::move(keepGoing); }

    // Starts a generation; false (with the reason in statusText()) when it cannot start.
    bool generate(Mode mode, int fromBar = 0);
    // Makes a history piece again from its recipe (same bytes); it opens as a new piece.
    bool generateAgain(const QString& recipePath);
    void stop();
    bool isRunning() const { return runner_->isRunning(); }
    // True while the panel itself puts a growing or finished piece into the document: playback that
    // is running then goes on with the longer piece instead of stopping as for a newly opened one.
    bool isUpdatingPiece() const { return updatingPiece_; }
    // Variation `index` of the last run shown in the piano roll (not yet kept) and played from the
    // start of the bar the playhead was in.
    void audition(int index);
    // Variation `index` becomes the piece (or the undo step on the open piece).
    void keep(int index);
    // The variations `indices` become new tracks: of the open piece (a new-track run) or of the new
    // piece (a new-piece run); one undo step. False (status says why) for other runs.
    bool keepAsTracks(const QList<int>& indices);
    // Whether bars can be filled in with this model (else `why`), where regeneration of a selection plugs in.
    bool canRegenerateSelection(QString* why) const;

    ModelPicker* modelPicker() const { return picker_; }
    GenerateForm* form() const { return form_; }
    GenerationHistory* history() const { return history_; }
    GenerationRunner* runner() const { return runner_; }
    QListWidget* variationList() const;
    VariationList* variations() const { return variations_; }
    QString statusText() const;
    QStringList lastPiecePaths() const { return lastPaths_; }

Q_SIGNALS:
    void generationFinished();

private:
    QGroupBox* buildRunBox(QWidget* parent);
    void connectSignals();
    void startRun(const QString& status);
    void onTick();
    void onFinished();
    void updateButtons();
    void showLive(const midi::Score& piece);
    void commit(const midi::Score& piece, const QString& path);
    midi::Score withNewTracks(const midi::Score& piece) const;
    midi::Score withTracksOf(midi::Score base, const std::vector<const midi::Score*>& pieces, const QStringList& names) const;
    void showVariations(const GenerationOutcome& outcome);
    QString writePromptFile(QString* error);
    void setStatus(const QString& text, bool error = false);

    PieceDocument* doc_ = nullptr;
    std::function<midi::Tick()> playhead_;
    std::function<void(midi::Tick)> player_;
    std::function<bool()> editsGuard_;
    bool updatingPiece_ = false;
    ModelPicker* picker_;
    GenerateForm* form_;
    GenerationHistory* history_;
    GenerationRunner* runner_;
    QComboBox* target_;
    QPushButton* generate_;
    QPushButton* stop_;
    QPushButton* continueEnd_;
    QPushButton* continuePlayhead_;
    QPushButton* regenerate_;
    QSpinBox* regenerateBar_;
    QPushButton* regenerateSelection_;
    VariationList* variations_;
    QLabel* status_;
    QScrollArea* scroll_ = nullptr;
    QTimer tick_;
    bool dirty_ = false;
    Mode mode_ = Mode::NewPiece;
    midi::Score before_;      // the open piece when the run started (its undo step's "before")
    int asked_ = 0;           // bars asked for (0: by seconds or tokens)
    int shown_ = 0;           // variation shown in the piano roll
    std::vector<midi::Score> pieces_;
    QStringList lastPaths_;
    bool committed_ = false;
    qint64 startedMs_ = 0;
};

}  // namespace mozart::ui
