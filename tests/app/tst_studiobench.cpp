// `mozart-studio --bench --bench-quick` as a user runs it, offscreen on a small generated corpus:
// it finishes, and prints every figure the README quotes (piano-roll repaint, event loop during a
// scan, the training dashboard's tokens/s with and without it and its stall, the first generated
// note and the stall while generating and playing), and that its idle compute threads sleep instead
// of spinning and its freed memory stays in the heap. The figures themselves are not judged here.
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "../core/TinyMidiFolder.h"

class TestStudioBench : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quickBenchPrintsEveryFigure() {
        QTemporaryDir dir;
        for (int i = 0; i < 10; ++i)
            tiny::write(tiny::path(dir, QString("corpus/%1/p%2.mid").arg(i % 2 ? "Mozart" : "Haydn").arg(i)),
                        tiny::melody(i, 160));
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("MOZART_AUDIO_DRIVER", "none");  // no sound device here: the silent transport
        env.insert("XDG_CACHE_HOME", dir.path() + "/cache");
        env.insert("XDG_CONFIG_HOME", dir.path() + "/config");
        env.insert("XDG_DATA_HOME", dir.path() + "/data");
        env.remove("MOZART_BENCH_ONLY");
        // The studio sets them itself before any thread exists (model/CpuRuntime.h).
        env.remove("OMP_WAIT_POLICY");
        env.remove("OPENBLAS_THREAD_TIMEOUT");
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(MOZART_STUDIO_PATH), {"--bench", "--bench-quick", "--corpus", dir.path() + "/corpus"});
        QVERIFY(p.waitForFinished(180000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(out + err));
        const char* lines[] = {
            "^idle compute threads: OMP_WAIT_POLICY=PASSIVE OPENBLAS_THREAD_TIMEOUT=20; freed memory kept in the heap$",
            "^repaint, 8 bars across: median [0-9.]+ ms",
            "^event loop during scan of [0-9]+ files .*longest block [0-9.]+ ms",
            "^training tok/s with dashboard: [0-9]+ ",
            "^training tok/s without dashboard: [0-9]+ ",
            "^dashboard cost: -?[0-9.]+%",
            "^dashboard stall max: [0-9.]+ ms",
            "^generate first note: [0-9]+ ms",
            "^generate first note, first click \\(loads the model\\): [0-9]+ ms",
            "^generate\\+play stall max: [0-9.]+ ms",
        };
        for (const char* line : lines)
            QVERIFY2(QRegularExpression(line, QRegularExpression::MultilineOption).match(out).hasMatch(),
                     qPrintable(QString("%1 missing from:\n%2%3").arg(line, out, err)));
        // The bench's windows, training runs and generations keep their settings in a temporary
        // folder: the user's hold nothing more than the version stamp the studio writes at start.
        const QSettings user(dir.path() + "/config/Mozart Studio/mozart-studio.conf", QSettings::IniFormat);
        for (const QString& key : user.allKeys())
            QVERIFY2(key == "settingsVersion", qPrintable("the bench wrote the user's setting " + key));
    }
};

QTEST_MAIN(TestStudioBench)
#include "tst_studiobench.moc"
