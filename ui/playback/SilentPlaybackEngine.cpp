#include "playback/SilentPlaybackEngine.h"

#include <QFileInfo>

namespace mozart::ui {

SilentPlaybackEngine::SilentPlaybackEngine(QObject* parent)
    : PlaybackEngine(parent), tempo_(std::make_unique<midi::TempoMap>(score_)) {
    timer_.setInterval(33);
    connect(&timer_, &QTimer::timeout, this, &SilentPlaybackEngine::tick);
}

void SilentPlaybackEngine::setScore(const midi::Score& score) {
    const midi::Tick at = position();
    score_ = score;
    tempo_ = std::make_unique<midi::TempoMap>(score_);
    end_ = score_.endTick();
    if (state_ == PlaybackState::Playing) {
        startSeconds_ = tempo_->seconds(at);
        clock_.restart();
    } else {
        pausedAt_ = std::min(at, end_);
    }
}

midi::Tick SilentPlaybackEngine::positionAt(double seconds) const { return tempo_->ticks(seconds); }

midi::Tick SilentPlaybackEngine::position() const {
    if (state_ != PlaybackState::Playing) return pausedAt_;
    return positionAt(startSeconds_ + clock_.nsecsElapsed() / 1e9);
}

void SilentPlaybackEngine::play() {
    if (state_ == PlaybackState::Playing) return;
    if (pausedAt_ >= end_) pausedAt_ = loop_ ? loop_->first : 0;
    startSeconds_ = tempo_->seconds(pausedAt_);
    clock_.restart();
    state_ = PlaybackState::Playing;
    timer_.start();
    Q_EMIT stateChanged(state_);
}

void SilentPlaybackEngine::pause() {
    if (state_ != PlaybackState::Playing) return;
    pausedAt_ = position();
    state_ = PlaybackState::Paused;
    timer_.stop();
    Q_EMIT stateChanged(state_);
    Q_EMIT positionChanged(pausedAt_);
}

void SilentPlaybackEngine::stop() {
    timer_.stop();
    pausedAt_ = position();
    state_ = PlaybackState::Stopped;
    Q_EMIT stateChanged(state_);
}

void SilentPlaybackEngine::seek(midi::Tick tick) {
    tick = std::max<midi::Tick>(0, tick);
    if (state_ == PlaybackState::Playing) {
        startSeconds_ = tempo_->seconds(tick);
        clock_.restart();
    }
    pausedAt_ = tick;
    Q_EMIT positionChanged(tick);
}

void SilentPlaybackEngine::tick() {
    midi::Tick at = position();
    if (loop_ && at >= loop_->second) {
        seek(loop_->first);
        return;
    }
    if (at >= end_) {
        timer_.stop();
        pausedAt_ = end_;
        state_ = PlaybackState::Stopped;
        Q_EMIT positionChanged(end_);
        Q_EMIT stateChanged(state_);
        return;
    }
    Q_EMIT positionChanged(at);
}

QString SilentPlaybackEngine::setSoundFont(const QString& path) {
    if (!QFileInfo::exists(path)) return tr("%1: no such SoundFont file").arg(path);
    soundFont_ = path;
    return QString();
}

std::vector<AudioOutput> SilentPlaybackEngine::outputs() const {
    // A short entry; the full reason is on hover and one click away in the status bar.
    if (!reason_.isEmpty()) return {{QStringLiteral("silent"), tr("No sound device"), true, reason_}};
    return {{QStringLiteral("silent"), tr("No sound (no synthesizer built in)"), true, unavailableReason()}};
}

QString SilentPlaybackEngine::versionText() const {
    // With FluidSynth built in but no device the synthesizer exists: say what is missing.
    return reason_.isEmpty() ? tr("no synthesizer built in") : tr("silent, no sound device");
}

QString SilentPlaybackEngine::unavailableReason() const {
    return reason_.isEmpty() ? tr("This build of Mozart Studio has no synthesizer (FluidSynth was not found when it "
                                  "was built).")
                             : reason_;
}

}  // namespace mozart::ui
