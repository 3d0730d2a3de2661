#include "mainwindow/NewPieceDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <cmath>

#include "midi/GeneralMidi.h"

namespace mozart::ui {

NewPieceDialog::NewPieceDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("New Piece"));
    auto* form = new QFormLayout(this);
    tempo_ = new QSpinBox(this);
    tempo_->setObjectName(QStringLiteral("tempo"));
    tempo_->setRange(20, 300);
    tempo_->setValue(120);
    tempo_->setSuffix(tr(" bpm"));
    form->addRow(tr("Tempo"), tempo_);

    auto* meter = new QHBoxLayout;
    numerator_ = new QSpinBox(this);
    numerator_->setObjectName(QStringLiteral("numerator"));
    numerator_->setRange(1, 16);
    numerator_->setValue(4);
    denominator_ = new QComboBox(this);
    denominator_->setObjectName(QStringLiteral("denominator"));
    for (int d : {2, 4, 8, 16}) denominator_->addItem(QString::number(d), d);
    denominator_->setCurrentIndex(1);
    meter->addWidget(numerator_);
    meter->addWidget(new QLabel(QStringLiteral("/"), this));
    meter->addWidget(denominator_);
    meter->addStretch(1);
    form->addRow(tr("Time signature"), meter);

    instrument_ = new QComboBox(this);
    instrument_->setObjectName(QStringLiteral("instrument"));
    for (int program = 0; program < 128; ++program)
        instrument_->addItem(QStringLiteral("%1 %2").arg(program + 1).arg(QString::fromStdString(midi::programName(program))),
                             program);
    instrument_->addItem(tr("Drums (channel 10)"), kDrumsEntry);
    form->addRow(tr("Instrument"), instrument_);
    form->addRow(new QLabel(tr("Double-click the piano roll to add notes."), this));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

midi::Score NewPieceDialog::score() const {
    midi::Score s;
    s.ticksPerQuarter = 480;
    s.tempos.push_back({0, std::int32_t(std::lround(60000000.0 / tempo_->value()))});
    s.timeSignatures.push_back({0, numerator_->value(), denominator_->currentData().toInt()});
    midi::Track track;
    const int entry = instrument_->currentData().toInt();
    track.isDrum = entry == kDrumsEntry;
    track.program = track.isDrum ? 0 : entry;
    track.channel = track.isDrum ? 9 : 0;
    track.name = midi::programName(track.program, track.isDrum);
    s.tracks.push_back(std::move(track));
    return s;
}

}  // namespace mozart::ui
