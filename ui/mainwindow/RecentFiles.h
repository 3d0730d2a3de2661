// RecentFiles: the File > Recent menu, newest first, kept in QSettings under "recentFiles".
#pragma once

#include <QMenu>
#include <QStringList>

namespace mozart::ui {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    RecentFiles(QMenu* menu, QObject* parent = nullptr);
    void add(const QString& path);
    QStringList paths() const { return paths_; }

Q_SIGNALS:
    void openRequested(const QString& path);

private:
    void rebuild();
    QMenu* menu_;
    QStringList paths_;
    static constexpr int kMax = 10;
};

}  // namespace mozart::ui
