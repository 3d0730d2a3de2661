// The studio at scale factor 2 on a 3200x2000 screen (QT_SCALE_FACTOR=2, an offscreen screen of
// that size): the first-run window fits the screen, the Tokens panel shows whole token names, and
// notes a few pixels wide keep their outline.
#include <QApplication>
#include <QDockWidget>
#include <QListView>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "TestScores.h"
#include "mainwindow/MainWindow.h"
#include "pianoroll/PianoRollCanvas.h"
#include "pianoroll/PianoRollEditor.h"
#include "tokens/TokenInspector.h"

using namespace mozart;
using namespace mozart::ui;

class TestStudioHidpi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void windowFitsTheScreen();
    void tokenNamesAreWhole();
    void smallNotesKeepTheirOutline();
};

void TestStudioHidpi::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QCOMPARE(qApp->devicePixelRatio(), 2.0);
    QCOMPARE(QGuiApplication::primaryScreen()->geometry().size(), QSize(1600, 1000));  // logical
}

void TestStudioHidpi::windowFitsTheScreen() {
    MainWindow w;  // first run: fills the screen
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
    QVERIFY2(w.minimumSizeHint().width() <= screen.width() && w.minimumSizeHint().height() <= screen.height(),
             qPrintable(QStringLiteral("minimum %1x%2").arg(w.minimumSizeHint().width()).arg(w.minimumSizeHint().height())));
    QVERIFY2(screen.contains(w.geometry()),
             qPrintable(QStringLiteral("window %1x%2 at %3,%4")
                            .arg(w.width()).arg(w.height()).arg(w.x()).arg(w.y())));
}

void TestStudioHidpi::tokenNamesAreWhole() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.showScore(testscores::twoTrackScore(), QString());
    w.tokenInspector()->waitUntilReady();
    QCoreApplication::processEvents();
    auto* view = w.tokenInspector()->view();
    const int room = view->viewport()->width();
    int checked = 0;
    for (int r = 0; r < view->model()->rowCount(); ++r) {
        const QString text = view->model()->index(r, 0).data().toString();
        const int need = view->fontMetrics().horizontalAdvance(text) + 8;
        QVERIFY2(need <= room, qPrintable(QStringLiteral("'%1' needs %2 px, the list has %3").arg(text).arg(need).arg(room)));
        ++checked;
    }
    QVERIFY(checked > 10);
}

void TestStudioHidpi::smallNotesKeepTheirOutline() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    midi::Score s = testscores::twoTrackScore();
    s.tracks.resize(1);
    w.showScore(s, QString());
    auto* canvas = w.pianoRoll()->canvas();
    // Zoom out until a quarter note is 3 logical (6 device) pixels wide.
    w.pianoRoll()->viewport()->setPixelsPerTick(3.0 / 480.0);
    const auto& note = w.document()->score().tracks[0].notes[4];
    const QRectF r = canvas->noteRect(note);
    QVERIFY(r.width() > 2.5 && r.width() < 3.5);
    const QImage image = canvas->grab().toImage();
    QCOMPARE(image.devicePixelRatio(), 2.0);
    const int y = int((r.top() + r.height() / 2) * 2);
    const QColor edge = image.pixelColor(int(std::round(r.left() * 2)), y);
    const QColor inside = image.pixelColor(int(std::round(r.left() * 2)) + 2, y);
    QVERIFY2(edge.lightness() < 50, qPrintable(QStringLiteral("edge %1").arg(edge.name())));
    QVERIFY2(inside.lightness() > edge.lightness() + 40, qPrintable(QStringLiteral("inside %1").arg(inside.name())));
}

int main(int argc, char** argv) {
    // Set before the application exists: a 3200x2000 screen seen at scale factor 2.
    QTemporaryDir config;
    const QString file = config.filePath(QStringLiteral("screen.json"));
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly)) return 1;
    f.write(R"({"screens": [{"name": "hidpi", "x": 0, "y": 0, "width": 3200, "height": 2000,
                            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})");
    f.close();
    qputenv("QT_QPA_PLATFORM", ("offscreen:configfile=" + file).toLocal8Bit());
    qputenv("QT_SCALE_FACTOR", "2");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MozartStudioTests"));
    QApplication::setApplicationName(QStringLiteral("tst_studiohidpi"));
    TestStudioHidpi test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_studiohidpi.moc"
