// SettingsWriter: stores QSettings values off the GUI thread. Destroying a QSettings writes the
// file and syncs it to disk, which takes tens of milliseconds: too long for the event loop while
// the user works. Writes run in order on one worker; flush() waits for them (on close, in tests).
#pragma once

#include <QString>
#include <QVariant>
#include <utility>
#include <vector>

namespace mozart::ui::SettingsWriter {

void set(const QString& key, const QVariant& value);
void set(std::vector<std::pair<QString, QVariant>> values);
// Blocks until every write queued so far is on disk.
void flush();

}  // namespace mozart::ui::SettingsWriter
