#include "train/RunData.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <cmath>
#include <limits>

namespace mozart::ui {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr qint64 kMaxConfigBytes = 4 << 20;  // config.json is a few kB; refuse anything huge
}  // namespace

RunData::RunData(const QString& folder)
    : folder_(QDir::cleanPath(folder)), follower_((folder_ + QStringLiteral("/metrics.jsonl")).toStdString()) {
    clear();
}

QString RunData::name() const { return QFileInfo(folder_).fileName(); }

std::int64_t RunData::maxSteps() const {
    // A resumed session may have another length than config.json (written when the run began).
    const QJsonObject t = config_.value(QStringLiteral("trainer")).toObject();
    const double steps = sessionMaxSteps_ > 0 ? double(sessionMaxSteps_) : t.value(QStringLiteral("max_steps")).toDouble();
    return steps >= double(std::int64_t(1) << 40) ? 0 : std::int64_t(steps);  // a placeholder of a time-bounded run
}

double RunData::maxMinutes() const {
    if (sessionMaxSteps_ > 0) return sessionMaxMinutes_;
    return config_.value(QStringLiteral("trainer")).toObject().value(QStringLiteral("max_minutes")).toDouble();
}

void RunData::clear() {
    for (auto& s : series_) s.clear();
    checkpoints_.clear();
    step_ = 0;
    bestStep_ = -1;
    seconds_ = tokens_ = tokensPerSecond_ = 0;
    bestLoss_ = lastValidation_ = kNaN;
    sessionMaxSteps_ = 0;
    sessionMaxMinutes_ = 0;
    state_.clear();
    events_ = 0;
}

void RunData::readConfig() {
    QFile f(folder_ + QStringLiteral("/config.json"));
    if (f.size() > kMaxConfigBytes || !f.open(QIODevice::ReadOnly)) return;
    config_ = QJsonDocument::fromJson(f.read(kMaxConfigBytes)).object();
}

bool RunData::poll() {
    if (config_.isEmpty()) readConfig();
    auto p = follower_.poll();
    bool changed = p.restarted;
    if (p.restarted) {
        clear();
        readConfig();  // a run started afresh (--force) writes a new one
    }
    for (const auto& e : p.events) add(e);
    return changed || !p.events.empty();
}

void RunData::add(const train::MetricsEvent& e) {
    using K = train::MetricsEvent::Kind;
    ++events_;
    auto push = [&](Metric m, double value) {
        if (std::isfinite(value)) series_[int(m)].push_back({double(e.step), seconds_, tokens_, value});
    };
    switch (e.kind) {
        case K::Step:
            step_ = e.step;
            if (std::isfinite(e.elapsed)) seconds_ = e.elapsed;
            tokens_ = double(e.tokensSeen);
            if (std::isfinite(e.tokensPerSecond)) tokensPerSecond_ = e.tokensPerSecond;
            push(Metric::TrainLoss, e.loss);
            push(Metric::LearningRate, e.learningRate);
            push(Metric::GradNorm, e.gradNorm);
            push(Metric::TokensPerSecond, e.tokensPerSecond);
            state_ = QStringLiteral("running");
            break;
        case K::Validation:
            push(Metric::ValidationLoss, e.loss);
            push(Metric::Perplexity, e.perplexity);
            push(Metric::Accuracy, e.accuracy);
            lastValidation_ = e.loss;
            if (std::isfinite(e.loss) && !(e.loss >= bestLoss_)) {
                bestLoss_ = e.loss;
                bestStep_ = e.step;
            }
            break;
        case K::Checkpoint: {
            const QString folder = QString::fromStdString(e.folder);
            for (auto it = checkpoints_.begin(); it != checkpoints_.end(); ++it)
                if (it->folder == folder) {
                    checkpoints_.erase(it);
                    break;
                }
            checkpoints_.push_back({folder, e.step, lastValidation_, seconds_});
            break;
        }
        case K::Paused: state_ = QStringLiteral("paused"); break;
        case K::Resumed:
        case K::Started:
            state_ = QStringLiteral("running");
            if (e.maxSteps > 0) {
                sessionMaxSteps_ = e.maxSteps;
                sessionMaxMinutes_ = std::isfinite(e.maxMinutes) ? e.maxMinutes : 0;
            }
            break;
        case K::Finished: state_ = QStringLiteral("finished: ") + QString::fromStdString(e.reason); break;
        default: break;
    }
}

}  // namespace mozart::ui
