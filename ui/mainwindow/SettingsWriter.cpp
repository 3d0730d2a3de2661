#include "mainwindow/SettingsWriter.h"

#include <QSettings>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace mozart::ui::SettingsWriter {

namespace {
QThreadPool& pool() {
    static QThreadPool* p = [] {
        auto* q = new QThreadPool;
        q->setMaxThreadCount(1);  // one writer: writes land in the order they were made
        return q;
    }();
    return *p;
}
}  // namespace

void set(const QString& key, const QVariant& value) { set({{key, value}}); }

void set(std::vector<std::pair<QString, QVariant>> values) {
    (void)QtConcurrent::run(&pool(), [values = std::move(values)] {
        QSettings s;
        for (const auto& [key, value] : values) s.setValue(key, value);
        s.sync();
        if (s.status() != QSettings::NoError) Q_EMIT notifier()->writeFailed(s.fileName());
    });
}

Notifier* notifier() {
    static Notifier* n = new Notifier;
    return n;
}

void flush() { pool().waitForDone(); }

}  // namespace mozart::ui::SettingsWriter
