// SilentPlaybackEngine: a PlaybackEngine that only keeps time (tempo map, loop, seek) and makes no
// sound. Used when no synthesizer is built in or the SoundFont cannot be loaded, and by GUI tests;
// the transport, playhead and loop behave exactly as with sound.
#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <memory>

#include "playback/PlaybackEngine.h"

namespace mozart::ui {

class SilentPlaybackEngine : public PlaybackEngine {
    Q_OBJECT
public:
    explicit SilentPlaybackEngine(QObject* parent = nullptr);

    void setScore(const midi::Score& score) override;
    void setAudibleTracks(const std::vector<bool>&) override {}
    void play() override;
    void pause() override;
    void stop() override;
    void panic() override {}
    void seek(midi::Tick tick) override;
    midi::Tick position() const override;
    PlaybackState state() const override { return state_; }
    void setLoop(std::optional<std::pair<midi::Tick, midi::Tick>> range) override { loop_ = range; }
    void setVolume(double) override {}
    void setReverb(double) override {}
    void setChorus(double) override {}
    QString setSoundFont(const QString& path) override;
    QString soundFont() const override { return soundFont_; }
    std::vector<AudioOutput> outputs() const override;
    QString setOutput(const QString&) override { return QString(); }
    QString output() const override { return QStringLiteral("silent"); }
    void auditionNote(int, bool, int, int) override {}
    QString versionText() const override;
    // Why there is no sound (no sound device, no SoundFont), shown as the only output.
    void setUnavailableReason(const QString& reason) { reason_ = reason; }
    QString unavailableReason() const override;

private:
    void tick();
    midi::Tick positionAt(double seconds) const;

    midi::Score score_;
    std::unique_ptr<midi::TempoMap> tempo_;
    midi::Tick end_ = 0;
    PlaybackState state_ = PlaybackState::Stopped;
    double startSeconds_ = 0;  // piece time when the clock started
    QElapsedTimer clock_;
    midi::Tick pausedAt_ = 0;
    std::optional<std::pair<midi::Tick, midi::Tick>> loop_;
    QTimer timer_;
    QString soundFont_;
    QString reason_;
};

}  // namespace mozart::ui
