// AudioOutput: where live audio goes. The system's sound device through FluidSynth's audio
// drivers (PulseAudio, else ALSA), or a ManualAudioOutput whose owner pulls blocks itself: the
// headless path used by tests and by anything that wants the player's audio as data.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mozart::audio {

class AudioOutput {
public:
    // Fills `frames` frames of left and right, which arrive zeroed. Called on the output's audio
    // thread (for ManualAudioOutput: on the thread calling pull()).
    using Callback = std::function<void(float* left, float* right, int frames)>;

    virtual ~AudioOutput() = default;
    // False with a sentence in `error` when the device cannot be opened.
    virtual bool start(double sampleRate, Callback callback, std::string* error) = 0;
    // After stop() returns, the callback is not called again.
    virtual void stop() = 0;
    // What plays the sound, for messages: "PulseAudio", "ALSA", "manual".
    virtual std::string description() const = 0;
};

// The system's sound device. Tries PulseAudio, then ALSA (when /dev/snd exists). The environment
// variable MOZART_AUDIO_DRIVER names one FluidSynth driver to use instead ("pulseaudio", "alsa",
// "jack", "sdl2", ...); "none" forces the no-device path, as on a machine without sound.
std::unique_ptr<AudioOutput> makeSystemAudioOutput();

// Audio that the owner pulls: nothing happens until pull() is called.
class ManualAudioOutput : public AudioOutput {
public:
    bool start(double sampleRate, Callback callback, std::string* error) override;
    void stop() override;
    std::string description() const override { return "manual"; }

    // Runs the callback for `frames` frames on the calling thread; appends interleaved stereo to
    // `interleaved` when given. False when not started.
    bool pull(int frames, std::vector<float>* interleaved = nullptr);
    double sampleRate() const { return sampleRate_; }

private:
    std::mutex mutex_;
    Callback callback_;
    double sampleRate_ = 0;
    std::vector<float> left_, right_;
};

}  // namespace mozart::audio
