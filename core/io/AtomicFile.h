// AtomicFile: writes a whole file so that the target is either the old file or the complete new
// one, never something half-written: a temporary file in the same folder, fsync, then rename.
#pragma once

#include <cstddef>
#include <string>

namespace mozart::io {

// Returns false and sets `error` ("<path>: cannot write: No space left on device") on failure; the
// target is then untouched and the temporary file removed.
bool writeFileAtomically(const std::string& path, const void* data, std::size_t size,
                         std::string* error);
inline bool writeFileAtomically(const std::string& path, const std::string& contents,
                                std::string* error) {
    return writeFileAtomically(path, contents.data(), contents.size(), error);
}

// Reads a whole file; false (with `error` naming the file and the reason) when it cannot.
bool readWholeFile(const std::string& path, std::string* contents, std::string* error);

}  // namespace mozart::io
