// MidiRecorder: records what is played on a MIDI input port into a Score, e.g. to serve as a
// prompt for generation. Timing comes from the sequencer's timestamps; seconds become ticks at a
// fixed tempo (120 quarter notes per minute unless set), so the score plays back as it was played.
// A recorder made with unconnected() has no port: input() feeds it the same way RtMidi does
// (tests with timed messages, machines without a MIDI input).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "midi/Score.h"

class RtMidiIn;

namespace mozart::audio {

struct TimedMidiMessage {
    double seconds = 0.0;  // since the recording started
    std::vector<std::uint8_t> bytes;
};

struct RecordingSettings {
    int ticksPerQuarter = 480;
    double qpm = 120.0;
};

// Builds a Score from channel messages as symusic would read them: one track per (channel,
// program); note-on/off paired first in, first out per (channel, key); a note-on of velocity 0 is
// a note-off; channel 10 (index 9) is drums; CC 64 also gives Pedal spans. Notes still held at
// the end close at the last message. System messages are ignored.
midi::Score scoreFromMidiMessages(const std::vector<TimedMidiMessage>& messages,
                                  const RecordingSettings& settings = {});

class MidiRecorder {
public:
    // Opens the input port chosen as findMidiPort() does. Null with `error` when it cannot,
    // e.g. "no ALSA sequencer (/dev/snd/seq is missing)".
    static std::unique_ptr<MidiRecorder> open(const std::string& portName, std::string* error);
    // A recorder without a port, fed only through input().
    static std::unique_ptr<MidiRecorder> unconnected(const std::string& name);
    ~MidiRecorder();
    MidiRecorder(const MidiRecorder&) = delete;
    MidiRecorder& operator=(const MidiRecorder&) = delete;

    // Starts a new recording (dropping what was recorded before); stop() ends it. Messages arrive
    // on RtMidi's own thread and are stored under a lock; any thread may call these.
    void start();
    void stop();
    bool recording() const;
    std::vector<TimedMidiMessage> messages() const;
    std::size_t messageCount() const;  // without copying them (a display polls it)
    midi::Score score(const RecordingSettings& settings = {}) const;
    const std::string& portName() const { return name_; }

    // The input path every message takes (RtMidi's callback calls it): `deltaSeconds` since the
    // previous message, as the sequencer stamps it; the first message after start() is placed by
    // the wall clock instead. Ignored unless recording. Any thread.
    void input(double deltaSeconds, const std::vector<std::uint8_t>& bytes);
    // Called after each recorded message is stored, on the thread that called input() (RtMidi's
    // own thread for a port), outside the recorder's lock: keep it short. Set before start().
    void setListener(std::function<void(const TimedMidiMessage&)> listener);
    // Seconds since start() by the wall clock: the recording's "now" (message times follow it).
    double elapsed() const;

private:
    MidiRecorder() = default;
    static void onMessage(double delta, std::vector<unsigned char>* message, void* self);

    std::unique_ptr<RtMidiIn> in_;
    std::string name_;
    mutable std::mutex mutex_;
    bool recording_ = false;
    bool first_ = true;
    double clock_ = 0.0;
    std::int64_t startedNs_ = 0;
    std::vector<TimedMidiMessage> messages_;
    std::function<void(const TimedMidiMessage&)> listener_;
};

}  // namespace mozart::audio
