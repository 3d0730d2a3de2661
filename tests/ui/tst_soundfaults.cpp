// Sound faults in the studio: a missing SoundFont, a broken one, no audio device and a MIDI port
// that disappeared since last time are each reported in the window, and playing still works
// (silently) without a crash.
#include <QtTest>

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>

#include "TestScores.h"
#include "mainwindow/MainWindow.h"
#include "playback/PlaybackPanel.h"

using namespace mozart::ui;

namespace {

// The visible texts of the panel's labels and combo boxes, joined.
QString panelText(const PlaybackPanel* panel) {
    QStringList texts;
    for (const QLabel* l : panel->findChildren<QLabel*>())
        if (!l->isHidden()) texts << l->text() << l->toolTip();
    for (const QComboBox* c : panel->findChildren<QComboBox*>())
        for (int i = 0; i < c->count(); ++i) texts << c->itemText(i) << c->itemData(i, Qt::ToolTipRole).toString();
    return texts.join(QLatin1Char('\n'));
}

// Opens a small piece, plays it for a moment and stops: nothing may crash.
void playBriefly(MainWindow& w, const QString& midi) {
    w.openMidiFile(midi);
    w.waitForLoad();
    w.action(QStringLiteral("playPause"))->trigger();
    QTest::qWait(150);
    w.action(QStringLiteral("stop"))->trigger();
}

}  // namespace

class TestSoundFaults : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString midi_;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("MozartStudioTests"));
        QApplication::setApplicationName(QStringLiteral("tst_soundfaults"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.path() + QStringLiteral("/config"));
        midi_ = dir_.filePath(QStringLiteral("piece.mid"));
        QVERIFY(testscores::writeFile(midi_, testscores::smallMidi(60, 8)));
    }

    void init() {
        QSettings().clear();
        QSettings().sync();
        qunsetenv("MOZART_AUDIO_DRIVER");
    }

    void missingSoundFont() {
        const QString gone = dir_.filePath(QStringLiteral("gone.sf2"));
        QSettings().setValue(QStringLiteral("playback/soundFont"), gone);
        MainWindow w;
        w.show();
        QVERIFY2(panelText(w.playbackPanel()).contains(gone), qPrintable(panelText(w.playbackPanel())));
        playBriefly(w, midi_);
    }

    void brokenSoundFont() {
        const QString broken = dir_.filePath(QStringLiteral("broken.sf2"));
        {
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray("RIFF\x10\0\0\0sfbkLIST garbage, not a SoundFont", 40));
        }
        QSettings().setValue(QStringLiteral("playback/soundFont"), broken);
        MainWindow w;
        w.show();
        // Checked when a synthesizer exists; without a sound device the studio plays silently and
        // says that instead. Either way the window names what is wrong.
        const QString text = panelText(w.playbackPanel());
        QVERIFY2(text.contains(broken) || text.contains(QLatin1String("No sound")), qPrintable(text));
        qInfo("shown: %s", qPrintable(text.simplified()));
        playBriefly(w, midi_);
    }

    void noAudioDevice() {
        qputenv("MOZART_AUDIO_DRIVER", "none");
        MainWindow w;
        w.show();
        const QString text = panelText(w.playbackPanel());
        QVERIFY2(text.contains(QLatin1String("no audio device")), qPrintable(text));
        playBriefly(w, midi_);
    }

    void vanishedMidiPort() {
        QSettings().setValue(QStringLiteral("playback/output"), QStringLiteral("port:Unplugged Synth 128:0"));
        MainWindow w;
        w.show();
        QVERIFY2(w.lastStatusMessage().contains(QLatin1String("Unplugged Synth")), qPrintable(w.lastStatusMessage()));
        qInfo("said: %s", qPrintable(w.lastStatusMessage()));
        playBriefly(w, midi_);
    }
};

QTEST_MAIN(TestSoundFaults)
#include "tst_soundfaults.moc"
