// CallResponseRunner: the one adapter between the Call and response panel and core: a MidiRecorder
// (a port, or an unconnected one fed through its input path) and generate::CallAndResponse.
// start() loads the model on a worker thread (TaskThread); then the recorder's listener feeds the
// engine on the recorder's input thread, and the engine's callbacks (its own thread) are posted
// here as queued calls, so phaseChanged() and answered() are emitted on the GUI thread. The GUI
// thread never samples. Stopping (or destroying) closes the recorder first, then the engine.
#pragma once

#include <QObject>
#include <QString>
#include <memory>
#include <vector>

#include "audio/MidiRecorder.h"
#include "generate/CallAndResponse.h"
#include "midi/Score.h"

namespace mozart::generate {
struct LoadedModel;
}

namespace mozart::ui {

class TaskThread;

class CallResponseRunner : public QObject {
    Q_OBJECT
public:
    explicit CallResponseRunner(QObject* parent = nullptr);
    ~CallResponseRunner() override;

    // Loads `modelFile` (kept loaded for the next start with the same file) and listens to
    // `recorder`. False with `error` when the settings are wrong or a session is going on;
    // a model that cannot be loaded is reported by failed().
    bool start(const QString& modelFile, const generate::CallAndResponseSettings& settings,
               std::unique_ptr<audio::MidiRecorder> recorder, QString* error);
    void stop();
    bool isActive() const { return active_; }
    bool isListening() const { return engine_ != nullptr; }

    // The recorder being listened to (tests feed it timed messages), or null.
    audio::MidiRecorder* recorder() const { return recorder_.get(); }
    // What was played so far, at the session's tempo and resolution (GUI thread).
    midi::Score recording() const;
    const std::vector<generate::Exchange>& exchanges() const { return exchanges_; }
    const generate::CallAndResponseSettings& settings() const { return settings_; }

Q_SIGNALS:
    void listening();                 // the model is loaded; play
    void failed(const QString& error);
    void phaseChanged(int phase);     // generate::CallAndResponse::Phase
    void answered(int index);         // exchanges()[index] arrived

private:
    void onModelLoaded();

    TaskThread* thread_;
    std::shared_ptr<generate::LoadedModel> model_;
    std::shared_ptr<generate::LoadedModel> loading_;  // written by the worker, read after finished()
    QString loadingFile_;
    QString loadError_;
    generate::CallAndResponseSettings settings_;
    std::unique_ptr<audio::MidiRecorder> recorder_;
    std::unique_ptr<generate::CallAndResponse> engine_;
    std::vector<generate::Exchange> exchanges_;
    bool active_ = false;
};

}  // namespace mozart::ui
