#include "data/MidiFolder.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace mozart::data {

bool isMidiFileName(const std::string& name) {
    const auto dot = name.rfind('.');
    if (dot == std::string::npos) return false;
    std::string ext = name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext == "mid" || ext == "midi" || ext == "rmi" || ext == "kar";
}

MidiFolderListing listMidiFolder(const std::string& rootPath) {
    MidiFolderListing listing;
    std::error_code ec;
    const fs::path root(rootPath);
    if (!fs::is_directory(root, ec)) {
        listing.error = rootPath + ": not a folder" + (ec ? ": " + ec.message() : std::string());
        return listing;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
        listing.error = rootPath + ": cannot read: " + ec.message();
        return listing;
    }
    for (; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        // Hidden entries: version-control folders, our own cache if someone puts it inside.
        if (!name.empty() && name[0] == '.') {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec) || !isMidiFileName(name)) continue;
        MidiFileEntry file;
        file.path = it->path().string();
        file.relativePath = it->path().lexically_relative(root).generic_string();
        std::error_code statError;
        file.size = it->file_size(statError);
        const auto time = it->last_write_time(statError);
        file.modifiedNs = std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
        listing.files.push_back(std::move(file));
    }
    std::sort(listing.files.begin(), listing.files.end(),
              [](const MidiFileEntry& a, const MidiFileEntry& b) { return a.relativePath < b.relativePath; });

    for (const auto& f : listing.files) {
        const auto slash = f.relativePath.find('/');
        if (slash != std::string::npos) listing.labels.push_back(f.relativePath.substr(0, slash));
    }
    std::sort(listing.labels.begin(), listing.labels.end());
    listing.labels.erase(std::unique(listing.labels.begin(), listing.labels.end()), listing.labels.end());
    for (auto& f : listing.files) {
        const auto slash = f.relativePath.find('/');
        if (slash == std::string::npos) continue;
        const auto at = std::lower_bound(listing.labels.begin(), listing.labels.end(),
                                         f.relativePath.substr(0, slash));
        f.label = int(at - listing.labels.begin());
    }
    return listing;
}

}  // namespace mozart::data
