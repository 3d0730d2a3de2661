#include "sound/FluidSynthPlaybackEngine.h"

#include <fluidsynth.h>

#include "audio/AudioOutput.h"
#include "audio/MidiPortPlayer.h"
#include "audio/MidiPorts.h"
#include "audio/Player.h"
#include "audio/Synth.h"

namespace mozart::ui {

namespace {

const QString kPortPrefix = QStringLiteral("port:");

PlaybackState toState(audio::Transport::State s) {
    switch (s) {
    case audio::Transport::State::Playing: return PlaybackState::Playing;
    case audio::Transport::State::Paused: return PlaybackState::Paused;
    default: return PlaybackState::Stopped;
    }
}

audio::SynthSettings synthSettings(const QString& soundFont, double volume, double reverb, double chorus) {
    audio::SynthSettings s;
    s.soundFont = soundFont.toStdString();
    s.gain = volume * 0.5;  // the slider's 80 % is FluidSynth's comfortable 0.4
    s.reverbLevel = reverb;
    s.chorusLevel = chorus * 10.0;
    return s;
}

}  // namespace

FluidSynthPlaybackEngine::FluidSynthPlaybackEngine(QObject* parent)
    : PlaybackEngine(parent), tempo_(std::make_unique<midi::TempoMap>(score_)) {
    timer_.setInterval(33);
    connect(&timer_, &QTimer::timeout, this, &FluidSynthPlaybackEngine::poll);
}

FluidSynthPlaybackEngine::~FluidSynthPlaybackEngine() {
    timer_.stop();
    if (synth_) synth_->panic();
    if (port_) port_->panic();
}

FluidSynthPlaybackEngine* FluidSynthPlaybackEngine::create(const QString& soundFont, QString* error, QObject* parent) {
    auto* engine = new FluidSynthPlaybackEngine(parent);
    const QString problem = engine->startSynth(soundFont);
    if (!problem.isEmpty()) {
        if (error) *error = problem;
        delete engine;
        return nullptr;
    }
    return engine;
}

QString FluidSynthPlaybackEngine::startSynth(const QString& soundFont) {
    const std::string check = audio::checkSoundFont(synthSettings(soundFont, volume_, reverb_, chorus_).soundFontPath());
    if (!check.empty()) return QString::fromStdString(check);
    std::string error;
    auto player = audio::Player::create(synthSettings(soundFont, volume_, reverb_, chorus_),
                                        audio::makeSystemAudioOutput(), &error);
    if (!player) return QString::fromStdString(error);
    synth_ = std::move(player);
    audition_.reset();  // made again with the new SoundFont when needed
    soundFont_ = QString::fromStdString(synthSettings(soundFont, volume_, reverb_, chorus_).soundFontPath());
    synth_->setScore(score_);
    applyTransportSettings();
    return {};
}

void FluidSynthPlaybackEngine::applyTransportSettings() {
    for (std::size_t t = 0; t < audible_.size(); ++t) {
        if (synth_) synth_->setTrackMuted(t, !audible_[t]);
        if (port_) port_->setTrackMuted(t, !audible_[t]);
    }
    const double a = loop_ ? tempo_->seconds(loop_->first) : 0, b = loop_ ? tempo_->seconds(loop_->second) : 0;
    if (synth_) loop_ ? void(synth_->setLoop(a, b)) : synth_->clearLoop();
    if (port_) loop_ ? void(port_->setLoop(a, b)) : port_->clearLoop();
}

void FluidSynthPlaybackEngine::setScore(const midi::Score& score) {
    // The players restart from the top on a new score; keep the listener's place.
    const midi::Tick at = position();
    const bool playing = state() == PlaybackState::Playing;
    score_ = score;
    tempo_ = std::make_unique<midi::TempoMap>(score_);
    if (synth_) synth_->setScore(score_);
    if (port_) port_->setScore(score_);
    applyTransportSettings();
    seek(at);
    if (playing) play();
}

void FluidSynthPlaybackEngine::setAudibleTracks(const std::vector<bool>& audible) {
    audible_ = audible;
    applyTransportSettings();
}

void FluidSynthPlaybackEngine::play() {
    if (port_) port_->play();
    else if (synth_) synth_->play();
    timer_.start();
    reportState();
}

void FluidSynthPlaybackEngine::pause() {
    if (port_) port_->pause();
    else if (synth_) synth_->pause();
    poll();
}

void FluidSynthPlaybackEngine::stop() {
    if (port_) port_->stop();
    else if (synth_) synth_->stop();
    poll();
}

void FluidSynthPlaybackEngine::panic() {
    if (synth_) synth_->panic();
    if (port_) port_->panic();
    if (audition_) audition_->panic();
}

void FluidSynthPlaybackEngine::seek(midi::Tick tick) {
    const double seconds = tempo_->seconds(std::max<midi::Tick>(0, tick));
    if (port_) port_->seek(seconds);
    else if (synth_) synth_->seek(seconds);
    Q_EMIT positionChanged(std::max<midi::Tick>(0, tick));
}

midi::Tick FluidSynthPlaybackEngine::position() const {
    const double s = port_ ? port_->position() : synth_ ? synth_->position() : 0.0;
    return tempo_->ticks(s);
}

PlaybackState FluidSynthPlaybackEngine::state() const {
    if (port_) return toState(port_->state());
    return synth_ ? toState(synth_->state()) : PlaybackState::Stopped;
}

void FluidSynthPlaybackEngine::poll() {
    Q_EMIT positionChanged(position());
    reportState();
    if (state() != PlaybackState::Playing) timer_.stop();
}

void FluidSynthPlaybackEngine::reportState() {
    const PlaybackState s = state();
    if (s == lastState_) return;
    lastState_ = s;
    Q_EMIT stateChanged(s);
}

void FluidSynthPlaybackEngine::setLoop(std::optional<std::pair<midi::Tick, midi::Tick>> range) {
    loop_ = range;
    applyTransportSettings();
}

void FluidSynthPlaybackEngine::setVolume(double volume) {
    volume_ = volume;
    if (synth_) synth_->setVolume(volume * 0.5);
}

void FluidSynthPlaybackEngine::setReverb(double amount) {
    reverb_ = amount;
    if (synth_) synth_->setReverbLevel(amount);
}

void FluidSynthPlaybackEngine::setChorus(double amount) {
    chorus_ = amount;
    if (synth_) synth_->setChorusLevel(amount * 10.0);
}

QString FluidSynthPlaybackEngine::setSoundFont(const QString& path) {
    const std::string check = audio::checkSoundFont(path.toStdString());
    if (!check.empty()) return QString::fromStdString(check);
    const midi::Tick at = position();
    auto previous = std::move(synth_);
    if (previous) previous->stop();
    const QString error = startSynth(path);
    if (!error.isEmpty()) {
        synth_ = std::move(previous);  // keep playing with the old one
        return error;
    }
    seek(at);
    return {};
}

std::vector<AudioOutput> FluidSynthPlaybackEngine::outputs() const {
    std::vector<AudioOutput> out{{QStringLiteral("synth"), tr("Built-in synthesizer (FluidSynth, %1)")
                                                                .arg(synth_ ? QString::fromStdString(synth_->outputDescription())
                                                                            : tr("no device")),
                                  true}};
    const auto ports = audio::listMidiPorts();
    for (const auto& name : ports.outputs)
        out.push_back({kPortPrefix + QString::fromStdString(name), tr("MIDI port: %1").arg(QString::fromStdString(name)), false});
    return out;
}

QString FluidSynthPlaybackEngine::setOutput(const QString& id) {
    const midi::Tick at = position();
    stop();
    if (id.startsWith(kPortPrefix)) {
        std::string error;
        auto port = audio::MidiPortPlayer::open(id.mid(kPortPrefix.size()).toStdString(), &error);
        if (!port) return QString::fromStdString(error);
        port_ = std::move(port);
        port_->setScore(score_);
    } else {
        port_.reset();
    }
    output_ = id;
    applyTransportSettings();
    seek(at);
    return {};
}

void FluidSynthPlaybackEngine::auditionNote(int program, bool isDrum, int pitch, int velocity) {
    if (port_ || !synth_) return;
    if (!audition_) {
        std::string error;
        audition_ = audio::Player::create(synthSettings(soundFont_, volume_, 0.2, 0.0), audio::makeSystemAudioOutput(), &error);
        if (!audition_) return;
    }
    // A one-note piece: the track's instrument (or the drum channel), 0.4 s long.
    midi::Score one;
    midi::Track t;
    t.program = program;
    t.isDrum = isDrum;
    t.channel = isDrum ? 9 : 0;
    t.notes.push_back({0, midi::Tick(one.ticksPerQuarter * 4 / 5), std::uint8_t(pitch), std::uint8_t(velocity)});
    one.tracks.push_back(t);
    audition_->setScore(one);
    audition_->play();
}

QString FluidSynthPlaybackEngine::versionText() const {
    return QStringLiteral("FluidSynth %1 (%2)")
        .arg(QString::fromLatin1(fluid_version_str()),
             synth_ ? QString::fromStdString(synth_->outputDescription()) : tr("no device"));
}

}  // namespace mozart::ui
