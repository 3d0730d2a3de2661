#include "dataset/DatasetScanTask.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "midi/GeneralMidi.h"
#include "midi/SmfReader.h"
#include "remi/RemiTokenizer.h"

namespace mozart::ui {

namespace fs = std::filesystem;

namespace {

bool isMidiFile(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".mid" || ext == ".midi" || ext == ".rmi" || ext == ".kar";
}

std::uint64_t fnv1a(const std::vector<std::uint8_t>& bytes) {
    std::uint64_t h = 1469598103934665603ull;
    for (auto b : bytes) {
        h ^= b;
        h *= 1099511628211ull;
    }
    return h;
}

void describe(PieceInfo& info, const midi::Score& score, const remi::RemiTokenizer& tokenizer) {
    info.tracks = int(score.tracks.size());
    info.notes = score.noteCount();
    const midi::TempoMap map(score);
    info.seconds = map.seconds(score.endTick());
    info.tempo = score.tempos.empty() ? 120.0 : score.tempos.front().qpm();
    std::set<std::string> names;
    for (const auto& t : score.tracks) {
        if (t.notes.empty()) continue;
        const std::string name = midi::programName(t.program, t.isDrum);
        if (names.insert(name).second) info.instruments.push_back(name);
        for (const auto& n : t.notes) ++info.pitchHistogram[n.pitch & 127];
    }
    std::size_t tokens = 0;
    std::string error;
    for (const auto& ids : tokenizer.encodeIds(score, &error)) tokens += ids.size();
    info.tokens = tokens;
    if (!error.empty()) info.error = error;  // e.g. a piece too long to tokenize
}

}  // namespace

DatasetScanTask::DatasetScanTask(std::string folder, remi::TokenizerConfig tokenizer)
    : folder_(std::move(folder)), tokenizer_(std::move(tokenizer)) {}

void DatasetScanTask::list() {
    if (listStarted_) return;
    listStarted_ = true;
    std::error_code ec;
    fs::path root(folder_);
    if (!root.has_filename()) root = root.parent_path();  // "dir/" names dir
    if (!fs::is_directory(root, ec)) {
        listError_ = folder_ + ": not a folder";
        listed_ = true;
        return;
    }
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && isMidiFile(it->path())) files.push_back(it->path());
    }
    if (ec) listError_ = folder_ + ": " + ec.message();
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        PieceInfo info;
        info.path = f.string();
        const fs::path rel = f.lexically_relative(root);
        info.relativePath = rel.generic_string();
        // The first folder level names the composer; files directly in the scanned folder take
        // that folder's name (a folder of one composer's pieces).
        info.composer = std::distance(rel.begin(), rel.end()) > 1 ? rel.begin()->string()
                                                                    : root.filename().string();
        info.fileName = f.filename().string();
        info.bytes = fs::file_size(f, ec);
        pieces_.push_back(std::move(info));
    }
    total_ = pieces_.size();
    listed_ = true;
}

void DatasetScanTask::run() {
    list();
    const remi::RemiTokenizer tokenizer(tokenizer_);
    std::map<std::pair<std::uint64_t, std::uint64_t>, std::string> seen;  // (size, hash) -> first file
    for (std::size_t i = 0; i < pieces_.size(); ++i) {
        if (cancelled_) return;
        PieceInfo info = pieces_[i];
        info.scanned = true;
        std::ifstream in(info.path, std::ios::binary);
        std::vector<std::uint8_t> bytes;
        if (!in) {
            info.error = "cannot open the file";
        } else {
            bytes.assign(std::istreambuf_iterator<char>(in), {});
            const auto key = std::make_pair(std::uint64_t(bytes.size()), fnv1a(bytes));
            auto [it, fresh] = seen.emplace(key, info.relativePath);
            if (!fresh) info.duplicateOf = it->second;
            const auto result = midi::SmfReader::parse(bytes.data(), bytes.size(), info.path);
            if (!result.ok()) {
                info.error = result.error ? result.error->toString() : std::string("unreadable MIDI file");
            } else {
                info.warningCount = result.warnings.size();
                for (std::size_t w = 0; w < result.warnings.size() && w < PieceInfo::kMaxWarnings; ++w)
                    info.warnings.push_back(result.warnings[w].toString());
                describe(info, *result.score, tokenizer);
            }
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            finished_.emplace_back(i, std::move(info));
        }
        ++done_;
    }
}

std::vector<std::pair<std::size_t, PieceInfo>> DatasetScanTask::takeFinished() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::pair<std::size_t, PieceInfo>> out;
    out.swap(finished_);
    return out;
}

}  // namespace mozart::ui
