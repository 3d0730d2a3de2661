// AudioExportBackend: renders a Score to an audio file. The core/audio Renderer (FluidSynth into
// libsndfile) is plugged in through this when it is built; without one, audio export is offered
// as unavailable. render() runs on a worker thread and must not touch GUI objects; each call uses
// its own synthesizer, so calls may overlap.
#pragma once

#include <QString>
#include <atomic>
#include <string>

#include "midi/Score.h"

namespace mozart::ui {

struct AudioExportSettings {
    enum class Format { Wav, Flac, Ogg };
    Format format = Format::Wav;
    int sampleRate = 44100;
    int bitDepth = 16;          // WAV and FLAC: 16 or 24
    double oggQuality = 0.6;    // 0..1 (Vorbis quality)
    bool normalize = true;      // scale so the loudest sample peaks at `peakDb`
    double peakDb = -1.0;
    QString soundFont;          // .sf2/.sf3 to render with
    double reverb = 0.3, chorus = 0.1, volume = 0.8;

    static QString extension(Format f) {
        switch (f) {
        case Format::Wav: return QStringLiteral("wav");
        case Format::Flac: return QStringLiteral("flac");
        case Format::Ogg: return QStringLiteral("ogg");
        }
        return QStringLiteral("wav");
    }
};

class AudioExportBackend {
public:
    virtual ~AudioExportBackend() = default;
    // Writes `path` (the caller renames it into place). The sound's release tail after the last
    // note is included. `progress` goes 0..1. Returns an empty string, or what went wrong.
    virtual QString render(const midi::Score& score, const AudioExportSettings& settings, const std::string& path,
                           const std::atomic<bool>& cancel, std::atomic<double>& progress) = 0;
};

}  // namespace mozart::ui
