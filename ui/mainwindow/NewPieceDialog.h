// NewPieceDialog: File > New asks for what an empty piece needs before the first note can be
// drawn: the tempo, the time signature and one instrument (General MIDI program or drums). The
// piece it builds has that one track and no notes; notes are added by double-clicking the roll.
#pragma once

#include <QDialog>

#include "midi/Score.h"

class QComboBox;
class QSpinBox;

namespace mozart::ui {

class NewPieceDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewPieceDialog(QWidget* parent = nullptr);

    // The empty piece the fields describe (480 ticks per quarter).
    midi::Score score() const;
    QSpinBox* tempoBox() const { return tempo_; }
    QSpinBox* numeratorBox() const { return numerator_; }
    QComboBox* denominatorBox() const { return denominator_; }
    QComboBox* instrumentBox() const { return instrument_; }

    // The instrument list's entry for drums (after the 128 programs).
    static constexpr int kDrumsEntry = 128;

private:
    QSpinBox* tempo_;
    QSpinBox* numerator_;
    QComboBox* denominator_;
    QComboBox* instrument_;
};

}  // namespace mozart::ui
