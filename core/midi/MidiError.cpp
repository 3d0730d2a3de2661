#include "midi/MidiError.h"

namespace mozart::midi {

std::string Diagnostic::toString() const {
    return file + ": byte " + std::to_string(offset) + ": " + message;
}

}  // namespace mozart::midi
