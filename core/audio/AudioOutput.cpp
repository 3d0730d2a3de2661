#include "audio/AudioOutput.h"

#include <fluidsynth.h>

#include <cstdlib>
#include <sys/stat.h>

#include "audio/Synth.h"

namespace mozart::audio {

namespace {

struct DriverName {
    const char* fluid;
    const char* shown;
};

const DriverName kDrivers[] = {{"pulseaudio", "PulseAudio"}, {"alsa", "ALSA"}};

bool pathExists(const char* path) {
    struct stat st {};
    return ::stat(path, &st) == 0;
}

// The system device through FluidSynth's audio driver; our callback renders each period.
class FluidAudioOutput : public AudioOutput {
public:
    ~FluidAudioOutput() override { stop(); }

    bool start(double sampleRate, Callback callback, std::string* error) override {
        stop();
        callback_ = std::move(callback);
        std::vector<DriverName> candidates(std::begin(kDrivers), std::end(kDrivers));
        if (const char* forced = std::getenv("MOZART_AUDIO_DRIVER"); forced && *forced) {
            if (std::string(forced) == "none") {
                *error = "no audio device (MOZART_AUDIO_DRIVER=none)";
                return false;
            }
            candidates = {{forced, forced}};
        }
        std::string reasons;
        for (const auto& d : candidates) {
            std::string why;
            if (std::string(d.fluid) == "alsa" && !pathExists("/dev/snd")) {
                why = "no sound card (/dev/snd is missing)";
            } else if (openDriver(d.fluid, sampleRate, &why)) {
                description_ = d.shown;
                return true;
            }
            reasons += std::string(reasons.empty() ? "" : "; ") + d.shown + ": " + why;
        }
        *error = "no audio device (" + reasons + ")";
        return false;
    }

    void stop() override {
        if (driver_) delete_fluid_audio_driver(driver_);  // joins the audio thread
        driver_ = nullptr;
        if (settings_) delete_fluid_settings(settings_);
        settings_ = nullptr;
    }

    std::string description() const override { return description_; }

private:
    bool openDriver(const char* name, double sampleRate, std::string* why) {
        stop();
        settings_ = new_fluid_settings();
        fluid_settings_setnum(settings_, "synth.sample-rate", sampleRate);
        if (fluid_settings_setstr(settings_, "audio.driver", name) != FLUID_OK) {
            *why = "not a FluidSynth audio driver";
            return false;
        }
        // 512-frame periods: 12 ms at 44.1 kHz, short enough for a playhead, long enough not to
        // underrun on a busy machine.
        fluid_settings_setint(settings_, "audio.period-size", 512);
        fluid_settings_setint(settings_, "audio.periods", 4);
        clearFluidError();
        driver_ = new_fluid_audio_driver2(settings_, &FluidAudioOutput::render, this);
        if (!driver_) {
            *why = lastFluidError();
            if (why->empty()) *why = "cannot open the device";
            stop();
            return false;
        }
        return true;
    }

    static int render(void* self, int len, int nfx, float* fx[], int nout, float* out[]) {
        (void)nfx;
        (void)fx;
        auto* me = static_cast<FluidAudioOutput*>(self);
        if (nout >= 2) me->callback_(out[0], out[1], len);
        return FLUID_OK;
    }

    fluid_settings_t* settings_ = nullptr;
    fluid_audio_driver_t* driver_ = nullptr;
    Callback callback_;
    std::string description_;
};

}  // namespace

std::unique_ptr<AudioOutput> makeSystemAudioOutput() { return std::make_unique<FluidAudioOutput>(); }

bool ManualAudioOutput::start(double sampleRate, Callback callback, std::string*) {
    std::lock_guard<std::mutex> lock(mutex_);
    callback_ = std::move(callback);
    sampleRate_ = sampleRate;
    return true;
}

void ManualAudioOutput::stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    callback_ = nullptr;
}

bool ManualAudioOutput::pull(int frames, std::vector<float>* interleaved) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!callback_ || frames <= 0) return false;
    left_.assign(std::size_t(frames), 0.0f);
    right_.assign(std::size_t(frames), 0.0f);
    callback_(left_.data(), right_.data(), frames);
    if (interleaved) {
        interleaved->reserve(interleaved->size() + std::size_t(frames) * 2);
        for (int i = 0; i < frames; ++i) {
            interleaved->push_back(left_[std::size_t(i)]);
            interleaved->push_back(right_[std::size_t(i)]);
        }
    }
    return true;
}

}  // namespace mozart::audio
