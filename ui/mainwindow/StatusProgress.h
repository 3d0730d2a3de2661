// StatusProgress: the status-bar corner that shows background work (a dataset scan, an export):
// what is running, how far it is, and a Cancel button.
#pragma once

#include <QWidget>
#include <functional>

class QLabel;
class QProgressBar;
class QToolButton;

namespace mozart::ui {

class StatusProgress : public QWidget {
    Q_OBJECT
public:
    explicit StatusProgress(QWidget* parent = nullptr);
    // fraction < 0 shows a busy bar. `cancel` is called by the Cancel button.
    void showWork(const QString& what, double fraction, std::function<void()> cancel);
    void setFraction(double fraction);
    void done();

private:
    QLabel* label_;
    QProgressBar* bar_;
    QToolButton* cancel_;
    std::function<void()> onCancel_;
};

}  // namespace mozart::ui
