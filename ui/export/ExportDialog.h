// ExportDialog: what to export (the open piece or the selected dataset pieces), as what (MIDI,
// WAV, FLAC, OGG), which part (whole piece or loop range), the audio options that apply to the
// chosen format (bit depth for WAV/FLAC, quality for OGG, sample rate, peak normalisation) and
// where to. It only collects the choice; the main window checks for files to overwrite and runs
// the ExportTask. It never proposes the open file itself or a folder inside the dataset being
// browsed, and remembers the audio format and options (QSettings "export/...") when accepted.
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
        QString openFilePath;   // the open piece's file: never proposed as the destination
        QString datasetFolder;  // the dataset being browsed: nothing inside it is proposed
    };

    // The folder proposed for exports: `lastFolder` unless it is empty or inside `datasetFolder`
    // (or is it), else the user's music folder (else home).
    static QString proposedFolder(const QString& lastFolder, const QString& datasetFolder);
    // "<name> (edited)" (no extension) in proposedFolder(): what Export proposes for the open piece.
    static QString proposedPiecePath(const QString& pieceTitle, const QString& lastFolder, const QString& datasetFolder);
    static bool isInside(const QString& path, const QString& folder);
    ExportDialog(const Context& context, bool audio, QWidget* parent = nullptr);

    ExportChoice choice() const;
    void setDestination(const QString& path);
    void setFormat(AudioExportSettings::Format format);
    void accept() override;

private:
    void refresh();
    void browse();
    bool multiple() const;
    QString extension() const;
    void restoreOptions(bool audio);
    QString avoidOpenFile(const QString& path) const;

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
    int bitDepthWanted_ = 16;           // remembered bit depth, applied once the format offers it
};

}  // namespace mozart::ui
