#include "train/TrainingRunner.h"

#include <QMetaObject>

#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <unistd.h>

#include "generate/TimelineSample.h"
#include "model/CpuRuntime.h"
#include "train/TrainRunSetup.h"
#include "train/TrainingSession.h"

namespace mozart::ui {

namespace {

std::string clockText(double seconds) {
    const long s = long(std::max(0.0, seconds) + 0.5);
    char text[32];
    if (s >= 3600) std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    return text;
}

}  // namespace

TrainingRunner::TrainingRunner(QObject* parent) : QObject(parent) {
    // After the worker has ended, so isRunning() is false for whoever reacts to finished().
    connect(&thread_, &TaskThread::finished, this, [this] {
        QString text;
        bool failed;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            text = resultText_;
            failed = resultFailed_;
        }
        paused_ = false;
        if (estimating_) Q_EMIT estimated(text, failed);
        else Q_EMIT finished(text, failed);
    });
}

TrainingRunner::~TrainingRunner() { stopAndWait(); }

void TrainingRunner::post(std::function<void()> f) {
    QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection);
}

void TrainingRunner::start(const train::TrainRunOptions& options) {
    if (isRunning()) return;
    folder_ = QString::fromStdString(options.out);
    cancel_ = false;
    paused_ = false;
    estimating_ = false;
    thread_.start([this, options] { work(options); });
}

void TrainingRunner::estimate(const train::TrainRunOptions& options) {
    if (isRunning()) return;
    folder_.clear();
    cancel_ = false;
    paused_ = false;
    estimating_ = true;
    thread_.start([this, options] { workEstimate(options); });
}

namespace {

double residentMegabytes() {
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

}  // namespace

// On the worker thread: the real pipeline for 4 steps in a scratch folder; the first step (memory
// being touched for the first time) is left out of the timing.
void TrainingRunner::workEstimate(train::TrainRunOptions options) {
    auto result = [this](const std::string& text, bool failed) {
        std::lock_guard<std::mutex> lock(mutex_);
        resultText_ = QString::fromStdString(text);
        resultFailed_ = failed;
    };
    char scratch[] = "/tmp/mozart-estimate-XXXXXX";
    if (!::mkdtemp(scratch)) return result("no scratch folder for the estimate", true);
    const std::int64_t steps = options.steps > 0 ? options.steps : options.minutes > 0 ? 0 : 1000;
    const double minutes = options.minutes;
    options.out = std::string(scratch) + "/run";
    options.resume = options.force = false;
    options.steps = 4;
    options.minutes = 0;
    options.validateEvery = options.checkpointEvery = 0;
    try {
        model::setComputeThreads(std::max(1, options.threads));
        const auto planned = train::planTrainRun(options);
        train::TrainRunError error;
        auto corpusOptions = planned.plan ? train::corpusOptions(*planned.plan, &error) : std::nullopt;
        std::string why = planned.plan ? error.message : planned.error.message;
        std::optional<train::TrainingCorpus> corpus;
        if (corpusOptions) {
            corpusOptions->cancel = &cancel_;
            corpus = train::TrainingCorpus::open(*corpusOptions, &why);
        }
        std::optional<train::PreparedTrainRun> prepared;
        if (corpus) {
            prepared = train::prepareTrainRun(*planned.plan, *corpus, &error);
            why = error.message;
        }
        if (!prepared) {
            std::filesystem::remove_all(scratch);
            return result(why, true);
        }
        const double before = residentMegabytes();
        double firstStep = 0, lastStep = 0;
        train::TrainingEvents events;
        events.onStep = [&](const train::StepEvent& e) { (e.step == 1 ? firstStep : lastStep) = e.elapsedSeconds; };
        train::TrainingSession session(std::move(*prepared->network), prepared->trainer, prepared->data, prepared->setup,
                                       events, std::move(prepared->adapters));
        const auto summary = session.run();
        const double grown = std::max(0.0, residentMegabytes() - before);
        std::filesystem::remove_all(scratch);
        if (summary.reason == train::StopReason::Failed) return result(summary.error, true);
        const double perStep = (lastStep - firstStep) / 3;
        const double total = steps > 0 ? perStep * double(steps) : minutes * 60;
        char text[256];
        std::snprintf(text, sizeof text, "about %.2f s a step, %s for %lld steps; about %.0f MB more memory while training",
                      perStep, clockText(total).c_str(), (long long)(steps > 0 ? steps : std::int64_t(total / std::max(1e-9, perStep))), grown);
        result(text, false);
    } catch (const std::exception& e) {
        std::filesystem::remove_all(scratch);
        result(std::string("the estimate failed: ") + e.what(), true);
    }
}

void TrainingRunner::pause() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!session_ || paused_) return;
    session_->pause();
    paused_ = true;
    Q_EMIT pausedChanged(true);
}

