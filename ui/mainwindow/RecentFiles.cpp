#include "mainwindow/RecentFiles.h"

#include "mainwindow/SettingsWriter.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace mozart::ui {

RecentFiles::RecentFiles(QMenu* menu, QObject* parent) : QObject(parent), menu_(menu) {
    paths_ = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    rebuild();
}

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    paths_.removeAll(absolute);
    paths_.prepend(absolute);
    while (paths_.size() > kMax) paths_.removeLast();
    SettingsWriter::set(QStringLiteral("recentFiles"), paths_);
    rebuild();
}

void RecentFiles::rebuild() {
    menu_->clear();
    int n = 0;
    for (const QString& path : paths_) {
        ++n;
        auto* a = menu_->addAction(QStringLiteral("&%1 %2").arg(n % 10).arg(QDir::toNativeSeparators(path)));
        connect(a, &QAction::triggered, this, [this, path] { Q_EMIT openRequested(path); });
    }
    if (paths_.isEmpty()) menu_->addAction(tr("(none)"))->setEnabled(false);
    menu_->addSeparator();
    auto* clear = menu_->addAction(tr("Clear Recent"));
    clear->setEnabled(!paths_.isEmpty());
    connect(clear, &QAction::triggered, this, [this] {
        paths_.clear();
        SettingsWriter::set(QStringLiteral("recentFiles"), paths_);
        rebuild();
    });
}

}  // namespace mozart::ui
