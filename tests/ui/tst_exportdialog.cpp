// The export dialog offers only the options of the chosen format and keeps the destination's
// extension in step with it; what it returns is what the user set.
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QRadioButton>
#include <QSlider>
#include <QtTest>

#include "export/ExportDialog.h"

using namespace mozart::ui;

class TestExportDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void optionsFollowTheFormat();
    void batchExportGoesToAFolder();
    void audioUnavailableKeepsMidiOnly();
};

namespace {
ExportDialog::Context context() {
    ExportDialog::Context c;
    c.pieceTitle = QStringLiteral("sonata.mid");
    c.suggestedPath = QStringLiteral("/tmp/out/sonata");
    c.lastFolder = QStringLiteral("/tmp/out");
    c.datasetSelection = 3;
    c.hasLoop = true;
    c.audioAvailable = true;
    return c;
}
QComboBox* combo(QDialog& d, const char* name) { return d.findChild<QComboBox*>(QString::fromLatin1(name)); }
}  // namespace

void TestExportDialog::optionsFollowTheFormat() {
    ExportDialog d(context(), true);
    auto* format = combo(d, "format");
    auto* destination = d.findChild<QLineEdit*>(QStringLiteral("destination"));
    QCOMPARE(format->currentData().toString(), QStringLiteral("wav"));
    QCOMPARE(destination->text(), QStringLiteral("/tmp/out/sonata.wav"));
    d.setFormat(AudioExportSettings::Format::Ogg);
    QCOMPARE(destination->text(), QStringLiteral("/tmp/out/sonata.ogg"));
    auto* quality = d.findChild<QSlider*>();
    QVERIFY(quality->isEnabled());
    quality->setValue(9);
    ExportChoice c = d.choice();
    QVERIFY(c.audio);
    QCOMPARE(c.settings.format, AudioExportSettings::Format::Ogg);
    QCOMPARE(c.settings.oggQuality, 0.9);
    d.setFormat(AudioExportSettings::Format::Flac);
    QVERIFY(!quality->isEnabled());
    // FLAC and WAV offer 16 and 24 bits.
    QComboBox* depth = nullptr;
    for (auto* cb : d.findChildren<QComboBox*>())
        if (cb->findData(24) >= 0 && cb->findData(16) >= 0 && cb != format) depth = cb;
    QVERIFY(depth);
    QCOMPARE(depth->count(), 2);
    depth->setCurrentIndex(depth->findData(24));
    // Loop range is offered for the open piece.
    for (auto* r : d.findChildren<QRadioButton*>())
        if (r->text().contains(QStringLiteral("Loop"))) r->setChecked(true);
    c = d.choice();
    QCOMPARE(c.settings.bitDepth, 24);
    QVERIFY(c.loopOnly);
    QCOMPARE(c.destination, QStringLiteral("/tmp/out/sonata.flac"));
    format->setCurrentIndex(0);  // MIDI
    QVERIFY(!d.choice().audio);
    QCOMPARE(d.choice().destination, QStringLiteral("/tmp/out/sonata.mid"));
}

void TestExportDialog::batchExportGoesToAFolder() {
    ExportDialog d(context(), false);
    for (auto* r : d.findChildren<QRadioButton*>())
        if (r->text().contains(QStringLiteral("dataset"))) r->setChecked(true);
    const ExportChoice c = d.choice();
    QCOMPARE(c.source, ExportChoice::Source::DatasetSelection);
    QCOMPARE(c.destination, QStringLiteral("/tmp/out"));
    QVERIFY(!c.loopOnly);  // a loop range belongs to the open piece only
}

void TestExportDialog::audioUnavailableKeepsMidiOnly() {
    ExportDialog::Context c = context();
    c.audioAvailable = false;
    ExportDialog d(c, true);
    QCOMPARE(combo(d, "format")->currentData().toString(), QStringLiteral("mid"));
    QVERIFY(!d.choice().audio);
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
