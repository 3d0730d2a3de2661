// MidiPortPlayer: plays a Score to an external synthesizer on a MIDI output port instead of
// FluidSynth, with the same transport as Player.
//
// A clock thread of its own sends each event when its time comes (checked every millisecond).
// Methods may be called from any one controlling thread; position() and state() from any thread.
// Stopping, pausing and panic() send all-notes-off and all-sound-off on every channel.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "audio/MidiPorts.h"
#include "audio/Transport.h"
#include "midi/Score.h"

namespace mozart::audio {

class MidiPortPlayer {
public:
    using State = Transport::State;

    // Opens the output port (see findMidiPort()); null with `error` when it cannot.
    static std::unique_ptr<MidiPortPlayer> open(const std::string& portName, std::string* error);
    ~MidiPortPlayer();
    MidiPortPlayer(const MidiPortPlayer&) = delete;
    MidiPortPlayer& operator=(const MidiPortPlayer&) = delete;

    void setScore(const midi::Score& score);
    void play();
    void pause();
    void stop();
    void seek(double seconds);
    bool setLoop(double startSeconds, double endSeconds);
    void clearLoop();
    void panic();

    State state() const { return transport_.state(); }
    double position() const;
    double duration() const;
    void setTrackMuted(std::size_t track, bool muted);
    void setTrackSolo(std::size_t track, bool solo);
    const std::string& portName() const { return port_->name(); }

private:
    class PortSink;
    MidiPortPlayer() = default;
    void run();

    std::unique_ptr<MidiOutPort> port_;
    std::mutex mutex_;
    Transport transport_;
    std::atomic<bool> quit_{false};
    std::thread clock_;
};

}  // namespace mozart::audio
