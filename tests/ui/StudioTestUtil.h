// Helpers shared by the studio's workflow tests (tst_studioworkflow, tst_studiofeedback): answering
// modal dialogs, right-clicking, finding menu items, and a small corpus on disk.
#pragma once

#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QMenu>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTableView>
#include <QTimer>
#include <QtTest>
#include <functional>
#include <map>

#include "TestScores.h"
#include "dataset/DatasetBrowser.h"
#include "mainwindow/MainWindow.h"
#include "pianoroll/PianoRollCanvas.h"
#include "pianoroll/PianoRollEditor.h"

namespace studiotest {

using namespace mozart;
using namespace mozart::ui;

// Runs `act` on the first visible top-level widget of type T once it is shown (modal dialogs are
// answered this way); gives up after 20 s so a dialog that never comes cannot hang a later test.
template <class T>
inline void whenShown(std::function<void(T*)> act, QDeadlineTimer until = QDeadlineTimer(20000)) {
    QTimer::singleShot(10, [act, until] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* t = qobject_cast<T*>(w); t && t->isVisible()) {
                act(t);
                return;
            }
        if (!until.hasExpired()) whenShown<T>(act, until);
    });
}

inline void answerMessageBox(QMessageBox::StandardButton button, QString* text = nullptr) {
    whenShown<QMessageBox>([button, text](QMessageBox* box) {
        if (text) *text = box->text();
        box->button(button)->click();
    });
}

// The menu a right-click on `widget` at `pos` opens (the real context-menu event a click sends).
inline QMenu* rightClick(QWidget* widget, const QPoint& pos) {
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, widget->mapToGlobal(pos));
    QApplication::sendEvent(widget, &event);
    return qobject_cast<QMenu*>(QApplication::activePopupWidget());
}

// The menu's own items first, then its submenus'.
inline QAction* findAction(QMenu* menu, const QString& textPart) {
    for (QAction* a : menu->actions())
        if (QString(a->text()).remove(QLatin1Char('&')).startsWith(textPart)) return a;
    for (QAction* a : menu->actions())
        if (a->menu())
            if (QAction* inner = findAction(a->menu(), textPart)) return inner;
    return nullptr;
}

inline QPoint noteCenter(MainWindow& w, int track, int index) {
    const auto& n = w.document()->score().tracks[std::size_t(track)].notes[std::size_t(index)];
    return w.pianoRoll()->canvas()->noteRect(n).center().toPoint();
}

inline void makeCorpus(const QString& root) {
    QDir(root).mkpath(QStringLiteral("Mozart"));
    testscores::writeFile(root + QStringLiteral("/Mozart/a.mid"), testscores::smallMidi(60, 8));
    testscores::writeFile(root + QStringLiteral("/Mozart/b.mid"), testscores::smallMidi(64, 6));
    testscores::writeFile(root + QStringLiteral("/Mozart/c.mid"), testscores::smallMidi(67, 4));
}

// The window with the corpus open, scanned, sorted by file name.
inline void openCorpus(MainWindow& w, const QString& root) {
    QSignalSpy finished(w.datasetBrowser(), &DatasetBrowser::scanFinished);
    w.openPath(root);
    QVERIFY(finished.wait(30000));
    w.datasetBrowser()->table()->sortByColumn(DatasetTableModel::File, Qt::AscendingOrder);
}

// Every enabled action of the window that a key can reach, per key sequence.
inline std::map<QString, QStringList> keyOwners(QMainWindow& w, QStringList* doubled) {
    std::map<QString, QStringList> owners;
    for (QAction* a : w.findChildren<QAction*>()) {
        if (!a->isEnabled() || a->shortcuts().isEmpty()) continue;
        QStringList seen;
        for (const QKeySequence& k : a->shortcuts()) {
            const QString key = k.toString(QKeySequence::PortableText);
            if (seen.contains(key)) *doubled << a->objectName() + QLatin1Char(':') + key;
            seen << key;
            owners[key] << (a->objectName().isEmpty() ? a->text() : a->objectName());
        }
    }
    return owners;
}

}  // namespace studiotest
