#include "mainwindow/SettingsCheck.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QVariant>
#include <functional>
#include <utility>

namespace mozart::ui {

namespace {

// What a stored value must be: returns false when it is unusable.
struct KeyRule {
    const char* key;
    std::function<bool(const QVariant&)> valid;
    const char* expected;  // for the message
};

std::function<bool(const QVariant&)> intIn(int low, int high) {
    return [low, high](const QVariant& v) {
        bool ok = false;
        const int n = v.toString().toInt(&ok);
        return ok && n >= low && n <= high;
    };
}

bool isBool(const QVariant& v) {
    if (v.typeId() == QMetaType::Bool) return true;
    const QString s = v.toString();
    return s == QLatin1String("true") || s == QLatin1String("false");
}

bool isText(const QVariant& v) { return v.canConvert<QString>() && v.typeId() != QMetaType::QVariantMap; }

bool isTextList(const QVariant& v) {
    return v.typeId() == QMetaType::QStringList || v.typeId() == QMetaType::QString ||
           (v.typeId() == QMetaType::QVariantList && v.canConvert<QStringList>());
}

const std::vector<KeyRule>& rules() {
    static const std::vector<KeyRule> r = {
        {"playback/volume", intIn(0, 100), QT_TRANSLATE_NOOP("SettingsCheck", "a number from 0 to 100")},
        {"playback/reverb", intIn(0, 100), QT_TRANSLATE_NOOP("SettingsCheck", "a number from 0 to 100")},
        {"playback/chorus", intIn(0, 100), QT_TRANSLATE_NOOP("SettingsCheck", "a number from 0 to 100")},
        {"playback/soundFont", isText, QT_TRANSLATE_NOOP("SettingsCheck", "a file name")},
        {"playback/output", isText, QT_TRANSLATE_NOOP("SettingsCheck", "an output name")},
        {"pianoRoll/follow", isBool, QT_TRANSLATE_NOOP("SettingsCheck", "true or false")},
        {"pianoRoll/grid", intIn(1, 128), QT_TRANSLATE_NOOP("SettingsCheck", "a grid division from 1 to 128")},
        {"recentFiles", isTextList, QT_TRANSLATE_NOOP("SettingsCheck", "a list of files")},
        {"lastMidiFolder", isText, QT_TRANSLATE_NOOP("SettingsCheck", "a folder")},
        {"lastDatasetFolder", isText, QT_TRANSLATE_NOOP("SettingsCheck", "a folder")},
        {"lastModelFolder", isText, QT_TRANSLATE_NOOP("SettingsCheck", "a folder")},
        {"lastExportFolder", isText, QT_TRANSLATE_NOOP("SettingsCheck", "a folder")},
    };
    return r;
}

QString shown(const QVariant& v) {
    QString s = v.toString();
    if (s.isEmpty() && v.isValid()) s = QString::fromLatin1(v.typeName());
    if (s.size() > 40) s = s.left(40) + QStringLiteral("…");
    return s;
}

// QSettings reports a format error only to the instance that happened to read the file first, and
// it shares what it read between instances: a private copy of the file gets a reader of its own.
bool unreadable(const QString& file) {
    if (!QFile::exists(file)) return false;
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("check.conf"));
    if (!dir.isValid() || !QFile::copy(file, copy)) return false;
    QSettings probe(copy, QSettings::IniFormat);
    probe.allKeys();
    return probe.status() == QSettings::FormatError;
}

QStringList& pending() {
    static QStringList resets;
    return resets;
}

QStringList check();

}  // namespace

QStringList checkSettings() {
    const QStringList resets = check();
    for (const QString& r : resets)
        if (!pending().contains(r)) pending() << r;  // a newer file is found again by a second check
    return resets;
}

QStringList takeSettingsResets() { return std::exchange(pending(), {}); }

namespace {

QStringList check() {
    QStringList resets;
    QSettings settings;
    if (unreadable(settings.fileName())) {
        // Keep the user's file for inspection, then start from the defaults. The file is moved away
        // rather than cleared through QSettings: once another panel had read the damaged file, clear()
        // left values of it in Qt's shared cache (seen in tst_settingsfaults).
        const QString file = settings.fileName();
        const QString aside = file + QStringLiteral(".damaged");
        QFile::remove(aside);
        const bool kept = QFile::rename(file, aside);
        if (!kept) QFile::remove(file);
        settings.sync();  // the file changed on disk: Qt reads it again (now: nothing)
        settings.clear();
        resets << (kept ? QCoreApplication::translate("SettingsCheck", "The settings file %1 could not be read; it was kept as %2 and every setting was reset.")
                              .arg(file, aside)
                        : QCoreApplication::translate("SettingsCheck", "The settings file %1 could not be read; every setting was reset.").arg(file));
        settings.setValue(QStringLiteral("settingsVersion"), kSettingsVersion);
        return resets;
    }

    const QVariant version = settings.value(QStringLiteral("settingsVersion"));
    bool numeric = false;
    const int stored = version.toString().toInt(&numeric);
    if (version.isValid() && numeric && stored > kSettingsVersion) {
        // Not a reset by itself: what this version understands is used, the rest stays for the newer one.
        resets << QCoreApplication::translate("SettingsCheck", "The settings were written by a newer Mozart Studio (settings version %1, this one reads %2): "
                     "settings this version does not know are kept but not used.")
                      .arg(stored)
                      .arg(kSettingsVersion);
    } else {
        settings.setValue(QStringLiteral("settingsVersion"), kSettingsVersion);
    }

    for (const KeyRule& rule : rules()) {
        const QString key = QString::fromLatin1(rule.key);
        if (!settings.contains(key)) continue;
        const QVariant value = settings.value(key);
        if (rule.valid(value)) continue;
        settings.remove(key);
        resets << QCoreApplication::translate("SettingsCheck", "Setting %1 was reset to its default: “%2” is not %3.").arg(key, shown(value), QCoreApplication::translate("SettingsCheck", rule.expected));
    }
    return resets;
}

}  // namespace

}  // namespace mozart::ui
