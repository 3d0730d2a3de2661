#include "callresponse/CallResponseRunner.h"

#include <QMetaObject>
#include <algorithm>

#include "generate/GenerationJob.h"
#include "tasks/TaskThread.h"

namespace mozart::ui {

CallResponseRunner::CallResponseRunner(QObject* parent) : QObject(parent), thread_(new TaskThread(this)) {
    connect(thread_, &TaskThread::finished, this, &CallResponseRunner::onModelLoaded);
}

CallResponseRunner::~CallResponseRunner() {
    stop();
    thread_->wait();
}

bool CallResponseRunner::start(const QString& modelFile, const generate::CallAndResponseSettings& settings,
                               std::unique_ptr<audio::MidiRecorder> recorder, QString* error) {
    if (active_ || thread_->isRunning()) {
        *error = tr("Call and response is already listening.");
        return false;
    }
    if (const std::string why = generate::validate(settings); !why.empty()) {
        *error = QString::fromStdString(why);
        return false;
    }
    if (modelFile.isEmpty()) {
        *error = tr("Choose a model in the Generate panel first.");
        return false;
    }
    settings_ = settings;
    recorder_ = std::move(recorder);
    exchanges_.clear();
    active_ = true;
    if (model_ && QString::fromStdString(model_->file) == modelFile) {
        loading_ = model_;
        QMetaObject::invokeMethod(this, &CallResponseRunner::onModelLoaded, Qt::QueuedConnection);
        return true;
    }
    model_.reset();
    loadingFile_ = modelFile;
    thread_->start([this, file = modelFile.toStdString()] {
        std::string why;
        loading_ = generate::loadModel(file, &why);
        loadError_ = QString::fromStdString(why);
    });
    return true;
}

void CallResponseRunner::onModelLoaded() {
    if (!thread_->failure().empty()) loadError_ = QString::fromStdString(thread_->failure());
    model_ = std::move(loading_);
    if (!active_) return;  // stopped while loading
    if (!model_) {
        active_ = false;
        recorder_.reset();
        Q_EMIT failed(loadError_);
        return;
    }
    // The composer by name (the Generate panel's choice) -> the model's label; unknown: the first.
    const auto& names = model_->info.labels;
    const std::string& composer = settings_.generation.prompt.composer;
    const auto it = std::find(names.begin(), names.end(), composer);
    settings_.label = composer.empty() || it == names.end() ? 0 : std::int64_t(it - names.begin());
    audio::MidiRecorder* rec = recorder_.get();
    const audio::RecordingSettings rs{settings_.ticksPerQuarter, settings_.qpm};
    generate::CallAndResponse::Callbacks callbacks;
    callbacks.phase = [this](generate::CallAndResponse::Phase p) {
        QMetaObject::invokeMethod(this, [this, p] { Q_EMIT phaseChanged(int(p)); }, Qt::QueuedConnection);
    };
    callbacks.answer = [this](const generate::Exchange& e) {
        QMetaObject::invokeMethod(this, [this, e] {
            if (!engine_) return;  // stopped meanwhile
            exchanges_.push_back(e);
            Q_EMIT answered(int(exchanges_.size()) - 1);
        }, Qt::QueuedConnection);
    };
    engine_ = std::make_unique<generate::CallAndResponse>(
        *model_, settings_, [rec, rs] { return rec->score(rs); }, [rec] { return rec->elapsed(); }, callbacks);
    generate::CallAndResponse* engine = engine_.get();
    rec->setListener([engine](const audio::TimedMidiMessage& m) { engine->message(m.seconds, m.bytes.data(), m.bytes.size()); });
    rec->start();
    Q_EMIT listening();
}

void CallResponseRunner::stop() {
    active_ = false;
    // The recorder first: after it, no input thread reaches the engine.
    if (recorder_) recorder_->stop();
    recorder_.reset();
    engine_.reset();
}

midi::Score CallResponseRunner::recording() const {
    return recorder_ ? recorder_->score({settings_.ticksPerQuarter, settings_.qpm}) : midi::Score{};
}

}  // namespace mozart::ui
