// SettingsWriter: stores QSettings values off the GUI thread. Destroying a QSettings writes the
// file and syncs it to disk, which takes tens of milliseconds: too long for the event loop while
// the user works. Writes run in order on one worker; flush() waits for them (on close, in tests).
#pragma once

#include <QObject>
#include <QString>
#include <QVariant>
#include <utility>
#include <vector>

namespace mozart::ui::SettingsWriter {

void set(const QString& key, const QVariant& value);
void set(std::vector<std::pair<QString, QVariant>> values);
// Blocks until every write queued so far is on disk.
void flush();

// Says when a write did not reach the disk (full disk, read-only folder; QSettings then keeps the
// previous file). writeFailed is emitted on the writer's thread: connections to GUI objects are
// queued. The object lives on the thread that first calls notifier() (the GUI thread: the main window).
class Notifier : public QObject {
    Q_OBJECT
Q_SIGNALS:
    void writeFailed(const QString& settingsFile);
};
Notifier* notifier();

}  // namespace mozart::ui::SettingsWriter
