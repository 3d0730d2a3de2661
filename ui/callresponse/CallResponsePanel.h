// CallResponsePanel: call and response with a MIDI keyboard. The musician chooses an input port,
// the tempo, the pause (in beats) that ends a phrase, the answer's length in bars and where the
// answer sounds (the built-in synthesizer or a MIDI output port), then switches listening on.
// Each phrase and its answer land in the piano roll as the open piece (tracks "Played" and
// "Answer"), and the answer plays from where the pause ended. Without any MIDI input the panel
// says so and cannot be switched on; listenTo() takes a recorder without a port (tests feed it
// timed messages through its input path). The model is the Generate panel's. The choices are kept
// in the settings (group "callResponse") each time listening starts.
#pragma once

#include <QTimer>
#include <QWidget>
#include <functional>
#include <memory>
#include <vector>

#include "callresponse/CallResponseRunner.h"
#include "midi/Score.h"
#include "playback/PlaybackEngine.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace mozart::ui {

class PieceDocument;

class CallResponsePanel : public QWidget {
    Q_OBJECT
public:
    explicit CallResponsePanel(QWidget* parent = nullptr);
    ~CallResponsePanel() override;

    void setDocument(PieceDocument* document) { doc_ = document; }
    // The model file to answer with (the Generate panel's choice).
    void setModelSource(std::function<QString()> source) { model_ = std::move(source); }
    // The sampling, musical constraints and composer to answer with (the Generate panel's fields);
    // without it the defaults (temperature 0.9, no constraints).
    void setGenerationSource(std::function<generate::GenerationSettings()> source) { generation_ = std::move(source); }
    // Asked before the session replaces the open piece: false keeps it (the main window asks
    // whether to save unsaved edits). Without a guard the piece is replaced.
    void setEditsGuard(std::function<bool()> keepGoing) { editsGuard_ = std::move(keepGoing); }
    // Plays the open piece from a tick (the main window: hand the piece to its engine, seek, play).
    void setPlayer(std::function<void(midi::Tick from)> play) { player_ = std::move(play); }
    // The playback outputs (built-in synthesizer, MIDI output ports) and how to choose one.
    void setOutputs(std::function<std::vector<AudioOutput>()> list, std::function<bool(const QString& id)> choose);

    // Re-reads the MIDI input ports; without any, says that no MIDI input is available.
    void refreshPorts();
    bool hasInput() const;
    // Starts listening on the chosen port / on `recorder` (no port needed). False: statusText() says why.
    bool start();
    bool listenTo(std::unique_ptr<audio::MidiRecorder> recorder);
    void stop();

    void setTempo(int qpm);
    void setPauseBeats(double beats);
    void setAnswerBars(int bars);
    generate::CallAndResponseSettings settings() const;

    CallResponseRunner* runner() const { return runner_; }
    QString statusText() const;
    QString noInputText() const;
    QPushButton* toggleButton() const { return toggle_; }

Q_SIGNALS:
    void answered(int index);

private:
    void showAnswer(int index);
    // The piece in the piano roll: what was played so far, then the answers (when it changed).
    void refreshPiece();
    void showPhase(int phase);
    void refreshOutputs();
    void setStatus(const QString& text, bool error = false);
    void updateEnabled();
    void restoreSettings();
    void saveSettings() const;

    PieceDocument* doc_ = nullptr;
    std::function<QString()> model_;
    std::function<bool()> editsGuard_;
    std::function<generate::GenerationSettings()> generation_;
    std::function<void(midi::Tick)> player_;
    std::function<std::vector<AudioOutput>()> listOutputs_;
    std::function<bool(const QString&)> chooseOutput_;
    CallResponseRunner* runner_;
    QComboBox* input_;
    QLabel* noInput_;
    QSpinBox* tempo_;
    QDoubleSpinBox* pause_;
    QSpinBox* bars_;
    QComboBox* output_;
    QPushButton* toggle_;
    QLabel* status_;
    QString portName_;
    QString preferredOutput_;     // the output chosen last time (kept in the settings)
    QTimer display_;              // ~30 Hz while listening: the played notes appear as they are played
    std::size_t shownMessages_ = 0;
    std::size_t shownAnswers_ = 0;
};

}  // namespace mozart::ui
