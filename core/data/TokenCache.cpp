#include "data/TokenCache.h"

#include "data/ParallelFor.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>

#include "data/PieceAnalysis.h"
#include "io/AtomicFile.h"

namespace fs = std::filesystem;

namespace mozart::data {

namespace {

std::string absoluteFolder(const std::string& folder) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(folder, ec), ec);
    if (ec) p = fs::path(folder);
    return p.generic_string();
}

struct OldCache {
    std::shared_ptr<const ReadOnlyBytes> bytes;
    TokenCacheContents contents;
    bool valid = false;

    const PieceRecord* find(const std::string& relativePath) const {
        const auto& r = contents.records;
        const auto it = std::lower_bound(r.begin(), r.end(), relativePath,
                                         [](const PieceRecord& a, const std::string& p) { return a.relativePath < p; });
        return it != r.end() && it->relativePath == relativePath ? &*it : nullptr;
    }
    std::vector<TokenSpan> spans(const PieceRecord& r) const {
        std::vector<TokenSpan> out;
        for (std::uint32_t s = 0; s < r.streamCount; ++s) {
            const auto& ref = contents.streams[r.firstStream + s];
            out.emplace_back(contents.tokens + ref.offset * std::size_t(contents.width), std::size_t(ref.length),
                             contents.width);
        }
        return out;
    }
};

OldCache loadCache(const std::string& path, const TokenCacheKey& key, std::string* rebuiltBecause) {
    OldCache old;
    std::error_code ec;
    if (!fs::exists(path, ec)) return old;
    std::string error;
    old.bytes = ReadOnlyBytes::mapFile(path, &error);
    if (!old.bytes) {
        *rebuiltBecause = error;
        return old;
    }
    std::string reason;
    if (!parseTokenCache(old.bytes->data(), old.bytes->size(), key, &old.contents, &reason)) {
        *rebuiltBecause = path + ": " + reason;
        old.bytes.reset();
        return old;
    }
    old.valid = true;
    return old;
}

TokenCacheResult resultFrom(std::shared_ptr<const ReadOnlyBytes> bytes, TokenCacheContents contents,
                            TokenCacheReport report) {
    TokenCacheResult result;
    result.records = std::move(contents.records);
    result.store = std::make_shared<TokenStore>(std::move(bytes), contents.tokens, contents.width,
                                                std::move(contents.streams));
    result.report = std::move(report);
    return result;
}

}  // namespace

TokenCacheKey tokenCacheKey(const remi::RemiTokenizer& tokenizer) {
    TokenCacheKey key;
    key.configDigest = Sha256::of(std::string("mozart token cache\n") + kTokenizerRevision + "\n" +
                                  tokenizer.config().toMidiTokJson());
    key.vocabularySize = std::uint32_t(tokenizer.vocabulary().size());
    return key;
}

std::string tokenCacheFileName(const std::string& folder, const TokenCacheKey& key) {
    const std::string absolute = absoluteFolder(folder);
    std::string name = fs::path(absolute).filename().string();
    for (char& c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) c = '_';
    if (name.empty()) name = "folder";
    return name + "-" + toHex(Sha256::of(absolute)).substr(0, 12) + "-" + toHex(key.configDigest).substr(0, 12) +
           ".mztc";
}

std::string defaultTokenCacheDirectory() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return (fs::path(xdg) / "mozart" / "token-cache").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (fs::path(home) / ".cache" / "mozart" / "token-cache").string();
    return {};
}

TokenCacheResult refreshTokenCache(const std::string& folder, const std::vector<MidiFileEntry>& files,
                                   const remi::RemiTokenizer& tokenizer, const TokenCacheOptions& options) {
    const TokenCacheKey key = tokenCacheKey(tokenizer);
    TokenCacheReport report;
    OldCache old;
    if (!options.cacheDirectory.empty()) {
        report.cacheFile = (fs::path(options.cacheDirectory) / tokenCacheFileName(folder, key)).string();
        old = loadCache(report.cacheFile, key, &report.rebuiltBecause);
    }

    // Which records can be reused, which files need reading.
    std::vector<const PieceRecord*> reused(files.size(), nullptr);
    std::vector<std::size_t> toAnalyze;
    std::size_t stillListed = 0;  // old records whose file is still there, changed or not
    for (std::size_t i = 0; i < files.size(); ++i) {
        const PieceRecord* r = old.valid ? old.find(files[i].relativePath) : nullptr;
        if (r) ++stillListed;
        if (r && r->fileSize == files[i].size && r->modifiedNs == files[i].modifiedNs) {
            reused[i] = r;
            ++report.reused;
        } else {
            toAnalyze.push_back(i);
        }
    }
    if (old.valid) report.dropped = old.contents.records.size() - stillListed;

    if (toAnalyze.empty() && report.dropped == 0 && old.valid)
        return resultFrom(old.bytes, std::move(old.contents), std::move(report));

    // Read and tokenize what changed.
    std::vector<AnalyzedPiece> analyzed(files.size());
    std::vector<char> done(files.size(), 0);
    std::mutex progressMutex;
    std::size_t finished = 0;
    parallelFor(toAnalyze.size(), options.threads, [&](std::size_t k) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed)) return;
        const std::size_t i = toAnalyze[k];
        analyzed[i] = analyzeMidiFile(files[i], tokenizer);
        std::lock_guard<std::mutex> lock(progressMutex);
        done[i] = 1;
        ++finished;
        if (options.progress) options.progress({finished, toAnalyze.size(), files[i].relativePath});
    });
    report.analyzed = finished;
    report.cancelled = options.cancel && options.cancel->load() && finished < toAnalyze.size();

    TokenCacheImageBuilder builder(key);
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (reused[i]) {
            builder.addPiece(*reused[i], old.spans(*reused[i]));
        } else if (done[i]) {
            std::vector<TokenSpan> spans;
            for (const auto& ids : analyzed[i].streams)
                spans.emplace_back(reinterpret_cast<const std::uint8_t*>(ids.data()), ids.size(), 4);
            builder.addPiece(analyzed[i].record, spans);
            analyzed[i] = AnalyzedPiece();  // the image holds it now
        }
    }
    std::vector<std::uint8_t> image = builder.finish();
    old = OldCache();  // unmaps the previous file before it is replaced

    std::shared_ptr<const ReadOnlyBytes> bytes;
    if (!report.cacheFile.empty()) {
        std::error_code ec;
        fs::create_directories(options.cacheDirectory, ec);
        std::string error;
        if (io::writeFileAtomically(report.cacheFile, image.data(), image.size(), &error)) {
            report.written = true;
            bytes = ReadOnlyBytes::mapFile(report.cacheFile, &error);
        } else {
            report.writeError = error;
        }
    }
    if (report.cancelled) return TokenCacheResult{{}, nullptr, std::move(report)};

    TokenCacheContents contents;
    std::string reason;
    if (bytes && !parseTokenCache(bytes->data(), bytes->size(), key, &contents, &reason)) {
        // Another process replaced the file between our rename and our mapping: use our own image.
        report.writeError = report.cacheFile + ": replaced while being opened: " + reason;
        bytes.reset();
    }
    if (!bytes) {
        bytes = ReadOnlyBytes::fromBuffer(std::move(image));
        if (!parseTokenCache(bytes->data(), bytes->size(), key, &contents, &reason)) {
            report.writeError = "internal error: the token cache image just built does not check: " + reason;
            return TokenCacheResult{{}, nullptr, std::move(report)};
        }
    }
    return resultFrom(std::move(bytes), std::move(contents), std::move(report));
}

}  // namespace mozart::data
