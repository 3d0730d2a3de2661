#include "export/ExportRunner.h"

#include <QCoreApplication>
#include <QStringList>

namespace mozart::ui {

ExportRunner::ExportRunner(QObject* parent) : QObject(parent) {
    poll_.setInterval(33);
    connect(&poll_, &QTimer::timeout, this, [this] {
        if (task_) Q_EMIT progress(task_->progress());
    });
    connect(&thread_, &TaskThread::finished, this, [this] {
        poll_.stop();
        if (!task_) return;
        QStringList errors;
        QString last;
        for (const auto& o : task_->outcomes()) {
            if (!o.error.empty()) errors << QString::fromStdString(o.error);
            else last = QString::fromStdString(o.outputPath);
        }
        QString message;
        if (!errors.isEmpty())
            message = errors.join(QLatin1Char('\n'));
        else if (task_->outcomes().size() == 1)
            message = tr("Exported %1").arg(last);
        else
            message = tr("Exported files: %n", nullptr, int(task_->outcomes().size()));
        Q_EMIT progress(1.0);
        Q_EMIT finished(task_->isCancelled(), int(errors.size()), message);
    });
}

ExportRunner::~ExportRunner() {
    cancel();
    thread_.wait();
}

bool ExportRunner::start(ExportParams params) {
    if (thread_.isRunning()) return false;
    task_ = std::make_unique<ExportTask>(std::move(params));
    ExportTask* task = task_.get();
    thread_.start([task] { task->run(); });
    poll_.start();
    return true;
}

void ExportRunner::cancel() {
    if (task_ && thread_.isRunning()) task_->cancel();
}

void ExportRunner::wait() {
    thread_.wait();
    QCoreApplication::sendPostedEvents(&thread_);
}

}  // namespace mozart::ui
