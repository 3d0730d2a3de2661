#include <QtTest>
class TestNoteEdits : public QObject { Q_OBJECT
private Q_SLOTS:
    void placeholder() { QVERIFY(true); }
};
QTEST_MAIN(TestNoteEdits)
#include "tst_noteedits.moc"
