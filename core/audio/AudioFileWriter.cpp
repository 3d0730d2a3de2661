#include "audio/AudioFileWriter.h"

#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mozart::audio {

namespace {

std::string lowerExtension(const std::string& path) {
    const auto slash = path.find_last_of('/');
    const auto dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    std::string ext = path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

}  // namespace

AudioFormat formatFromPath(const std::string& path) {
    const std::string ext = lowerExtension(path);
    if (ext == "wav" || ext == "wave") return AudioFormat::Wav;
    if (ext == "flac") return AudioFormat::Flac;
    if (ext == "ogg" || ext == "oga") return AudioFormat::Ogg;
    return AudioFormat::Auto;
}

const char* formatName(AudioFormat format) {
    switch (format) {
    case AudioFormat::Wav: return "WAV";
    case AudioFormat::Flac: return "FLAC";
    case AudioFormat::Ogg: return "Ogg Vorbis";
    case AudioFormat::Auto: break;
    }
    return "automatic";
}

const char* formatExtension(AudioFormat format) {
    switch (format) {
    case AudioFormat::Flac: return ".flac";
    case AudioFormat::Ogg: return ".ogg";
    default: return ".wav";
    }
}

AudioFileWriter::~AudioFileWriter() { abort(); }

bool AudioFileWriter::open(const std::string& path, const AudioFileSettings& s, std::string* error) {
    abort();
    AudioFormat format = s.format == AudioFormat::Auto ? formatFromPath(path) : s.format;
    if (format == AudioFormat::Auto) {
        *error = path + ": unknown audio format (use a .wav, .flac or .ogg file name)";
        return false;
    }
    if (format != AudioFormat::Ogg && s.bitDepth != 16 && s.bitDepth != 24) {
        *error = path + ": bit depth " + std::to_string(s.bitDepth) + " is not supported (use 16 or 24)";
        return false;
    }
    SF_INFO info{};
    info.samplerate = s.sampleRate;
    info.channels = s.channels;
    const int pcm = s.bitDepth == 24 ? SF_FORMAT_PCM_24 : SF_FORMAT_PCM_16;
    switch (format) {
    case AudioFormat::Wav: info.format = SF_FORMAT_WAV | pcm; break;
    case AudioFormat::Flac: info.format = SF_FORMAT_FLAC | pcm; break;
    default: info.format = SF_FORMAT_OGG | SF_FORMAT_VORBIS; break;
    }
    if (!sf_format_check(&info)) {
        *error = path + ": libsndfile cannot write " + formatName(format) + " at " +
                 std::to_string(s.sampleRate) + " Hz";
        return false;
    }
    out_ = std::make_unique<io::AtomicFile>(path);
    if (!out_->open(error)) {
        out_.reset();
        return false;
    }
    file_ = sf_open_fd(out_->fd(), SFM_WRITE, &info, SF_FALSE);
    if (!file_) {
        *error = path + ": cannot write " + formatName(format) + ": " + sf_strerror(nullptr);
        abort();
        return false;
    }
    path_ = path;
    frames_ = 0;
    sf_command(file_, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    if (format == AudioFormat::Ogg) {
        double quality = std::clamp(s.vorbisQuality, 0.0, 1.0);
        sf_command(file_, SFC_SET_VBR_ENCODING_QUALITY, &quality, sizeof quality);
    }
    return true;
}

bool AudioFileWriter::write(const float* interleaved, std::int64_t frames, std::string* error) {
    if (!file_) {
        *error = path_ + ": not open for writing";
        return false;
    }
    const sf_count_t n = sf_writef_float(file_, interleaved, frames);
    if (n != frames) {
        *error = path_ + ": cannot write: " + sf_strerror(file_);
        return false;
    }
    frames_ += frames;
    return true;
}

bool AudioFileWriter::commit(std::string* error) {
    if (!file_) {
        *error = path_ + ": not open for writing";
        return false;
    }
    const int closed = sf_close(file_);  // writes the headers; the descriptor stays ours
    file_ = nullptr;
    if (closed != 0) {
        *error = path_ + ": cannot write: " + sf_error_number(closed);
        abort();
        return false;
    }
    const bool ok = out_->commit(error);  // fsync, rename, folder fsync; removes the temporary on failure
    out_.reset();
    return ok;
}

void AudioFileWriter::abort() {
    if (file_) {
        sf_close(file_);
        file_ = nullptr;
    }
    out_.reset();  // closes and removes the temporary file
}

}  // namespace mozart::audio
