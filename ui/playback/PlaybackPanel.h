// PlaybackPanel: transport buttons (sharing the Playback menu's actions), position and time, tempo
// at the playhead, volume, reverb, chorus, SoundFont chooser and output choice. Drives a
// PlaybackEngine; the settings it changes are kept with QSettings by the main window.
#pragma once

#include <QPointer>
#include <QWidget>

#include "document/PieceDocument.h"
#include "playback/PlaybackEngine.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSlider;

namespace mozart::ui {

class PlaybackPanel : public QWidget {
    Q_OBJECT
public:
    struct Actions {
        QAction* playPause = nullptr;
        QAction* stop = nullptr;
        QAction* toStart = nullptr;
        QAction* loop = nullptr;
        QAction* panic = nullptr;
        // Every text playPause takes ("Play", "Pause"): its button is as wide as the widest, so the
        // panel (and the piano roll beside it) does not move when playback starts.
        QStringList playPauseTexts;
    };
    PlaybackPanel(PlaybackEngine* engine, const Actions& actions, QWidget* parent = nullptr);
    void setDocument(PieceDocument* document);

    void setVolume(int percent);
    void setReverb(int percent);
    void setChorus(int percent);
    int volume() const;
    int reverb() const;
    int chorus() const;
    // Loads a SoundFont; shows the error beside the chooser when it fails. Returns success.
    bool loadSoundFont(const QString& path);
    bool selectOutput(const QString& id);
    QString positionText() const;

Q_SIGNALS:
    void settingsChanged();

public Q_SLOTS:
    void showPosition(midi::Tick tick);

private:
    void refreshOutputs();

    PlaybackEngine* engine_;
    QPointer<PieceDocument> doc_;
    QLabel* position_;
    QLabel* tempo_;
    QSlider* volume_;
    QSlider* reverb_;
    QSlider* chorus_;
    QLineEdit* soundFont_;
    QLabel* soundFontError_;
    QComboBox* output_;
};

}  // namespace mozart::ui
