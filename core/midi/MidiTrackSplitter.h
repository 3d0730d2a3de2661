// MidiTrackSplitter: turns the channel events of one MIDI track into Score tracks with symusic's
// rules (symusic 0.5.8 src/io/midi.cpp, TrackManager and NoteManager), so a Score read here has the
// same tracks, in the same order, with the same contents as symusic's.
//
// - One Score track per (channel, program in force at a note-on). The program in force starts at
//   0 in every MIDI track. Tracks come out ordered by (channel, program); channel 10 is drums.
// - Note-on (velocity > 0) opens a note; note-off or note-on with velocity 0 closes the oldest open
//   note of that (channel, pitch) in this MIDI track, whichever program it was opened under. Notes
//   still open at the end are dropped; zero-length notes stay. Notes keep note-on order.
// - Controls, pitch bends and pedals go to the track of (channel, current program) if it exists,
//   otherwise to a per-channel holding track that becomes the next track created on that channel
//   (whatever its program), and is dropped if none is.
// - Pedals come from CC 64 (>= 64 down, < 64 up). symusic starts its "pedal down since" state at
//   -1 for channel 1 only and at tick 0 for channels 2-16, so on those channels the first press is
//   ignored and the first release yields a pedal from tick 0; reproduced here on purpose.
// - Lyrics go to channel 16 (symusic takes the channel from the 0xFF meta status), creating that
//   track even for an empty lyric; empty lyric texts themselves are not kept.
// - A track is kept if anything at all went into it, even if all its notes were left open.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "midi/Score.h"

namespace mozart::midi {

class MidiTrackSplitter {
public:
    MidiTrackSplitter();

    // Clears all state for the next MIDI track; `expectedNotes` sizes the first track's notes.
    void beginTrack(std::size_t expectedNotes);

    void noteOn(int channel, int pitch, int velocity, Tick time);  // velocity > 0
    void noteOff(int channel, int pitch, Tick time);
    void programChange(int channel, int program) { program_[channel] = std::uint8_t(program); }
    void controlChange(int channel, int controller, int value, Tick time);
    void pitchBend(int channel, int value, Tick time);
    void lyric(std::string text, Tick time);

    // Appends this MIDI track's Score tracks, named `name`, to `out`.
    void endTrack(const std::string& name, std::vector<Track>* out);

private:
    static constexpr int kChannels = 16;
    static constexpr int kPrograms = 128;
    static constexpr std::int32_t kNone = -1;

    // A note waiting for its note-off: FIFO lists per (channel, pitch), nodes in a reused pool.
    struct OpenNote {
        std::uint32_t track;
        std::uint32_t note;
        std::int32_t next;
    };

    Track& trackFor(int channel);            // existing (channel, program) track or holding track
    std::uint32_t createTrack(int channel);  // (channel, current program), taking the holding track

    std::vector<Track> tracks_;
    std::array<std::int32_t, kChannels * kPrograms> trackIndex_{};
    std::array<Track, kChannels> holding_;
    std::array<std::uint8_t, kChannels> program_{};
    std::array<Tick, kChannels> pedalDownSince_{};
    std::vector<OpenNote> openNotes_;
    std::int32_t freeOpenNote_ = kNone;
    std::array<std::int32_t, kChannels * 128> openHead_{};
    std::array<std::int32_t, kChannels * 128> openTail_{};
    std::size_t expectedNotes_ = 0;
};

}  // namespace mozart::midi
