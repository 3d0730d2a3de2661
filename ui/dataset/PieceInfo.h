// PieceInfo: what the dataset scan learns about one MIDI file, as a plain value. A file that
// cannot be read keeps its row with `error` set.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace mozart::ui {

struct PieceInfo {
    std::string path;          // absolute
    std::string relativePath;  // from the scanned folder
    std::string composer;      // first folder level under the scanned folder ("" at top level)
    std::string fileName;
    std::uint64_t bytes = 0;
    bool scanned = false;      // false until the scan reaches this file
    double seconds = 0;
    int tracks = 0;
    std::vector<std::string> instruments;
    std::size_t notes = 0;
    double tempo = 0;          // first tempo, quarter notes per minute (120 when none)
    std::size_t tokens = 0;    // REMI tokens, all streams together
    std::string duplicateOf;   // relative path of an identical earlier file
    std::string error;         // why the file could not be read
    // Problems the reader recovered from (e.g. a truncated track chunk): the piece is usable but
    // may have lost something. At most kMaxWarnings are kept; warningCount counts them all.
    std::vector<std::string> warnings;
    std::size_t warningCount = 0;
    static constexpr std::size_t kMaxWarnings = 20;
    std::array<std::uint32_t, 128> pitchHistogram{};

    double notesPerSecond() const { return seconds > 0 ? double(notes) / seconds : 0.0; }
};

}  // namespace mozart::ui
