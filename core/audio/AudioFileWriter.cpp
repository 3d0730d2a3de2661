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
    // mkstemp gives a unique name even when several renders write beside the same target.
    temp_ = path + ".XXXXXX";
    fd_ = ::mkstemp(temp_.data());
    if (fd_ < 0) {
        *error = path + ": cannot write: " + std::strerror(errno);
        temp_.clear();
        return false;
    }
    file_ = sf_open_fd(fd_, SFM_WRITE, &info, SF_FALSE);
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
    auto fail = [&](const char* what, int err) {
        *error = path_ + ": " + what + ": " + std::strerror(err);
        abort();
        return false;
    };
    if (closed != 0) {
        *error = path_ + ": cannot write: " + sf_error_number(closed);
        abort();
        return false;
    }
    // mkstemp creates 0600; a user's file should get the usual permissions (umask applies).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0666 & ~mask);
    if (::fsync(fd_) != 0) return fail("cannot write", errno);
    if (::close(fd_) != 0) {
        fd_ = -1;
        return fail("cannot write", errno);
    }
    fd_ = -1;
    if (::rename(temp_.c_str(), path_.c_str()) != 0) return fail("cannot replace", errno);
    temp_.clear();
    return true;
}

void AudioFileWriter::abort() {
    if (file_) {
        sf_close(file_);
        file_ = nullptr;
    }
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!temp_.empty()) {
        ::unlink(temp_.c_str());
        temp_.clear();
    }
}

}  // namespace mozart::audio
