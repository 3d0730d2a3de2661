// InputFiles: turns the files and folders named on a command line into a list of MIDI files, each
// with the path to use for its output (relative to the folder it was found in).
#pragma once

#include <string>
#include <vector>

namespace mozart::cli {

struct InputFile {
    std::string path;          // as it can be opened
    std::string relativePath;  // below the input folder, or the file name for a file given directly
};

// Folders are searched recursively for .mid/.midi/.rmi/.kar (any case), in a stable sorted order.
// Inputs that do not exist are reported in `missing`.
std::vector<InputFile> collectMidiFiles(const std::vector<std::string>& inputs,
                                        std::vector<std::string>* missing);

bool isMidiFileName(const std::string& name);

}  // namespace mozart::cli
