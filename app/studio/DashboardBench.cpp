#include "studio/DashboardBench.h"

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QComboBox>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>
#include <cstdio>
#include <numeric>
#include <vector>

#include "midi/Score.h"
#include "midi/SmfWriter.h"
#include "studio/BenchProbe.h"
#include "train/TrainForm.h"
#include "train/TrainPanel.h"

namespace mozart::studio {

namespace {

// Up to `count` files spread over the corpus (every composer folder gets some), copied with their
// folder so the labels are the corpus's; generated melodies when there is no corpus.
int prepareData(const QString& corpus, const QString& into, int count) {
    QStringList files;
    if (!corpus.isEmpty()) {
        QDirIterator it(corpus, {QStringLiteral("*.mid"), QStringLiteral("*.midi")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) files << it.next();
        files.sort();
    }
    int copied = 0;
    if (!files.isEmpty()) {
        const double stride = std::max(1.0, double(files.size()) / count);
        for (double i = 0; i < files.size() && copied < count; i += stride) {
            const QFileInfo f(files[int(i)]);
            const QString dir = QDir(into).filePath(f.dir().dirName());
            QDir().mkpath(dir);
            if (QFile::copy(f.absoluteFilePath(), QDir(dir).filePath(f.fileName()))) ++copied;
        }
        return copied;
    }
    for (int seed = 0; seed < count; ++seed) {
        midi::Score s;
        s.ticksPerQuarter = 480;
        s.tempos = {{0, 500000}};
        s.timeSignatures = {{0, 4, 4}};
        midi::Track t;
        t.name = "Piano";
        for (int i = 0; i < 400; ++i)
            t.notes.push_back({midi::Tick(i) * 240, 240, std::uint8_t(40 + (seed * 7 + i * 5) % 48),
                               std::uint8_t(30 + (seed * 11 + i * 13) % 90)});
        s.tracks = {t};
        const QString dir = QDir(into).filePath(seed % 2 ? QStringLiteral("Mozart") : QStringLiteral("Haydn"));
        QDir().mkpath(dir);
        if (!midi::SmfWriter::writeFile(s, QDir(dir).filePath(QStringLiteral("m%1.mid").arg(seed)).toStdString())) ++copied;
    }
    return copied;
}

void setField(ui::TrainPanel& panel, const char* key, const QString& value) {
    if (auto* edit = qobject_cast<QLineEdit*>(panel.form()->field(QLatin1String(key)))) edit->setText(value);
}

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Round {
    bool ok = false;
    double tokensPerSecond = 0;
    double seconds = 0;
    QString error;
};

// One training from the panel's Start; tokens/s over the run's steps after the first (its wall
// time, validations included, as metrics.jsonl says).
// `tick`, when given, runs every 50 ms on the GUI thread during the training.
Round trainOnce(ui::TrainPanel& panel, const QString& out, const std::function<void()>& tick = {}) {
    Round r;
    setField(panel, "out", out);
    QEventLoop loop;
    QTimer ticker;
    if (tick) {
        ticker.setInterval(50);
        QObject::connect(&ticker, &QTimer::timeout, &loop, tick);
        ticker.start();
    }
    QString text;
    bool failed = true, done = false;
    auto c = QObject::connect(&panel, &ui::TrainPanel::runFinished, &loop, [&](const QString& t, bool f) {
        text = t, failed = f, done = true;
        loop.quit();
    });
    QElapsedTimer wall;
    wall.start();
    panel.start();
    if (!done) loop.exec();
    ticker.stop();
    QObject::disconnect(c);
    r.seconds = wall.elapsed() / 1000.0;
    if (failed || panel.runCount() == 0) {
        r.error = text.isEmpty() ? panel.form()->error() : text;
        return r;
    }
    const auto& steps = panel.run(0)->series(ui::Metric::TrainLoss);
    if (steps.size() < 3 || steps.back().seconds <= steps.front().seconds) {
        r.error = QStringLiteral("too few steps in %1").arg(out);
        return r;
    }
    r.tokensPerSecond = (steps.back().tokens - steps.front().tokens) / (steps.back().seconds - steps.front().seconds);
    r.ok = true;
    return r;
}

QByteArray stepLine(int step) {
    return QStringLiteral("{\"event\":\"step\",\"step\":%1,\"loss\":%2,\"lr\":0.0003,\"grad_norm\":%3,"
                          "\"tokens\":%4,\"tokens_per_second\":%5,\"elapsed\":%6}\n")
        .arg(step).arg(2.0 + 4.0 / (1.0 + step * 0.01), 0, 'g', 9).arg(0.5 + 0.1 * std::sin(step), 0, 'g', 9)
        .arg(step * 1024).arg(15000 + 1000 * std::sin(step * 0.1), 0, 'g', 9).arg(step * 0.07, 0, 'g', 9)
        .toUtf8();
}

// What the ~30 Hz timer does when a step arrived (read the new line, redraw every plot, paint),
// timed in the GUI thread's CPU: the dashboard's cost per redraw whatever the load and step rate.
// A run of 500 steps is followed and grows by one step per redraw.
double timeRedraws(ui::TrainPanel& panel, const QString& folder) {
    QDir().mkpath(folder);
    QFile file(QDir(folder).filePath(QStringLiteral("metrics.jsonl")));
    if (!file.open(QIODevice::WriteOnly)) return 0;
    file.write("{\"event\":\"started\",\"step\":0}\n");
    for (int s = 1; s <= 500; ++s) file.write(stepLine(s));
    file.flush();
    panel.followRun(folder);
    QApplication::processEvents();
    const int redraws = 30;
    const double cpu0 = threadCpuMs();
    for (int s = 501; s < 501 + redraws; ++s) {
        file.write(stepLine(s));
        file.flush();
        panel.pollNow();
        QApplication::processEvents();
    }
    return (threadCpuMs() - cpu0) / redraws;
}

// A stretch of the measured training with the panel shown or hidden.
struct Segment {
    bool shown = false;
    qint64 from = 0, to = 0;         // steps of the training, from the switch to the next one
    double guiCpuMs = 0, seconds = 0;  // the GUI thread's CPU and the wall time of the stretch
    double tokensPerSecond = 0;      // 0: too few steps to tell
};

// Shows and hides the panel every `every` steps of the training it runs (polled, from trainOnce's tick).
class Alternator {
public:
    Alternator(ui::TrainPanel& panel, int every) : panel_(panel), every_(every), base_(panel.stepsTaken()) {
        wall_.start();
        open(false, 0);
    }
    void tick() {
        const qint64 step = panel_.stepsTaken() - base_;
        if (step < segments_.back().from + every_) return;
        close(step);
        open(!segments_.back().shown, step);
    }
    std::vector<Segment> finish() {
        close(panel_.stepsTaken() - base_);
        panel_.show();
        return segments_;
    }

private:
    void open(bool shown, qint64 step) {
        panel_.setVisible(shown);
        Segment s;
        s.shown = shown;
        s.from = step;
        s.guiCpuMs = threadCpuMs();
        s.seconds = wall_.elapsed() / 1000.0;
        segments_.push_back(s);
    }
    void close(qint64 step) {
        Segment& s = segments_.back();
        s.to = step;
        s.guiCpuMs = threadCpuMs() - s.guiCpuMs;
        s.seconds = wall_.elapsed() / 1000.0 - s.seconds;
    }

    ui::TrainPanel& panel_;
    const int every_;
    const qint64 base_;
    QElapsedTimer wall_;
    std::vector<Segment> segments_;
};

// Each segment's tokens/s over its steps after the first `settle`, as metrics.jsonl times them.
void measureSegments(const std::vector<ui::MetricPoint>& steps, int settle, std::vector<Segment>& segments) {
    for (Segment& s : segments) {
        const ui::MetricPoint* first = nullptr;
        const ui::MetricPoint* last = nullptr;
        int count = 0;
        for (const auto& p : steps) {
            if (p.step <= double(s.from + settle) || p.step > double(s.to)) continue;
            if (!first) first = &p;
            last = &p;
            ++count;
        }
        if (count >= 3 && last->seconds > first->seconds)
            s.tokensPerSecond = (last->tokens - first->tokens) / (last->seconds - first->seconds);
    }
}

// Shown against hidden, each segment against the mean of its two neighbours (which are of the
// other kind): a load that drifts linearly cancels. Returns shown/hidden ratios.
std::vector<double> neighbourRatios(const std::vector<Segment>& segments) {
    std::vector<double> ratios;
    for (std::size_t i = 1; i + 1 < segments.size(); ++i) {
        const double a = segments[i - 1].tokensPerSecond, b = segments[i].tokensPerSecond, c = segments[i + 1].tokensPerSecond;
        if (a <= 0 || b <= 0 || c <= 0) continue;
        const double around = (a + c) / 2;
        ratios.push_back(segments[i].shown ? b / around : around / b);
    }
    return ratios;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

QString list(const std::vector<double>& v, int decimals = 0) {
    QStringList s;
    for (double x : v) s << QString::number(x, 'f', decimals);
    return s.join(QStringLiteral(", "));
}

}  // namespace

bool runDashboardBench(const DashboardBenchOptions& options) {
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("data"));
    const int files = prepareData(options.corpus, data, 40);
    ui::TrainPanel panel;
    panel.setExistingRunChoice([](const QString&) { return ui::TrainPanel::ExistingRun::StartAfresh; });
    panel.resize(1600, 1000);
    setField(panel, "data", data);
    if (auto* size = qobject_cast<QComboBox*>(panel.form()->field(QStringLiteral("model-size")))) size->setCurrentText(QStringLiteral("tiny"));
    setField(panel, "steps", QString::number(std::min(options.steps, 40)));  // the warm-up's
    setField(panel, "split", QStringLiteral("0.8,0.2,0"));  // a validation part even from a few files
    setField(panel, "warmup", QStringLiteral("5"));
    if (options.batch > 0) setField(panel, "batch", QString::number(options.batch));
    if (options.seq > 0) setField(panel, "seq", QString::number(options.seq));
    setField(panel, "validate-every", QStringLiteral("20"));
    setField(panel, "validation-batches", QStringLiteral("2"));
    setField(panel, "checkpoint-every", QStringLiteral("0"));
    const QString threads = qobject_cast<QLineEdit*>(panel.form()->field(QStringLiteral("threads")))->text();
    std::printf("dashboard: tiny preset, batch %s x %s tokens, %s threads, %d MIDI files (%s); one training of %d steps, "
                "the panel shown and hidden in turn every %d steps (the first %d of each left out)\n",
                qPrintable(qobject_cast<QLineEdit*>(panel.form()->field(QStringLiteral("batch")))->text()),
                qPrintable(qobject_cast<QLineEdit*>(panel.form()->field(QStringLiteral("seq")))->text()), qPrintable(threads),
                files, options.corpus.isEmpty() ? "generated" : "from the corpus", options.steps, options.segmentSteps,
                options.settleSteps);
    std::fflush(stdout);

    // A first training warms the token cache and LibTorch up; it is not counted.
    if (options.warmUp) {
        const Round warm = trainOnce(panel, dir.filePath(QStringLiteral("run-warm")));
        if (!warm.ok) {
            std::fprintf(stderr, "mozart-studio --bench: the dashboard's training failed: %s\n", qPrintable(warm.error));
            return false;
        }
    }
    // Tokens/s without the probe: its 1 ms wake-ups interrupt LibTorch's threads on a small
    // machine and would weigh on the training more than the dashboard does. One validation, at the end.
    setField(panel, "steps", QString::number(options.steps));
    setField(panel, "validate-every", QString::number(options.steps));
    panel.hide();
    QApplication::processEvents();
    Alternator alternator(panel, options.segmentSteps);
    const Round measured = trainOnce(panel, dir.filePath(QStringLiteral("run-alternating")), [&] { alternator.tick(); });
    std::vector<Segment> segments = alternator.finish();
    if (!measured.ok) {
        std::fprintf(stderr, "mozart-studio --bench: the dashboard's training failed: %s\n", qPrintable(measured.error));
        return false;
    }
    measureSegments(panel.run(0)->series(ui::Metric::TrainLoss), options.settleSteps, segments);
    std::vector<double> shown, hidden;
    double guiShown = 0, guiHidden = 0, secondsShown = 0, secondsHidden = 0;
    for (const Segment& s : segments) {
        if (s.tokensPerSecond > 0) (s.shown ? shown : hidden).push_back(s.tokensPerSecond);
        (s.shown ? guiShown : guiHidden) += s.guiCpuMs;
        (s.shown ? secondsShown : secondsHidden) += s.seconds;
    }
    const std::vector<double> ratios = neighbourRatios(segments);
    // The stall: one more training (validations and a timeline sample included), with the dashboard
    // shown, the probe running and every slow event named.
    setField(panel, "steps", QString::number(options.probeSteps));
    setField(panel, "validate-every", QString::number(std::max(1, options.probeSteps / 3)));
    panel.show();
    QApplication::processEvents();
    StallProbe probe;
    recordSlowEvents(true);
    takeMaxEventCpuMs();
    probe.start();
    const Round probed = trainOnce(panel, dir.filePath(QStringLiteral("run-probed")));
    probe.stop();
    recordSlowEvents(false);
    const double stallMax = probe.maxMs(), stallP99 = probe.percentileMs(99), cpuMax = takeMaxEventCpuMs();
    const std::size_t shots = probe.shots();
    std::vector<SlowEvent> slow = takeSlowEvents();
    if (!probed.ok) {
        std::fprintf(stderr, "mozart-studio --bench: the dashboard's training failed: %s\n", qPrintable(probed.error));
        return false;
    }
    const double redrawMs = timeRedraws(panel, dir.filePath(QStringLiteral("replayed")));
    panel.hide();
    std::sort(slow.begin(), slow.end(), [](const SlowEvent& a, const SlowEvent& b) { return a.ms > b.ms; });
    const double with = median(shown), without = median(hidden);
    std::printf("training tok/s with dashboard: %.0f (median of %zu segments: %s)\n", with, shown.size(), qPrintable(list(shown)));
    std::printf("training tok/s without dashboard: %.0f (median of %zu segments: %s; panel hidden)\n", without, hidden.size(),
                qPrintable(list(hidden)));
    std::vector<double> costs;
    for (double r : ratios) costs.push_back(100.0 * (1.0 - r));
    std::sort(costs.begin(), costs.end());
    std::printf("dashboard cost: %.1f%% (goal < 5%%; median of %zu segments each against its two neighbours: %s)\n",
                ratios.empty() ? 0.0 : 100.0 * (1.0 - median(ratios)), ratios.size(), qPrintable(list(costs, 1)));
    // CPU time barely depends on the machine's load: the steadier figure of what the plots take.
    std::printf("dashboard GUI thread CPU: %.1f%% of a core shown, %.1f%% hidden; one redraw of the 7 plots %.1f ms\n",
                secondsShown > 0 ? guiShown / secondsShown / 10.0 : 0.0, secondsHidden > 0 ? guiHidden / secondsHidden / 10.0 : 0.0,
                redrawMs);
    std::printf("dashboard stall max: %.1f ms (p99 %.1f ms, %zu probe shots over %.0f s of training shown, "
                "%.0f tok/s with the probe; goal < 50 ms)\n",
                stallMax, stallP99, shots, probed.seconds, probed.tokensPerSecond);
    std::printf("dashboard longest GUI work in one event: %.1f ms of CPU (a longer stall is the GUI thread waiting for a core)\n", cpuMax);
    printSlowEvents(slow, 5);
    std::fflush(stdout);
    return true;
}

}  // namespace mozart::studio
