// MidiRecorder: records what is played on a MIDI input port into a Score, e.g. to serve as a
// prompt for generation. Timing comes from the sequencer's timestamps; seconds become ticks at a
// fixed tempo (120 quarter notes per minute unless set), so the score plays back as it was played.
#pragma once

#include <cstdint>
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
    ~MidiRecorder();
    MidiRecorder(const MidiRecorder&) = delete;
    MidiRecorder& operator=(const MidiRecorder&) = delete;

    // Starts a new recording (dropping what was recorded before); stop() ends it. Messages arrive
    // on RtMidi's own thread and are stored under a lock; any thread may call these.
    void start();
    void stop();
    bool recording() const;
    std::vector<TimedMidiMessage> messages() const;
    midi::Score score(const RecordingSettings& settings = {}) const;
    const std::string& portName() const { return name_; }

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
};

}  // namespace mozart::audio
