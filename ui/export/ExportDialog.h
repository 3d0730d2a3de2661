// ExportDialog: what to export (the open piece or the selected dataset pieces), as what (MIDI,
// WAV, FLAC, OGG), which part (whole piece or loop range), the audio options that apply to the
// chosen format (bit depth for WAV/FLAC, quality for OGG, sample rate, peak normalisation) and
// where to. It only collects the choice; the main window checks for files to overwrite and runs
// the ExportTask.
#pragma once

#include <QDialog>

#include "export/AudioExportBackend.h"

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSlider;

namespace mozart::ui {

struct ExportChoice {
    enum class Source { Piece, DatasetSelection };
    Source source = Source::Piece;
    bool audio = false;
    bool loopOnly = false;
    AudioExportSettings settings;
    QString destination;  // a file for one piece, a folder for several
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    struct Context {
        QString pieceTitle;        // empty when no piece is open
        QString suggestedPath;     // file path without extension for the piece
        QString lastFolder;
        int datasetSelection = 0;  // selected dataset pieces
        bool hasLoop = false;
        bool audioAvailable = false;
        QString audioUnavailableReason;
    };
    ExportDialog(const Context& context, bool audio, QWidget* parent = nullptr);

    ExportChoice choice() const;
    void setDestination(const QString& path);
    void setFormat(AudioExportSettings::Format format);

private:
    void refresh();
    void browse();
    bool multiple() const;
    QString extension() const;

    Context context_;
    QRadioButton* pieceSource_;
    QRadioButton* datasetSource_;
    QComboBox* format_;
    QRadioButton* wholeRange_;
    QRadioButton* loopRange_;
    QComboBox* sampleRate_;
    QComboBox* bitDepth_;
    QSlider* oggQuality_;
    QLabel* oggQualityLabel_;
    QCheckBox* normalize_;
    QDoubleSpinBox* peakDb_;
    QLineEdit* destination_;
    QLabel* note_;
    QWidget* audioBox_;
    bool destinationIsFolder_ = false;  // what destination_ holds now
};

}  // namespace mozart::ui
