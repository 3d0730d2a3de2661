#include "sound/FluidSynthExportBackend.h"

#include <QCoreApplication>

#include "audio/Renderer.h"

namespace mozart::ui {

QString FluidSynthExportBackend::render(const midi::Score& score, const AudioExportSettings& settings,
                                        const std::string& path, const std::atomic<bool>& cancel,
                                        std::atomic<double>& progress) {
    audio::RenderSettings r;
    r.synth.soundFont = settings.soundFont.toStdString();
    r.synth.sampleRate = settings.sampleRate;
    r.synth.gain = settings.volume * 0.5;
    r.synth.reverbLevel = settings.reverb;
    r.synth.chorusLevel = settings.chorus * 10.0;
    switch (settings.format) {
    case AudioExportSettings::Format::Wav: r.file.format = audio::AudioFormat::Wav; break;
    case AudioExportSettings::Format::Flac: r.file.format = audio::AudioFormat::Flac; break;
    case AudioExportSettings::Format::Ogg: r.file.format = audio::AudioFormat::Ogg; break;
    }
    r.file.bitDepth = settings.bitDepth;
    r.file.vorbisQuality = settings.oggQuality;
    r.file.sampleRate = settings.sampleRate;
    r.normalize = settings.normalize;
    r.normalizePeakDb = settings.peakDb;
    r.tailSeconds = 2.0;  // releases and reverb fade out after the last note
    r.overwrite = true;   // the caller asked the user and writes beside the target first
    audio::RenderTask task(score, path, r);
    task.setProgressCallback([&](double fraction) {
        progress = fraction;
        if (cancel) task.cancel();
    });
    if (cancel) task.cancel();
    const audio::RenderResult result = task.run();
    if (result.cancelled) return QCoreApplication::translate("FluidSynthExportBackend", "%1: cancelled").arg(QString::fromStdString(path));
    if (!result.ok) return QString::fromStdString(result.error);
    return {};
}

}  // namespace mozart::ui
