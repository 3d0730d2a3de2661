// Creates the studio's playback engine and audio export backend: the core/audio adapters when the
// studio is built with them, else the silent transport and no audio export.
#pragma once

#include <QObject>
#include <memory>

#include "export/AudioExportBackend.h"
#include "playback/PlaybackEngine.h"

namespace mozart::ui {

PlaybackEngine* createPlaybackEngine(QObject* parent);
std::unique_ptr<AudioExportBackend> createAudioExportBackend();
// Why audio export is unavailable, or empty when it is available.
QString audioExportUnavailableReason();

}  // namespace mozart::ui
