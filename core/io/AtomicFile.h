// AtomicFile: writes a whole file so that the target is either the old file or the complete new
// one, never something half-written, even after a crash or a power cut: the bytes go to a
// temporary file in the target's folder (".<name>.tmp-XXXXXX"), which is fsynced, renamed over
// the target, and then the folder itself is fsynced so the rename is durable.
//
// The new file gets the mode the process umask gives (it is created with 0666, the kernel
// applies the umask), the way any editor's file would; the umask itself is never read or
// changed (umask() is process-wide and racy while other threads create files).
//
// The one way the engine writes files: token cache, model files, checkpoints (tensor files),
// metrics rewrites, MIDI and audio exports all go through it.
#pragma once

#include <cstddef>
#include <string>

namespace mozart::io {

class AtomicFile {
public:
    explicit AtomicFile(std::string path) : path_(std::move(path)) {}
    ~AtomicFile() { discard(); }  // a file never committed leaves no trace
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Creates the temporary file. False with `error` ("<path>: cannot write: ...") on failure.
    bool open(std::string* error);
    // Appends bytes (retries short writes and EINTR).
    bool write(const void* data, std::size_t size, std::string* error);
    bool write(const std::string& bytes, std::string* error) { return write(bytes.data(), bytes.size(), error); }
    // The temporary file's descriptor, for writers that need one (libsndfile); -1 when not open.
    // It stays ours: do not close it.
    int fd() const { return fd_; }
    // fsync, close, rename over the target, fsync the folder. On failure the target is untouched
    // and the temporary removed.
    bool commit(std::string* error);
    // Removes the temporary file (no-op after commit or when never opened).
    void discard();

    const std::string& path() const { return path_; }
    const std::string& temporaryPath() const { return temp_; }

private:
    bool fail(const char* what, int err, std::string* error);

    std::string path_;
    std::string temp_;
    int fd_ = -1;
};

// The whole of `data` as the new content of `path`, through AtomicFile. Returns false and sets
// `error` ("<path>: cannot write: No space left on device") on failure; the target is then
// untouched and the temporary file removed.
bool writeFileAtomically(const std::string& path, const void* data, std::size_t size,
                         std::string* error);
inline bool writeFileAtomically(const std::string& path, const std::string& contents,
                                std::string* error) {
    return writeFileAtomically(path, contents.data(), contents.size(), error);
}

// fsyncs a folder (after a rename or a link into it). Best effort: false when it cannot be opened.
bool syncFolder(const std::string& folder);

// Reads a whole file; false (with `error` naming the file and the reason) when it cannot.
bool readWholeFile(const std::string& path, std::string* contents, std::string* error);
// Same, refusing a file larger than `maxBytes` before reading it (files from strangers).
bool readWholeFile(const std::string& path, std::string* contents, std::string* error,
                   std::size_t maxBytes);

}  // namespace mozart::io
