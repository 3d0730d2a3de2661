// PlaybackEngine: what the studio needs from a player, so the playback panel, the piano roll and
// export do not depend on how sound is made. The FluidSynth/RtMidi adapter over core/audio
// implements it; SilentPlaybackEngine keeps time without sound when no synthesizer is available.
// All calls and signals are on the GUI thread; implementations turn their engine's callbacks into
// queued signals. positionChanged is emitted at most ~30 times a second while playing.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "midi/Score.h"

namespace mozart::ui {

enum class PlaybackState { Stopped, Playing, Paused };

struct AudioOutput {
    QString id;       // stable key kept in the settings
    QString name;     // shown to the user
    bool isSynth = false;  // built-in synthesizer (true) or a MIDI port (false)
    QString detail;        // a longer explanation, shown on hover (empty: the name says it all)
};

class PlaybackEngine : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~PlaybackEngine() override = default;

    // The piece to play (copied). `audible[t]` false silences track t (mute/solo).
    virtual void setScore(const midi::Score& score) = 0;
    virtual void setAudibleTracks(const std::vector<bool>& audible) = 0;

    virtual void play() = 0;
    virtual void pause() = 0;
    // Stops, returns to the start of the loop or piece position kept by the caller, and sends
    // all-notes-off so nothing hangs.
    virtual void stop() = 0;
    // All-notes-off and all-sound-off on every channel, whatever the state.
    virtual void panic() = 0;
    virtual void seek(midi::Tick tick) = 0;
    virtual midi::Tick position() const = 0;
    virtual PlaybackState state() const = 0;
    // Loop [start, end) while playing; nullopt plays to the end.
    virtual void setLoop(std::optional<std::pair<midi::Tick, midi::Tick>> range) = 0;

    // 0..1 each.
    virtual void setVolume(double volume) = 0;
    virtual void setReverb(double amount) = 0;
    virtual void setChorus(double amount) = 0;
    // Returns an empty string on success, else a sentence naming the file and the problem.
    virtual QString setSoundFont(const QString& path) = 0;
    virtual QString soundFont() const = 0;
    virtual std::vector<AudioOutput> outputs() const = 0;
    virtual QString setOutput(const QString& id) = 0;
    virtual QString output() const = 0;

    // Sounds one note now (piano-roll clicks, keyboard ruler), with the track's instrument.
    virtual void auditionNote(int program, bool isDrum, int pitch, int velocity) = 0;

    // "FluidSynth 2.3.1", or a sentence saying there is no synthesizer.
    virtual QString versionText() const = 0;
    // Why playback makes no sound (no sound device, no synthesizer), in full; empty when it does.
    virtual QString unavailableReason() const { return QString(); }

Q_SIGNALS:
    void stateChanged(mozart::ui::PlaybackState state);
    void positionChanged(midi::Tick tick);
    void errorOccurred(const QString& message);
};

}  // namespace mozart::ui
