// FluidSynthExportBackend: audio export through core/audio's RenderTask (FluidSynth into
// libsndfile). Each render() makes its own synthesizer, so exports may run side by side.
#pragma once

#include "export/AudioExportBackend.h"

namespace mozart::ui {

class FluidSynthExportBackend : public AudioExportBackend {
public:
    QString render(const midi::Score& score, const AudioExportSettings& settings, const std::string& path,
                   const std::atomic<bool>& cancel, std::atomic<double>& progress) override;
};

}  // namespace mozart::ui
