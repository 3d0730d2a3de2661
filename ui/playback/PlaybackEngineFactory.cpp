#include "playback/PlaybackEngineFactory.h"

#include <QCoreApplication>

#include <QSettings>

#include "playback/SilentPlaybackEngine.h"
#ifdef MOZART_HAVE_AUDIO
#include "sound/FluidSynthExportBackend.h"
#include "sound/FluidSynthPlaybackEngine.h"
#endif

namespace mozart::ui {

PlaybackEngine* createPlaybackEngine(QObject* parent) {
#ifdef MOZART_HAVE_AUDIO
    // MOZART_AUDIO_DRIVER=none (core/audio) forces the silent path, as on a machine without sound.
    QString error;
    const QString soundFont = QSettings().value(QStringLiteral("playback/soundFont")).toString();
    if (auto* engine = FluidSynthPlaybackEngine::create(soundFont, &error, parent)) return engine;
    auto* silent = new SilentPlaybackEngine(parent);
    silent->setUnavailableReason(error);
    return silent;
#else
    return new SilentPlaybackEngine(parent);
#endif
}

std::unique_ptr<AudioExportBackend> createAudioExportBackend() {
#ifdef MOZART_HAVE_AUDIO
    return std::make_unique<FluidSynthExportBackend>();
#else
    return nullptr;
#endif
}

QString audioExportUnavailableReason() {
#ifdef MOZART_HAVE_AUDIO
    return QString();
#else
    return QCoreApplication::translate("PlaybackEngineFactory",
                                       "Audio export needs the FluidSynth renderer, which this build does not have.");
#endif
}

}  // namespace mozart::ui
