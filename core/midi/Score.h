// Score: the in-memory form of a piece of music, as a plain value type.
//
// Times are integer ticks at `ticksPerQuarter`. Tracks follow the same shape as symusic (the
// MIDI library MidiTok uses): one track per (MIDI track, channel, program), so tokenizing a
// Score gives exactly what MidiTok gives for the same file. Notes keep file order (NoteOn
// order) unless a caller sorts them; tempos, time and key signatures are sorted by time, with
// equal times in the order symusic's sort leaves them (see SymusicOrder.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mozart::midi {

using Tick = std::int64_t;

struct Note {
    Tick start = 0;
    Tick duration = 0;  // may be 0: zero-length notes are kept as they were
    std::uint8_t pitch = 60;
    std::uint8_t velocity = 64;

    Tick end() const { return start + duration; }
    bool operator==(const Note& o) const {
        return start == o.start && duration == o.duration && pitch == o.pitch &&
               velocity == o.velocity;
    }
};

struct ControlChange {
    Tick time = 0;
    std::uint8_t controller = 0;
    std::uint8_t value = 0;
    bool operator==(const ControlChange& o) const {
        return time == o.time && controller == o.controller && value == o.value;
    }
};

// A held sustain pedal, derived from CC 64 (value >= 64 presses, < 64 releases), as symusic does.
struct Pedal {
    Tick start = 0;
    Tick duration = 0;
    bool operator==(const Pedal& o) const { return start == o.start && duration == o.duration; }
};

struct PitchBend {
    Tick time = 0;
    std::int16_t value = 0;  // -8192 .. 8191, 0 is centre
    bool operator==(const PitchBend& o) const { return time == o.time && value == o.value; }
};

// Text-like meta events: markers, lyrics, plain text, copyright, cue points. Score::texts holds the
// score-wide ones; symusic's `markers` are exactly the texts of kind Marker.
struct TextEvent {
    enum class Kind : std::uint8_t { Text = 1, Copyright = 2, Lyric = 5, Marker = 6, Cue = 7 };
    Tick time = 0;
    Kind kind = Kind::Text;
    std::string text;
    bool operator==(const TextEvent& o) const {
        return time == o.time && kind == o.kind && text == o.text;
    }
};

struct Track {
    std::string name;
    int program = 0;   // 0..127 (General MIDI program)
    bool isDrum = false;
    int channel = 0;   // 0..15 as read; the writer may reassign
    std::vector<Note> notes;
    std::vector<ControlChange> controls;
    std::vector<Pedal> pedals;
    std::vector<PitchBend> pitchBends;
    // Lyric meta events. symusic files them under MIDI channel 16 (index 15, the low nibble of the
    // 0xFF meta status), so the reader puts them in that channel's track of their MIDI track.
    std::vector<TextEvent> lyrics;

    // Nothing at all in the track (symusic's Track::empty()): such tracks are not read.
    bool empty() const {
        return notes.empty() && controls.empty() && pitchBends.empty() && pedals.empty() &&
               lyrics.empty();
    }
    bool operator==(const Track& o) const;
    bool operator!=(const Track& o) const { return !(*this == o); }
};

struct Tempo {
    Tick time = 0;
    std::int32_t microsPerQuarter = 500000;  // 120 quarter notes per minute
    double qpm() const { return 60'000'000.0 / microsPerQuarter; }
    bool operator==(const Tempo& o) const {
        return time == o.time && microsPerQuarter == o.microsPerQuarter;
    }
};

struct TimeSignature {
    Tick time = 0;
    int numerator = 4;
    int denominator = 4;
    bool operator==(const TimeSignature& o) const {
        return time == o.time && numerator == o.numerator && denominator == o.denominator;
    }
};

struct KeySignature {
    Tick time = 0;
    int sharps = 0;     // -7 (7 flats) .. 7 (7 sharps); other values are kept as read
    bool minor = false; // the file's mode byte is non-zero
    bool operator==(const KeySignature& o) const {
        return time == o.time && sharps == o.sharps && minor == o.minor;
    }
};

struct Score {
    int ticksPerQuarter = 480;
    std::vector<Track> tracks;
    std::vector<Tempo> tempos;
    std::vector<TimeSignature> timeSignatures;
    std::vector<KeySignature> keySignatures;
    std::vector<TextEvent> texts;

    std::size_t noteCount() const;
    bool operator==(const Score& o) const;
    bool operator!=(const Score& o) const { return !(*this == o); }
    // Last tick at which anything ends (note ends, controls, tempos, ...); 0 for an empty score.
    Tick endTick() const;
};

// Converts between ticks and seconds through a score's tempo map (120 qpm before the first tempo).
class TempoMap {
public:
    explicit TempoMap(const Score& score);
    double seconds(Tick tick) const;
    Tick ticks(double seconds) const;  // rounded to the nearest tick

private:
    struct Segment {
        Tick tick;
        double seconds;
        double secondsPerTick;
    };
    std::vector<Segment> segments_;
    int ticksPerQuarter_;
};

}  // namespace mozart::midi
