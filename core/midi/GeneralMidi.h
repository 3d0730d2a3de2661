// General MIDI names: instrument (program) names and note names, for display in the CLI and studio.
#pragma once

#include <optional>
#include <string>

namespace mozart::midi {

// "Acoustic Grand Piano" for 0 ... "Gunshot" for 127; "Drums" when isDrum; "Program N" out of range.
std::string programName(int program, bool isDrum = false);

// The program of a General MIDI name, case-insensitive ("violin" -> 40, "Acoustic Grand Piano" -> 0,
// "drums" -> -1); also a plain number "0".."127" or "-1". Empty when neither.
std::optional<int> programFromName(const std::string& name);

// The General MIDI family of a program: "Piano" for 0-7 ... "Sound Effects" for 120-127.
std::string programFamily(int program);

// Scientific pitch notation with sharps, middle C (60) = "C4".
std::string noteName(int pitch);

// Key from a key signature: sharps -7..7 and mode, e.g. (3, false) -> "A major", (-1, true) -> "D minor".
std::string keyName(int sharps, bool minor);

}  // namespace mozart::midi
