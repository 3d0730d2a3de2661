// TaskThread: runs one long task's run() on its own thread and reports on the GUI thread when it is
// done. The task itself owns its cancel flag and progress atomic (see the house rules); this only
// moves the work off the GUI thread and joins it. Destroying a TaskThread waits for the work, so
// owners cancel their task first.
#pragma once

#include <QObject>
#include <QThread>
#include <exception>
#include <functional>
#include <new>
#include <string>

namespace mozart::ui {

class TaskThread : public QObject {
    Q_OBJECT
public:
    explicit TaskThread(QObject* parent = nullptr) : QObject(parent) {}
    ~TaskThread() override { wait(); }

    // Starts `work` on a new thread; finished() follows on this object's thread. An exception
    // that escapes `work` (std::bad_alloc, c10::Error) must not reach std::terminate: it ends the
    // work and its message is failure() when finished() arrives ("" when the work returned).
    void start(std::function<void()> work) {
        wait();
        failure_.clear();
        thread_ = QThread::create([this, work = std::move(work)] {
            try {
                work();
            } catch (const std::bad_alloc&) {
                failure_ = "out of memory";
            } catch (const std::exception& e) {
                failure_ = e.what();
            } catch (...) {
                failure_ = "unknown error";
            }
        });
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
    // Why the last work ended by an exception; read it after finished() (or wait()).
    const std::string& failure() const { return failure_; }
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
    std::string failure_;  // written by the worker before it ends, read after it is joined
};

}  // namespace mozart::ui
