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

// Checks the settings file and returns what this call reset; it also keeps that until
// takeSettingsResets() hands it over (to the main window, which shows it). mozart-studio's main()
// calls it before any widget exists: a widget that saved a setting first would make Qt rewrite a
// damaged file in its own reading of it. GUI thread only.
QStringList checkSettings();
QStringList takeSettingsResets();

}  // namespace mozart::ui
