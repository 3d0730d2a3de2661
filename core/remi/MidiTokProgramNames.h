// MidiTokProgramNames: the track names MidiTok gives decoded tracks, so a decoded Score carries
// the same names as MidiTok's (which spells some General MIDI programs its own way).
#pragma once

#include <string>

namespace mozart::remi {

// "Acoustic Grand Piano" for 0 ... ; "Drums" for -1; "Program N" outside -1..127.
std::string midiTokProgramName(int program);

}  // namespace mozart::remi
