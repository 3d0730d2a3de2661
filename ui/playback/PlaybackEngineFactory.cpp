#include "playback/PlaybackEngineFactory.h"

#include <QCoreApplication>

#include "playback/SilentPlaybackEngine.h"

namespace mozart::ui {

PlaybackEngine* createPlaybackEngine(QObject* parent) { return new SilentPlaybackEngine(parent); }

std::unique_ptr<AudioExportBackend> createAudioExportBackend() { return nullptr; }

QString audioExportUnavailableReason() {
    return QCoreApplication::translate("PlaybackEngineFactory",
                                       "Audio export needs the FluidSynth renderer, which this build does not have.");
}

}  // namespace mozart::ui
