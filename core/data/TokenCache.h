// TokenCache: keeps the tokens, digests and statistics of every MIDI file of a folder in one
// file on disk, so that opening the folder again reads only what changed.
//
// - One cache file per (folder, tokenizer configuration): the name carries a digest of the
//   folder's absolute path and of the configuration (MidiTok JSON plus kTokenizerRevision), so
//   switching configurations keeps both caches; the header repeats the configuration digest.
// - A file's record is reused while its relative path, size and modification time match;
//   otherwise the file is read and tokenized again. Files that fail are recorded with their error
//   and not read again until they change. Records of vanished files are dropped.
// - The cache is rewritten (temporary file, fsync, rename: io/AtomicFile.h) only when something
//   changed, then memory-mapped; a cache that fails any check (TokenCacheFormat.h) is rebuilt
//   and the reason reported. When the cache cannot be written, work goes on from memory. A
//   mapped file is never changed in place (a new one is renamed over it, the mapping keeps the
//   old one), so nothing else may truncate it in place either: that would fault the process.
// - Reading and tokenizing run on `threads` threads (the calling thread is one of them).
//   `progress` is called on those worker threads, one call at a time (never concurrently), after
//   each file read, and never after refreshTokenCache returns; keep it short (store numbers,
//   post an event). `cancel` is polled between files; on cancel, what was finished so far is
//   still saved, so the next run resumes.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "data/MidiFolder.h"
#include "data/PieceRecord.h"
#include "data/TokenCacheFormat.h"
#include "data/TokenStore.h"
#include "remi/RemiTokenizer.h"

namespace mozart::data {

// Bump when our tokenizer's output changes for an unchanged configuration (a fixed encoder bug),
// so that caches made by the old code are not trusted.
constexpr const char* kTokenizerRevision = "remi-1";

struct ScanProgress {
    std::size_t done = 0;   // files read so far in this run
    std::size_t total = 0;  // files that need reading in this run (not those reused)
    std::string file;       // relative path of the file just finished
};

struct TokenCacheOptions {
    std::string cacheDirectory;  // created when missing; empty: keep everything in memory only
    unsigned threads = 1;
    std::function<void(const ScanProgress&)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

struct TokenCacheReport {
    std::string cacheFile;       // empty without a cache directory
    std::size_t reused = 0;      // records taken from the cache file
    std::size_t analyzed = 0;    // files read and tokenized in this run
    std::size_t dropped = 0;     // records of files that are gone
    bool written = false;        // the cache file was (re)written
    std::string rebuiltBecause;  // why an existing cache file was not used ("checksum mismatch ...")
    std::string writeError;      // why the cache could not be saved (the run still succeeded)
    bool cancelled = false;
};

struct TokenCacheResult {
    std::vector<PieceRecord> records;  // one per file of the listing, same order; empty if cancelled
    std::shared_ptr<const TokenStore> store;
    TokenCacheReport report;
};

TokenCacheKey tokenCacheKey(const remi::RemiTokenizer& tokenizer);
// "<folder name>-<folder digest>-<configuration digest>.mztc"
std::string tokenCacheFileName(const std::string& folder, const TokenCacheKey& key);
// $XDG_CACHE_HOME/mozart/token-cache, else ~/.cache/mozart/token-cache; empty without either.
std::string defaultTokenCacheDirectory();

TokenCacheResult refreshTokenCache(const std::string& folder, const std::vector<MidiFileEntry>& files,
                                   const remi::RemiTokenizer& tokenizer, const TokenCacheOptions& options);

}  // namespace mozart::data
