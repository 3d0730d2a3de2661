// MidiFolder: lists the MIDI files below a folder with what identifies a version of each (size,
// modification time) and its style label: the name of the first folder level below the root
// ("Mozart/k331/1.mid" -> "Mozart"). Files directly in the root carry no label (index -1).
//
// The listing is sorted by relative path (bytewise, '/' separated) and labels alphabetically
// (bytewise), so both are the same on every machine for the same tree. Label indices therefore
// shift when a new label folder sorts before existing ones: whoever trains with labels must save
// the label list with the model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mozart::data {

struct MidiFileEntry {
    std::string relativePath;  // '/' separated, below the root
    std::string path;          // as it can be opened
    std::uint64_t size = 0;
    std::int64_t modifiedNs = 0;  // file time in nanoseconds (opaque: compared, never shown)
    int label = -1;               // index into MidiFolderListing::labels, -1 for root files
};

struct MidiFolderListing {
    std::vector<MidiFileEntry> files;
    std::vector<std::string> labels;
    std::string error;  // set when the root is not a readable folder (files is then empty)
};

// .mid, .midi, .rmi, .kar in any case. Hidden files and folders (".name") are skipped, as are
// unreadable sub-folders.
bool isMidiFileName(const std::string& name);
MidiFolderListing listMidiFolder(const std::string& root);

}  // namespace mozart::data
