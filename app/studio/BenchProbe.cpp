#include "studio/BenchProbe.h"

#include <QApplication>
#include <QEvent>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <sys/resource.h>
#include <memory>
#include <utility>

#include "studio/StudioBenchmark.h"

namespace mozart::studio {

namespace {

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// What a receiver is, for a person reading the slow events: its class, its object name, and its
// parent's class (a bare QTimer says nothing; "QTimer 'trainRedraw' in TrainPanel" does).
QString describe(QObject* receiver) {
    QString what = QLatin1String(receiver->metaObject()->className());
    if (!receiver->objectName().isEmpty()) what += QStringLiteral(" '%1'").arg(receiver->objectName());
    if (QObject* parent = receiver->parent()) what += QStringLiteral(" in %1").arg(QLatin1String(parent->metaObject()->className()));
    return what;
}

// Times each outermost event delivery; the slowest ones say what blocked the event loop.
class EventTimingApplication : public QApplication {
public:
    using QApplication::QApplication;
    bool recording = false;
    std::vector<SlowEvent> slowest;
    double maxCpuMs = 0;  // the most CPU time one outermost event took

    bool notify(QObject* receiver, QEvent* event) override {
        // A window repaint (UpdateRequest) is one outer event: its widgets' paints say which one was slow.
        if (recording && depth_ > 0 && event->type() == QEvent::Paint) return timed(receiver, event, QStringLiteral("painting "));
        if (!recording || depth_ > 0) {
            ++depth_;
            const bool r = QApplication::notify(receiver, event);
            --depth_;
            return r;
        }
        return timed(receiver, event, QString());
    }

private:
    bool timed(QObject* receiver, QEvent* event, const QString& prefix) {
        // Named before delivery: the receiver may delete itself while handling the event.
        const QString what = prefix + describe(receiver);
        const int type = int(event->type());
        ++depth_;
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuMs();
        rusage u0{};
        getrusage(RUSAGE_THREAD, &u0);
        const bool r = QApplication::notify(receiver, event);
        const double ms = t.nsecsElapsed() / 1e6;
        // CPU time well under the wall time: the thread waited, for a core (involuntary switches: a
        // loaded machine) or for something it asked for (voluntary: a lock, a file).
        const double cpu = threadCpuMs() - cpu0;
        rusage u1{};
        getrusage(RUSAGE_THREAD, &u1);
        --depth_;
        if (depth_ == 0) maxCpuMs = std::max(maxCpuMs, cpu);
        if (ms > 5.0)
            slowest.push_back({ms, QStringLiteral("%1, event type %2 (CPU %3 ms, switches %4 involuntary, %5 voluntary)")
                                       .arg(what).arg(type).arg(cpu, 0, 'f', 1)
                                       .arg(u1.ru_nivcsw - u0.ru_nivcsw).arg(u1.ru_nvcsw - u0.ru_nvcsw), cpu});
        return r;
    }

    int depth_ = 0;
};

EventTimingApplication* timingApp() { return dynamic_cast<EventTimingApplication*>(qApp); }

}  // namespace

std::unique_ptr<QApplication> makeBenchApplication(int& argc, char** argv) {
    return std::make_unique<EventTimingApplication>(argc, argv);
}

void recordSlowEvents(bool on) {
    if (auto* app = timingApp()) app->recording = on;
}

std::vector<SlowEvent> takeSlowEvents() {
    std::vector<SlowEvent> out;
    if (auto* app = timingApp()) out.swap(app->slowest);
    std::sort(out.begin(), out.end(), [](const SlowEvent& a, const SlowEvent& b) { return a.ms > b.ms; });
    return out;
}

double takeMaxEventCpuMs() {
    auto* app = timingApp();
    if (!app) return 0;
    return std::exchange(app->maxCpuMs, 0.0);
}

void printSlowEvents(const std::vector<SlowEvent>& events, std::size_t count) {
    for (std::size_t i = 0; i < std::min(count, events.size()); ++i)
        std::printf("  slow event: %.1f ms %s\n", events[i].ms, qPrintable(events[i].what));
    if (events.size() <= count) return;
    std::vector<SlowEvent> busy(events);
    std::sort(busy.begin(), busy.end(), [](const SlowEvent& a, const SlowEvent& b) { return a.cpuMs > b.cpuMs; });
    for (std::size_t i = 0; i < std::min<std::size_t>(3, busy.size()); ++i)
        std::printf("  busy event: %.1f ms %s\n", busy[i].ms, qPrintable(busy[i].what));
}

StallProbe::StallProbe() {
    timer_.setSingleShot(true);
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(1);
    QObject::connect(&timer_, &QTimer::timeout, this, [this] { fired(); });
    clock_.start();
}

void StallProbe::start() {
    armedAt_ = clock_.nsecsElapsed();
    timer_.start();
}

void StallProbe::stop() { timer_.stop(); }

void StallProbe::clear() { lateness_.clear(); }

void StallProbe::fired() {
    // Late by what the loop spent elsewhere once the 1 ms was up.
    const qint64 now = clock_.nsecsElapsed();
    lateness_.push_back(std::max(0.0, (now - armedAt_) / 1e6 - 1.0));
    armedAt_ = now;
    timer_.start();
}

double StallProbe::maxMs() const { return lateness_.empty() ? 0.0 : *std::max_element(lateness_.begin(), lateness_.end()); }

double StallProbe::percentileMs(double p) const {
    if (lateness_.empty()) return 0.0;
    std::vector<double> v(lateness_);
    const std::size_t k = std::min(v.size() - 1, std::size_t(p / 100.0 * double(v.size())));
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(k), v.end());
    return v[k];
}

}  // namespace mozart::studio
