// The studio's settings file under faults: values of the wrong type or out of range, a file written
// by a newer studio, a file QSettings cannot parse, and a full disk when saving. The studio always
// starts, says what it reset, and never loses the previous file.
//
// The full disk is a real tmpfs in a mount namespace of this process alone (entered at the start of
// main(), gone with the process); without the privilege for it that one test skips.
#include <QtTest>

#include <QApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include "mainwindow/MainWindow.h"
#include "mainwindow/SettingsCheck.h"
#include "mainwindow/SettingsWriter.h"
#include "pianoroll/PianoRollEditor.h"
#include "playback/PlaybackPanel.h"

using namespace mozart::ui;

namespace {

QString g_noMounts;  // why there is no private mount namespace (empty: there is one)

void enterPrivateMountNamespace() {
    if (::unshare(CLONE_NEWNS) != 0)
        g_noMounts = QStringLiteral("unshare(CLONE_NEWNS): ") + QString::fromLocal8Bit(std::strerror(errno));
    else if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        g_noMounts = QStringLiteral("making / private: ") + QString::fromLocal8Bit(std::strerror(errno));
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeSettingsFile(const QByteArray& text) {
    const QString file = QSettings().fileName();
    QSettings().sync();  // nothing pending in Qt's cache before the file is swapped under it
    QVERIFY(QDir().mkpath(QFileInfo(file).path()));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
    f.close();
    QSettings().sync();  // Qt re-reads a file that changed on disk
}

}  // namespace

class TestSettingsFaults : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("MozartStudioTests"));
        QApplication::setApplicationName(QStringLiteral("tst_settingsfaults"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.path() + QStringLiteral("/config"));
        qputenv("MOZART_AUDIO_DRIVER", "none");  // no sound device needed
    }

    void init() {
        SettingsWriter::flush();
        QSettings().clear();
        QSettings().sync();
    }

    void wrongValuesAreResetAndSaid() {
        writeSettingsFile("[playback]\nvolume=loud\nreverb=250\nchorus=20\n"
                          "[pianoRoll]\ngrid=7000\nfollow=maybe\n");
        MainWindow w;
        QCOMPARE(w.playbackPanel()->volume(), 80);  // the default
        QCOMPARE(w.playbackPanel()->reverb(), 30);
        QCOMPARE(w.playbackPanel()->chorus(), 20);  // a good value is kept
        QCOMPARE(w.pianoRoll()->gridDivision(), 16);
        const QString said = w.lastStatusMessage();
        for (const char* key : {"playback/volume", "playback/reverb", "pianoRoll/grid", "pianoRoll/follow"})
            QVERIFY2(said.contains(QLatin1String(key)), qPrintable(said));
        QVERIFY2(!said.contains(QLatin1String("playback/chorus")), qPrintable(said));
        QVERIFY(said.contains(QLatin1String("loud")));
    }

    void newerSettingsAreUsedAndKept() {
        writeSettingsFile("[General]\nsettingsVersion=99\n[playback]\nvolume=55\n[future]\nfeature=on\n");
        {
            MainWindow w;
            QCOMPARE(w.playbackPanel()->volume(), 55);
            QVERIFY2(w.lastStatusMessage().contains(QLatin1String("newer")), qPrintable(w.lastStatusMessage()));
            w.close();
        }
        SettingsWriter::flush();
        QSettings s;
        s.sync();
        // What the newer studio wrote survives this one.
        QCOMPARE(s.value(QStringLiteral("future/feature")).toString(), QStringLiteral("on"));
        QCOMPARE(s.value(QStringLiteral("settingsVersion")).toInt(), 99);
    }

    void unreadableFileIsKeptAside() {
        // An unterminated section header: QSettings reports a format error.
        writeSettingsFile("[playback\nvolume=12\n\x01\x02\xff\xfe garbage\n");
        const QString file = QSettings().fileName();
        const QByteArray damaged = fileBytes(file);
        {
            QTemporaryDir probe;  // QSettings's own verdict, on a copy only this reader sees
            QVERIFY(QFile::copy(file, probe.filePath(QStringLiteral("c.conf"))));
            QSettings copy(probe.filePath(QStringLiteral("c.conf")), QSettings::IniFormat);
            copy.allKeys();
            QVERIFY(copy.status() == QSettings::FormatError);
        }
        checkSettings();  // as mozart-studio's main() does before any widget exists
        MainWindow w;
        QCOMPARE(w.playbackPanel()->volume(), 80);
        QVERIFY2(w.lastStatusMessage().contains(QLatin1String(".damaged")), qPrintable(w.lastStatusMessage()));
        QCOMPARE(fileBytes(file + QStringLiteral(".damaged")), damaged);
    }

    void fullDiskKeepsThePreviousFileAndSaysSo() {
        if (!g_noMounts.isEmpty()) QSKIP(qPrintable(QStringLiteral("no private mounts: ") + g_noMounts));
        const QString disk = dir_.path() + QStringLiteral("/small");
        QVERIFY(QDir().mkpath(disk));
        if (::mount("mozart-test", disk.toLocal8Bit().constData(), "tmpfs", 0, "size=64k") != 0)
            QSKIP(qPrintable(QStringLiteral("mount tmpfs: ") + QString::fromLocal8Bit(std::strerror(errno))));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, disk);
        const QString file = QSettings().fileName();
        SettingsWriter::set(QStringLiteral("playback/volume"), 33);
        SettingsWriter::flush();
        const QByteArray before = fileBytes(file);
        QVERIFY(before.contains("volume=33"));
        {
            // Fill the disk to the last byte.
            const int fd = ::open((disk + QStringLiteral("/filler")).toLocal8Bit().constData(), O_WRONLY | O_CREAT, 0644);
            QVERIFY(fd >= 0);
            static const char block[4096] = {};
            for (std::size_t chunk : {sizeof block, std::size_t(1)})
                while (::write(fd, block, chunk) > 0) {
                }
            QCOMPARE(errno, ENOSPC);
            ::close(fd);
        }
        MainWindow w;
        QCOMPARE(w.playbackPanel()->volume(), 33);
        SettingsWriter::set(QStringLiteral("playback/volume"), QString(2000, QLatin1Char('7')));  // cannot fit
        SettingsWriter::flush();
        QTRY_VERIFY2(w.lastStatusMessage().contains(QLatin1String("could not be saved")), qPrintable(w.lastStatusMessage()));
        QVERIFY(w.lastStatusMessage().contains(file));
        QCOMPARE(fileBytes(file), before);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.path() + QStringLiteral("/config"));
        ::umount2(disk.toLocal8Bit().constData(), MNT_DETACH);
    }
};

int main(int argc, char** argv) {
    enterPrivateMountNamespace();
    QApplication app(argc, argv);
    TestSettingsFaults test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_settingsfaults.moc"
