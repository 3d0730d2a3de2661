// General MIDI names: instrument (program) names and note names, for display in the CLI and studio.
#pragma once

#include <string>

namespace mozart::midi {

// "Acoustic Grand Piano" for 0 ... "Gunshot" for 127; "Drums" when isDrum; "Program N" out of range.
std::string programName(int program, bool isDrum = false);

// Scientific pitch notation with sharps, middle C (60) = "C4".
std::string noteName(int pitch);

// Key from a key signature: sharps -7..7 and mode, e.g. (3, false) -> "A major", (-1, true) -> "D minor".
std::string keyName(int sharps, bool minor);

}  // namespace mozart::midi
