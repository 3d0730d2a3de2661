// AudioFileWriter: writes interleaved float audio to WAV (16/24-bit PCM), FLAC (16/24-bit) or
// Ogg Vorbis through libsndfile, atomically (io::AtomicFile): into a temporary file beside the
// target, synced and renamed over it only by commit(), with the mode the umask gives. Until then,
// and after abort() or destruction, the target is untouched and the temporary file is removed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "io/AtomicFile.h"

struct sf_private_tag;

namespace mozart::audio {

enum class AudioFormat { Auto, Wav, Flac, Ogg };

struct AudioFileSettings {
    AudioFormat format = AudioFormat::Auto;  // Auto: from the extension (.wav, .flac, .ogg/.oga)
    int bitDepth = 16;                       // 16 or 24 (WAV, FLAC); Vorbis has none
    double vorbisQuality = 0.6;              // 0 (smallest) .. 1 (best)
    int sampleRate = 44100;
    int channels = 2;
};

// The format a file name asks for (Auto when the extension is none of ours).
AudioFormat formatFromPath(const std::string& path);
const char* formatName(AudioFormat format);
const char* formatExtension(AudioFormat format);

class AudioFileWriter {
public:
    AudioFileWriter() = default;
    ~AudioFileWriter();
    AudioFileWriter(const AudioFileWriter&) = delete;
    AudioFileWriter& operator=(const AudioFileWriter&) = delete;

    // Creates the temporary file. False with `error` naming the target when it cannot.
    bool open(const std::string& path, const AudioFileSettings& settings, std::string* error);
    // Appends `frames` interleaved frames (values beyond -1..1 are clipped).
    bool write(const float* interleaved, std::int64_t frames, std::string* error);
    // Finishes the file, syncs it and renames it over the target.
    bool commit(std::string* error);
    // Drops the temporary file; the target stays as it was.
    void abort();

    std::int64_t framesWritten() const { return frames_; }

private:
    sf_private_tag* file_ = nullptr;
    std::unique_ptr<io::AtomicFile> out_;  // owns the temporary file and its descriptor
    std::string path_;
    std::int64_t frames_ = 0;
};

}  // namespace mozart::audio
