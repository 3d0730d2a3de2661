// ExportRunner: runs one ExportTask at a time off the GUI thread, polls its progress at ~30 Hz and
// reports the outcome on the GUI thread.
#pragma once

#include <QObject>
#include <QTimer>
#include <memory>

#include "export/ExportTask.h"
#include "tasks/TaskThread.h"

namespace mozart::ui {

class ExportRunner : public QObject {
    Q_OBJECT
public:
    explicit ExportRunner(QObject* parent = nullptr);
    ~ExportRunner() override;

    bool isRunning() const { return thread_.isRunning(); }
    // Returns false when an export is already running.
    bool start(ExportParams params);
    void cancel();
    void wait();
    const ExportTask* lastTask() const { return task_.get(); }

Q_SIGNALS:
    void progress(double fraction);
    // `failures` outputs failed; `message` names them, or says where the files went.
    void finished(bool cancelled, int failures, const QString& message);

private:
    std::unique_ptr<ExportTask> task_;
    TaskThread thread_;
    QTimer poll_;
};

}  // namespace mozart::ui
