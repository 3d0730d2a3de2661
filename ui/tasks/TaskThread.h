// TaskThread: runs one long task's run() on its own thread and reports on the GUI thread when it is
// done. The task itself owns its cancel flag and progress atomic (see the house rules); this only
// moves the work off the GUI thread and joins it. Destroying a TaskThread waits for the work, so
// owners cancel their task first.
#pragma once

#include <QObject>
#include <QThread>
#include <functional>

namespace mozart::ui {

class TaskThread : public QObject {
    Q_OBJECT
public:
    explicit TaskThread(QObject* parent = nullptr) : QObject(parent) {}
    ~TaskThread() override { wait(); }

    // Starts `work` on a new thread; finished() follows on this object's thread.
    void start(std::function<void()> work) {
        wait();
        thread_ = QThread::create(std::move(work));
        const unsigned generation = ++generation_;
        // Queued: runs on this object's thread after the work ends, unless wait() reaped it first.
        connect(thread_, &QThread::finished, this, [this, generation] {
            if (generation == generation_ && thread_) {
                thread_->deleteLater();
                thread_ = nullptr;
            }
            if (generation == generation_) Q_EMIT finished();
        }, Qt::QueuedConnection);
        thread_->start(QThread::LowPriority);
    }
    bool isRunning() const { return thread_ != nullptr; }
    void wait() {
        if (thread_) {
            thread_->wait();
            delete thread_;
            thread_ = nullptr;
        }
    }

Q_SIGNALS:
    void finished();

private:
    QThread* thread_ = nullptr;
    unsigned generation_ = 0;
};

}  // namespace mozart::ui
