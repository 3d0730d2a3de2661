// BenchProbe: the instruments of `mozart-studio --bench`. StallProbe re-arms a 1 ms timer from its
// own timeout and records how late each shot comes: the longest lateness is the longest the window
// could not answer the user. The slow-event record names what ran long: the bench application
// (makeBenchApplication) times each outermost event delivery while recording is on and keeps
// those over 5 ms, with the receiver's class, name and parent, so a stall can be traced to a slot.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <vector>

namespace mozart::studio {

class StallProbe : public QObject {
public:
    StallProbe();
    void start();
    void stop();
    void clear();
    // Lateness of the 1 ms shots, in ms (0 when none fired).
    double maxMs() const;
    double percentileMs(double p) const;
    std::size_t shots() const { return lateness_.size(); }

private:
    void fired();

    QTimer timer_;
    QElapsedTimer clock_;
    qint64 armedAt_ = 0;
    std::vector<double> lateness_;
};

struct SlowEvent {
    double ms;
    QString what;
    double cpuMs = 0;  // of the GUI thread during it
};

// Only when the application came from makeBenchApplication (else they do nothing).
void recordSlowEvents(bool on);
// The slowest events recorded since the last call, slowest first (the record is emptied).
std::vector<SlowEvent> takeSlowEvents();
// The most CPU time one outermost event took since the last call: what the GUI thread itself spent
// in one go (a stall longer than that was the thread waiting, e.g. for a core on a loaded machine).
double takeMaxEventCpuMs();
// Prints up to `count` of them as "  slow event: 12.3 ms <what>", then (when they are others) the
// `count` that took the most CPU time as "  busy event: ...".
void printSlowEvents(const std::vector<SlowEvent>& events, std::size_t count);

}  // namespace mozart::studio
