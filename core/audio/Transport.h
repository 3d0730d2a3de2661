// Transport: play, pause, stop, seek and loop over an EventSchedule, counted in sample frames.
//
// No threads and no devices: its owner (Player, MidiPortPlayer) calls advance() once per audio
// block and the transport hands the block's events to a TransportSink at their exact offsets,
// wrapping at the loop end within the block. Every call must come with the owner's lock held,
// except position() and state(), which any thread may read.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "audio/EventSchedule.h"

namespace mozart::audio {

class TransportSink {
public:
    virtual ~TransportSink() = default;
    // Produces the block's audio up to `offset` frames into it (a MIDI port has nothing to do).
    virtual void renderUntil(int offset) = 0;
    virtual void send(const ScheduledEvent& event) = 0;
    // Releases every note; `hard` also cuts every sound at once.
    virtual void silence(bool hard) = 0;
    // Programs and controllers back to their defaults, before the state at a position is chased.
    virtual void resetChannels() = 0;
};

class Transport {
public:
    enum class State { Stopped, Playing, Paused };

    // Replaces what is played; stops first (silencing `sink`). Mute and solo are cleared.
    void setSchedule(EventSchedule schedule, TransportSink& sink);
    const EventSchedule& schedule() const { return schedule_; }

    void play();
    void pause(TransportSink& sink);
    // Silences everything at once and returns to the start (of the loop when one is set).
    void stop(TransportSink& sink);
    void seek(std::int64_t frame, TransportSink& sink);
    // Loops [start, end) while playing through `end`; false (and nothing changes) when empty.
    bool setLoop(std::int64_t start, std::int64_t end);
    void clearLoop();
    bool looping() const { return loopEnd_ > loopStart_; }
    std::int64_t loopStart() const { return loopStart_; }
    std::int64_t loopEnd() const { return loopEnd_; }

    // The sink's channels were reset behind the transport's back (a panic): programs and
    // controllers are sent again before the next event.
    void resync() { chasePending_ = true; }
    // Whether the next advance() starts by resetting the sink's channels.
    bool chasesNext() const { return state() == State::Playing && chasePending_; }

    void setTrackMuted(std::size_t track, bool muted, TransportSink& sink);
    void setTrackSolo(std::size_t track, bool solo, TransportSink& sink);
    bool trackAudible(std::size_t track) const;

    // Moves `frames` on when playing, sending the events that fall inside. When the music ends
    // (without a loop) the transport stops and returns to the start. Always renders the block.
    void advance(int frames, TransportSink& sink);

    std::int64_t position() const { return position_.load(std::memory_order_relaxed); }
    State state() const { return state_.load(std::memory_order_relaxed); }

private:
    void moveTo(std::int64_t frame);
    void chase(TransportSink& sink);
    void silenceTrack(std::size_t track, TransportSink& sink);

    EventSchedule schedule_;
    std::size_t next_ = 0;  // first event not yet sent
    std::atomic<std::int64_t> position_{0};
    std::atomic<State> state_{State::Stopped};
    bool chasePending_ = true;
    std::int64_t loopStart_ = 0, loopEnd_ = 0;
    std::vector<bool> muted_, solo_;
};

}  // namespace mozart::audio
