// EventSchedule: a Score turned into MIDI channel events at sample frames, sorted, for offline
// rendering, live playback and MIDI ports alike.
//
// Channels: drum tracks play on channel 10 (index 9, FluidSynth's bank 128); every other track
// gets a channel of its own (its original one when free) while 15 melodic channels last. Beyond
// that, tracks with the same program share a channel, and any remaining track shares one and
// switches the program before each of its notes. Ticks become seconds through the Score's tempo
// map, then frames at the given sample rate. Zero-length and zero-velocity notes are silent and
// left out; when notes of one key overlap on a channel, the key is released only by the last
// note-off, as a player would hold it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "audio/ScheduledEvent.h"
#include "midi/Score.h"

namespace mozart::audio {

class EventSchedule {
public:
    EventSchedule() = default;
    EventSchedule(const midi::Score& score, double sampleRate);

    const std::vector<ScheduledEvent>& events() const { return events_; }
    double sampleRate() const { return sampleRate_; }
    // Frame at which the score ends (its last note end, controller, tempo or meta event).
    std::int64_t endFrame() const { return endFrame_; }
    std::size_t trackCount() const { return trackChannels_.size(); }
    // Channel a Score track plays on.
    int channelOfTrack(std::size_t track) const { return trackChannels_.at(track); }

    // Index of the first event at or after `frame`.
    std::size_t firstAtOrAfter(std::int64_t frame) const;
    // Programs, controllers and pitch bends in force just before `frame`, as events to send so
    // that playing from `frame` sounds as it would have from the start ("chasing"). Notes are not
    // restarted. Every event is placed at `frame`.
    std::vector<ScheduledEvent> stateBefore(std::int64_t frame) const;

    std::int64_t toFrame(double seconds) const;

private:
    std::vector<ScheduledEvent> events_;
    std::vector<int> trackChannels_;
    double sampleRate_ = 44100.0;
    std::int64_t endFrame_ = 0;
};

}  // namespace mozart::audio
