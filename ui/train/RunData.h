// RunData: one run folder as the dashboard sees it: its config.json (read once it exists), and the
// exact series of every metric, grown from metrics.jsonl through a MetricsFollower (so a run of the
// studio, of `mozart train` in a terminal or of another machine is shown the same way). Each point
// keeps its step, wall time (pauses excluded) and tokens seen, so the plots can switch x axes.
// Lives on the GUI thread; poll() reads only what was appended (a few lines per call).
#pragma once

#include <QJsonObject>
#include <QString>

#include <array>
#include <cstdint>
#include <vector>

#include "train/MetricsFollower.h"

namespace mozart::ui {

enum class Metric { TrainLoss, ValidationLoss, Perplexity, Accuracy, LearningRate, GradNorm, TokensPerSecond };
constexpr int kMetricCount = 7;
enum class XAxis { Step, Time, Tokens };

struct MetricPoint {
    double step = 0, seconds = 0, tokens = 0, value = 0;
    double x(XAxis axis) const { return axis == XAxis::Step ? step : axis == XAxis::Time ? seconds : tokens; }
};

struct CheckpointEntry {
    QString folder;  // relative to the run: best, last, checkpoints/step-N
    std::int64_t step = 0;
    double validationLoss = 0;  // of the latest validation at or before the step; NaN without
    double seconds = 0;
};

class RunData {
public:
    explicit RunData(const QString& folder);

    // Reads what was appended; true when anything changed (a rewritten file starts over).
    bool poll();

    const QString& folder() const { return folder_; }
    QString name() const;
    const std::vector<MetricPoint>& series(Metric m) const { return series_[int(m)]; }
    const QJsonObject& config() const { return config_; }  // empty until config.json exists
    const std::vector<CheckpointEntry>& checkpoints() const { return checkpoints_; }

    std::int64_t step() const { return step_; }
    std::int64_t maxSteps() const;  // 0 when bounded by time only or unknown
    double maxMinutes() const;      // 0: no time limit
    double seconds() const { return seconds_; }
    double tokensPerSecond() const { return tokensPerSecond_; }
    double bestValidationLoss() const { return bestLoss_; }  // NaN before the first validation
    std::int64_t bestStep() const { return bestStep_; }
    QString state() const { return state_; }  // started, running, paused, finished: <reason>
    bool finished() const { return state_.startsWith(QLatin1String("finished")); }
    std::size_t eventCount() const { return events_; }

private:
    void clear();
    void add(const train::MetricsEvent& e);
    void readConfig();

    QString folder_;
    train::MetricsFollower follower_;
    QJsonObject config_;
    std::array<std::vector<MetricPoint>, kMetricCount> series_;
    std::vector<CheckpointEntry> checkpoints_;
    std::int64_t step_ = 0, bestStep_ = -1;
    std::int64_t sessionMaxSteps_ = 0;  // from the last started/resumed line (overrides config.json)
    double sessionMaxMinutes_ = 0;
    double seconds_ = 0, tokens_ = 0, tokensPerSecond_ = 0, bestLoss_, lastValidation_;
    QString state_;
    std::size_t events_ = 0;
};

}  // namespace mozart::ui
