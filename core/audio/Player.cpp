#include "audio/Player.h"

#include <algorithm>
#include <cmath>

#include "audio/EventSchedule.h"

namespace mozart::audio {

// Hands the transport's events to the synth and renders the period piecewise between them.
class Player::SynthSink : public TransportSink {
public:
    // With buffers: on the audio thread, inside a period. Without: on a controlling thread.
    SynthSink(Synth& synth, float* left, float* right, bool* resetPending)
        : synth_(synth), left_(left), right_(right), resetPending_(resetPending) {}

    void renderUntil(int offset) override {
        if (offset <= done_ || !left_) return;
        synth_.renderAdd(left_ + done_, right_ + done_, offset - done_);
        done_ = offset;
    }
    void send(const ScheduledEvent& event) override { synth_.apply(event); }
    void silence(bool hard) override {
        if (!hard) {
            synth_.releaseAll();
        } else if (onAudioThread()) {
            synth_.reset();
        } else {
            // Voices stop now; the reset that also empties the reverb must render, so the
            // audio thread does it at the start of its next period.
            synth_.soundsOff();
            *resetPending_ = true;
        }
    }
    // The transport chases only inside advance(), on the audio thread: playback from a position
    // then sounds exactly as an offline render starting there.
    void resetChannels() override { synth_.reset(); }

private:
    bool onAudioThread() const { return left_ != nullptr; }

    Synth& synth_;
    float* left_;
    float* right_;
    int done_ = 0;
    bool* resetPending_;
};

std::unique_ptr<Player> Player::create(const SynthSettings& settings, std::unique_ptr<AudioOutput> output,
                                       std::string* error) {
    std::unique_ptr<Player> p(new Player);
    p->synth_ = Synth::create(settings, Synth::Use::Live, error);
    if (!p->synth_) return nullptr;
    p->output_ = output ? std::move(output) : makeSystemAudioOutput();
    Player* self = p.get();
    if (!p->output_->start(p->synth_->sampleRate(),
                           [self](float* l, float* r, int frames) { self->process(l, r, frames); }, error))
        return nullptr;
    return p;
}

Player::~Player() {
    if (output_) output_->stop();
}

void Player::process(float* left, float* right, int frames) {
    std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) {
        synth_->renderAdd(left, right, frames);
        return;
    }
    if (resetPending_) {
        if (!transport_.chasesNext()) synth_->reset();  // a chase resets anyway
        resetPending_ = false;
    }
    const State before = transport_.state();
    SynthSink sink(*synth_, left, right, &resetPending_);
    transport_.advance(frames, sink);
    if (!onPosition_) return;
    const std::int64_t pos = transport_.position();
    const auto interval = std::int64_t(synth_->sampleRate() / 30.0);
    const bool stoppedByItself = before == State::Playing && transport_.state() == State::Stopped;
    if (stoppedByItself || (transport_.state() == State::Playing &&
                            (lastReported_ < 0 || std::llabs(pos - lastReported_) >= interval))) {
        lastReported_ = pos;
        onPosition_(double(pos) / synth_->sampleRate());
    }
}

void Player::setScore(const midi::Score& score) {
    EventSchedule schedule(score, synth_->sampleRate());  // built outside the lock: may take a moment
    std::lock_guard<std::mutex> lock(mutex_);
    SynthSink sink(*synth_, nullptr, nullptr, &resetPending_);
    transport_.setSchedule(std::move(schedule), sink);
    lastReported_ = -1;
}

void Player::play() {
    std::lock_guard<std::mutex> lock(mutex_);
    transport_.play();
}

void Player::pause() {
    std::lock_guard<std::mutex> lock(mutex_);
    SynthSink sink(*synth_, nullptr, nullptr, &resetPending_);
    transport_.pause(sink);
}

void Player::stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    SynthSink sink(*synth_, nullptr, nullptr, &resetPending_);
    transport_.stop(sink);
    lastReported_ = -1;
}

void Player::seek(double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    SynthSink sink(*synth_, nullptr, nullptr, &resetPending_);
    transport_.seek(transport_.schedule().toFrame(std::max(0.0, seconds)), sink);
    lastReported_ = -1;
}

bool Player::setLoop(double startSeconds, double endSeconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto& s = transport_.schedule();
    return transport_.setLoop(s.toFrame(std::max(0.0, startSeconds)), s.toFrame(std::max(0.0, endSeconds)));
}

void Player::clearLoop() {
    std::lock_guard<std::mutex> lock(mutex_);
    transport_.clearLoop();
}

void Player::panic() {
    std::lock_guard<std::mutex> lock(mutex_);  // never held long: the audio thread only try_locks
    synth_->soundsOff();
    synth_->releaseAll();
    resetPending_ = true;  // the audio thread empties the reverb and resets every channel
    transport_.resync();
}

double Player::position() const { return double(transport_.position()) / synth_->sampleRate(); }

double Player::duration() const { return double(transport_.schedule().endFrame()) / synth_->sampleRate(); }

void Player::setTrackMuted(std::size_t track, bool muted) {
    std::lock_guard<std::mutex> lock(mutex_);
    SynthSink sink(*synth_, nullptr, nullptr, &resetPending_);
    transport_.setTrackMuted(track, muted, sink);
}

void Player::setTrackSolo(std::size_t track, bool solo) {
    std::lock_guard<std::mutex> lock(mutex_);
    SynthSink sink(*synth_, nullptr, nullptr, &resetPending_);
    transport_.setTrackSolo(track, solo, sink);
}

void Player::setVolume(double gain) { synth_->setGain(gain); }
void Player::setReverbLevel(double level) { synth_->setReverbLevel(level); }
void Player::setChorusLevel(double level) { synth_->setChorusLevel(level); }

void Player::setPositionCallback(std::function<void(double)> callback) {
    std::lock_guard<std::mutex> lock(mutex_);
    onPosition_ = std::move(callback);
}

}  // namespace mozart::audio
