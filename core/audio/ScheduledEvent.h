// ScheduledEvent: one MIDI channel event placed at an exact sample frame, ready for a synthesizer
// or a MIDI port. Built from a Score by EventSchedule.
#pragma once

#include <cstdint>
#include <vector>

namespace mozart::audio {

struct ScheduledEvent {
    // Declared in the order events at the same frame are sent: a program before the notes that
    // use it, note-offs before note-ons so that a key struck again at once sounds again.
    enum class Type : std::uint8_t { Program, Control, PitchBend, NoteOff, NoteOn };

    std::int64_t frame = 0;
    Type type = Type::NoteOn;
    std::uint8_t channel = 0;  // 0..15; 9 is the General MIDI drum channel
    std::uint8_t data1 = 0;    // key, controller or program
    std::uint8_t data2 = 0;    // velocity or controller value
    std::int16_t bend = 0;     // PitchBend: -8192 .. 8191
    // NoteOn on a channel that several tracks share: the program to select first (-1: none).
    std::int8_t program = -1;
    std::uint16_t track = 0;   // index of the Score track the event came from
};

// Raw MIDI bytes of an event (2 or 3 bytes), for a MIDI port.
std::vector<std::uint8_t> midiBytes(const ScheduledEvent& event);

}  // namespace mozart::audio