void TrainingRunner::resume() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!session_ || !paused_) return;
    session_->resume();
    paused_ = false;
    Q_EMIT pausedChanged(false);
}

void TrainingRunner::stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    cancel_ = true;  // before the session exists: reading the data stops too
    if (session_) session_->cancel();
}

void TrainingRunner::stopAndWait() {
    stop();
    thread_.wait();
}

// On the worker thread.
void TrainingRunner::work(train::TrainRunOptions options) {
    auto result = [this](const std::string& text, bool failed) {
        std::lock_guard<std::mutex> lock(mutex_);
        resultText_ = QString::fromStdString(text);
        resultFailed_ = failed;
    };
    auto failed = [&result](const std::string& text) { result(text, true); };
    try {
        model::setComputeThreads(std::max(1, options.threads));
        const auto planned = train::planTrainRun(options);
        if (!planned.plan) return failed(planned.error.message);
        post([this] { Q_EMIT phase(tr("Reading the data…")); });
        train::TrainRunError error;
        auto corpusOptions = train::corpusOptions(*planned.plan, &error);
        if (!corpusOptions) return failed(error.message);
        corpusOptions->cancel = &cancel_;
        std::string why;
        auto corpus = train::TrainingCorpus::open(*corpusOptions, &why);
        if (!corpus) return failed(cancel_ ? "stopped while reading the data" : why);
        auto prepared = train::prepareTrainRun(*planned.plan, *corpus, &error);
        if (!prepared) return failed(error.message);
        for (const auto& note : prepared->notes) post([this, note] { Q_EMIT message(QString::fromStdString(note)); });

        train::TrainingEvents events;
        events.onStep = [this](const train::StepEvent&) { stepsTaken_.fetch_add(1, std::memory_order_relaxed); };
        events.onMessage = [this](const std::string& m) { post([this, m] { Q_EMIT message(QString::fromStdString(m)); }); };
        sampler_ = samplesEvery_ > 0 ? makeSampler(options.out, prepared->setup.description, samplesEvery_) : nullptr;
        // On the worker thread, between steps: the copy is the trainer's only wait.
        events.onValidation = [this](const train::ValidationEvent& e) {
            std::shared_ptr<train::TrainingSession> current;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                current = session_;
            }
            if (current && sampler_) sampler_->validated(e.step, [&] { return current->weightsSnapshot(); });
        };
        auto session = std::make_shared<train::TrainingSession>(std::move(*prepared->network), prepared->trainer,
                                                                prepared->data, prepared->setup, events,
                                                                std::move(prepared->adapters));
        if (auto e = session->open()) return failed(train::explainOpenError(*e, options));
        {
            std::lock_guard<std::mutex> lock(mutex_);
            session_ = session;
            if (cancel_) session->cancel();
        }
        const std::string what = prepared->description;
        post([this, what] { Q_EMIT phase(QString::fromStdString(what)); });
        const train::TrainingSummary summary = session->run();
        sampler_.reset();  // waits: the samples in flight land before finished()
        {
            std::lock_guard<std::mutex> lock(mutex_);
            session_.reset();
        }
        if (summary.reason == train::StopReason::Failed) return failed(summary.error);
        char text[256];
        std::snprintf(text, sizeof text, "%s after %lld steps; last loss %.4f%s", train::stopReasonName(summary.reason),
                      (long long)summary.steps, summary.lastLoss,
                      std::isfinite(summary.bestValidationLoss) ? "; best checkpoint saved" : "");
        result(text, false);
    } catch (const std::exception& e) {
        sampler_.reset();
        failed(std::string("training failed: ") + e.what());
    }
}

std::unique_ptr<generate::TimelineSampler> TrainingRunner::makeSampler(const std::string& runFolder,
                                                                       const train::ModelDescription& description, int every) {
    generate::TimelineSampler::Run run;
    run.folder = runFolder;
    run.every = every;
    run.tokenizerConfig = description.tokenizerConfig;
    run.description = train::saveOptionsOf(description);
    // On the sampler's thread.
    auto written = [this](const generate::TimelineSample& s) {
        const QString file = QString::fromStdString(s.midiFile);
        const qint64 step = s.step;
        post([this, step, file] { Q_EMIT sampleWritten(step, file); });
    };
    auto failed = [this](const std::string& error) {
        post([this, error] { Q_EMIT message(tr("Samples timeline: %1").arg(QString::fromStdString(error))); });
    };
    return std::make_unique<generate::TimelineSampler>(std::move(run), written, failed);
}

}  // namespace mozart::ui
