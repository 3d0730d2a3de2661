// ChordDetector: MidiTok's `detect_chords` (utils.py), as REMI calls it on each non-drum track:
// notes taken in track order (not re-sorted), onsets within one position of the first note form
// a candidate, and only chords of 3 to 5 notes whose intervals (relative to the first note) match
// a chord map -- or any such chord when unknown chords are represented -- are reported.
#pragma once

#include <string>
#include <vector>

#include "remi/ScorePreprocessor.h"
#include "remi/TokenizerConfig.h"

namespace mozart::remi {

struct DetectedChord {
    Tick time = 0;
    int quality = -1;   // index in config.chordMaps, -1 for an unknown chord
    int notes = 0;      // number of notes (names unknown chords: "ukn<notes>")
    int root = 0;       // pitch class of the first note
    bool withRoot = false;
    std::string qualityName;
    // Token value: "maj", "C#:7dom", "ukn4", "C:ukn3"
    std::string value() const;
};

std::vector<DetectedChord> detectChords(const std::vector<PreNote>& notes,
                                        const std::vector<TicksPerBeatSection>& ticksPerBeat,
                                        const TokenizerConfig& config, int beatRes);

}  // namespace mozart::remi
