#include "cli/InputFiles.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace mozart::cli {

bool isMidiFileName(const std::string& name) {
    auto dot = name.rfind('.');
    if (dot == std::string::npos) return false;
    std::string ext = name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext == "mid" || ext == "midi" || ext == "rmi" || ext == "kar";
}

std::vector<InputFile> collectMidiFiles(const std::vector<std::string>& inputs,
                                        std::vector<std::string>* missing) {
    std::vector<InputFile> files;
    for (const auto& input : inputs) {
        std::error_code ec;
        const fs::path root(input);
        if (fs::is_directory(root, ec)) {
            std::vector<InputFile> found;
            // Unreadable sub-folders are skipped rather than ending the whole walk.
            fs::recursive_directory_iterator it(
                root, fs::directory_options::skip_permission_denied, ec), end;
            for (; !ec && it != end; it.increment(ec)) {
                if (!it->is_regular_file(ec) || !isMidiFileName(it->path().filename().string()))
                    continue;
                found.push_back({it->path().string(),
                                 it->path().lexically_relative(root).generic_string()});
            }
            std::sort(found.begin(), found.end(), [](const InputFile& a, const InputFile& b) {
                return a.relativePath < b.relativePath;
            });
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::exists(root, ec)) {
            files.push_back({root.string(), root.filename().string()});
        } else if (missing) {
            missing->push_back(input);
        }
    }
    return files;
}

}  // namespace mozart::cli
