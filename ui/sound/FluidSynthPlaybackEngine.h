// FluidSynthPlaybackEngine: the PlaybackEngine over core/audio: the built-in FluidSynth Player on
// the system's sound device, or a MidiPortPlayer on a MIDI output port. The GUI thread drives it
// and polls the player's position (safe from any thread) at ~30 Hz while playing, so no audio
// thread ever touches a Qt object. Auditioned notes use a second, small Player.
#pragma once

#include <QTimer>
#include <memory>

#include "playback/PlaybackEngine.h"

namespace mozart::audio {
class Player;
class MidiPortPlayer;
}  // namespace mozart::audio

namespace mozart::ui {

class FluidSynthPlaybackEngine : public PlaybackEngine {
    Q_OBJECT
public:
    // Null, with the reason in `error`, when neither the SoundFont nor a sound device can be used.
    static FluidSynthPlaybackEngine* create(const QString& soundFont, QString* error, QObject* parent);
    ~FluidSynthPlaybackEngine() override;

    void setScore(const midi::Score& score) override;
    void setAudibleTracks(const std::vector<bool>& audible) override;
    void play() override;
    void pause() override;
    void stop() override;
    void panic() override;
    void seek(midi::Tick tick) override;
    midi::Tick position() const override;
    PlaybackState state() const override;
    void setLoop(std::optional<std::pair<midi::Tick, midi::Tick>> range) override;
    void setVolume(double volume) override;
    void setReverb(double amount) override;
    void setChorus(double amount) override;
    QString setSoundFont(const QString& path) override;
    QString soundFont() const override { return soundFont_; }
    std::vector<AudioOutput> outputs() const override;
    QString setOutput(const QString& id) override;
    QString output() const override { return output_; }
    void auditionNote(int program, bool isDrum, int pitch, int velocity) override;
    QString versionText() const override;

private:
    explicit FluidSynthPlaybackEngine(QObject* parent);
    QString startSynth(const QString& soundFont);
    void poll();
    void applyTransportSettings();
    void reportState();

    std::unique_ptr<audio::Player> synth_;
    std::unique_ptr<audio::MidiPortPlayer> port_;
    std::unique_ptr<audio::Player> audition_;
    midi::Score score_;
    std::unique_ptr<midi::TempoMap> tempo_;
    std::vector<bool> audible_;
    std::optional<std::pair<midi::Tick, midi::Tick>> loop_;
    double volume_ = 0.8, reverb_ = 0.3, chorus_ = 0.1;
    QString soundFont_, output_ = QStringLiteral("synth");
    QTimer timer_;
    PlaybackState lastState_ = PlaybackState::Stopped;
};

}  // namespace mozart::ui
