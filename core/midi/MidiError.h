// Diagnostics for MIDI input and output: which file, where in it, and what is wrong, in words a
// musician can act on. Bad input is data, not an exception.
#pragma once

#include <cstddef>
#include <string>

namespace mozart::midi {

struct Diagnostic {
    std::string file;         // path or name given by the caller
    std::size_t offset = 0;   // byte offset in the file where the problem was found
    std::string message;      // e.g. "track chunk 3 claims 9000 bytes but only 120 remain"

    // "file: byte 1234: message"
    std::string toString() const;
};

}  // namespace mozart::midi
