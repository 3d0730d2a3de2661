#include "mainwindow/StatusProgress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace mozart::ui {

StatusProgress::StatusProgress(QWidget* parent)
    : QWidget(parent), label_(new QLabel(this)), bar_(new QProgressBar(this)), cancel_(new QToolButton(this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_);
    layout->addWidget(bar_);
    layout->addWidget(cancel_);
    bar_->setFixedWidth(160);
    // A fixed width: text that changes 30 times a second must not relayout the window each time.
    label_->setFixedWidth(240);
    bar_->setRange(0, 1000);
    bar_->setTextVisible(false);
    cancel_->setText(tr("Cancel"));
    connect(cancel_, &QToolButton::clicked, this, [this] {
        if (onCancel_) onCancel_();
    });
    hide();
}

void StatusProgress::showWork(const QString& what, double fraction, std::function<void()> cancel) {
    label_->setText(label_->fontMetrics().elidedText(what, Qt::ElideMiddle, label_->width()));
    label_->setToolTip(what);
    onCancel_ = std::move(cancel);
    cancel_->setVisible(bool(onCancel_));
    setFraction(fraction);
    show();
}

void StatusProgress::setFraction(double fraction) {
    if (fraction < 0) {
        bar_->setRange(0, 0);
    } else {
        bar_->setRange(0, 1000);
        bar_->setValue(int(fraction * 1000));
    }
}

void StatusProgress::done() {
    onCancel_ = nullptr;
    hide();
}

}  // namespace mozart::ui
