#include "audio/MidiPortPlayer.h"

#include <algorithm>
#include <chrono>

#include "audio/EventSchedule.h"

namespace mozart::audio {

namespace {

// Frames are a time unit here (there is no audio): fine enough that rounding is inaudible.
constexpr double kClockRate = 48000.0;

}  // namespace

class MidiPortPlayer::PortSink : public TransportSink {
public:
    explicit PortSink(MidiOutPort& port) : port_(port) {}

    void renderUntil(int) override {}
    void send(const ScheduledEvent& e) override {
        if (e.type == ScheduledEvent::Type::NoteOn && e.program >= 0) {
            const std::uint8_t change[2] = {std::uint8_t(0xC0 | e.channel), std::uint8_t(e.program)};
            port_.send(change, 2);
        }
        const auto bytes = midiBytes(e);
        port_.send(bytes.data(), bytes.size());
    }
    void silence(bool hard) override {
        for (int ch = 0; ch < 16; ++ch) {
            controller(ch, 64, 0);
            controller(ch, 123, 0);  // all notes off
            if (hard) controller(ch, 120, 0);  // all sound off
        }
    }
    void resetChannels() override {
        silence(true);
        for (int ch = 0; ch < 16; ++ch) {
            controller(ch, 121, 0);  // reset all controllers
            const std::uint8_t centre[3] = {std::uint8_t(0xE0 | ch), 0x00, 0x40};
            port_.send(centre, 3);
        }
    }

private:
    void controller(int ch, int cc, int value) {
        const std::uint8_t m[3] = {std::uint8_t(0xB0 | ch), std::uint8_t(cc), std::uint8_t(value)};
        port_.send(m, 3);
    }
    MidiOutPort& port_;
};

std::unique_ptr<MidiPortPlayer> MidiPortPlayer::open(const std::string& portName, std::string* error) {
    auto port = MidiOutPort::open(portName, error);
    if (!port) return nullptr;
    std::unique_ptr<MidiPortPlayer> p(new MidiPortPlayer);
    p->port_ = std::move(port);
    p->clock_ = std::thread([self = p.get()] { self->run(); });
    return p;
}

MidiPortPlayer::~MidiPortPlayer() {
    quit_ = true;
    if (clock_.joinable()) clock_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    PortSink sink(*port_);
    sink.silence(true);
}

void MidiPortPlayer::run() {
    using Clock = std::chrono::steady_clock;
    auto last = Clock::now();
    double carry = 0.0;  // fractions of a frame not yet advanced
    while (!quit_.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const auto now = Clock::now();
        carry += std::chrono::duration<double>(now - last).count() * kClockRate;
        last = now;
        const int frames = int(carry);
        carry -= frames;
        std::lock_guard<std::mutex> lock(mutex_);
        PortSink sink(*port_);
        transport_.advance(frames, sink);
    }
}

void MidiPortPlayer::setScore(const midi::Score& score) {
    EventSchedule schedule(score, kClockRate);
    std::lock_guard<std::mutex> lock(mutex_);
    PortSink sink(*port_);
    transport_.setSchedule(std::move(schedule), sink);
}

void MidiPortPlayer::play() {
    std::lock_guard<std::mutex> lock(mutex_);
    transport_.play();
}

void MidiPortPlayer::pause() {
    std::lock_guard<std::mutex> lock(mutex_);
    PortSink sink(*port_);
    transport_.pause(sink);
}

void MidiPortPlayer::stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    PortSink sink(*port_);
    transport_.stop(sink);
}

void MidiPortPlayer::seek(double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    PortSink sink(*port_);
    transport_.seek(transport_.schedule().toFrame(std::max(0.0, seconds)), sink);
}

bool MidiPortPlayer::setLoop(double startSeconds, double endSeconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto& s = transport_.schedule();
    return transport_.setLoop(s.toFrame(std::max(0.0, startSeconds)), s.toFrame(std::max(0.0, endSeconds)));
}

void MidiPortPlayer::clearLoop() {
    std::lock_guard<std::mutex> lock(mutex_);
    transport_.clearLoop();
}

void MidiPortPlayer::panic() {
    std::lock_guard<std::mutex> lock(mutex_);
    PortSink sink(*port_);
    sink.silence(true);
    sink.resetChannels();
    transport_.resync();
}

double MidiPortPlayer::position() const { return double(transport_.position()) / kClockRate; }
double MidiPortPlayer::duration() const { return double(transport_.schedule().endFrame()) / kClockRate; }

void MidiPortPlayer::setTrackMuted(std::size_t track, bool muted) {
    std::lock_guard<std::mutex> lock(mutex_);
    PortSink sink(*port_);
    transport_.setTrackMuted(track, muted, sink);
}

void MidiPortPlayer::setTrackSolo(std::size_t track, bool solo) {
    std::lock_guard<std::mutex> lock(mutex_);
    PortSink sink(*port_);
    transport_.setTrackSolo(track, solo, sink);
}

}  // namespace mozart::audio
