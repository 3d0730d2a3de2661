// SettingsCheck: makes the stored settings safe to read before the main window restores them, so
// that a damaged settings file, or one written by a newer Mozart Studio, never stops the studio
// from starting. A file QSettings cannot parse is kept beside itself as "<file>.damaged" and the
// settings start afresh; a value of the wrong type or out of range is removed (its default applies);
// keys this version does not know are left alone, so a newer studio finds them again. Returns one
// sentence per reset, for the user. Runs on the GUI thread, before anything reads the settings.
#pragma once

#include <QStringList>

namespace mozart::ui {

// Written by this version; a file with a larger number comes from a newer studio.
constexpr int kSettingsVersion = 1;

QStringList checkSettings();

}  // namespace mozart::ui
