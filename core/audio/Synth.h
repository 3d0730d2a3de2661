// Synth: one FluidSynth instance with its SoundFont loaded, owned for its lifetime.
//
// A Synth is not shared between renders running at the same time: each rendering thread owns one
// (loading a General MIDI SoundFont takes a moment, so a thread reuses its Synth between files).
// Live settings (gain, reverb and chorus levels) may be changed from any thread while another
// thread renders when the Synth was created for live use; FluidSynth's own lock makes that safe.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "audio/ScheduledEvent.h"

struct _fluid_hashtable_t;
struct _fluid_synth_t;

namespace mozart::audio {

// Debian's General MIDI SoundFont (package fluid-soundfont-gm).
inline constexpr const char* kDefaultSoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

struct SynthSettings {
    std::string soundFont;        // empty: kDefaultSoundFont
    double sampleRate = 44100.0;  // 8000 .. 96000
    double gain = 0.4;            // FluidSynth's master gain, 0 .. 10 (FluidSynth's own default is 0.2)
    bool reverb = true;
    bool chorus = true;
    double reverbLevel = 0.9;     // 0 .. 1 (FluidSynth's default)
    double chorusLevel = 2.0;     // 0 .. 10 (FluidSynth's default)
    int polyphony = 256;

    std::string soundFontPath() const { return soundFont.empty() ? kDefaultSoundFont : soundFont; }
};

// Checks that a SoundFont exists and looks like one, without loading it. Returns an empty string
// when it does, or a sentence naming the file: "<path>: SoundFont not found", "<path>: not a
// SoundFont (expected a RIFF sfbk file such as FluidR3_GM.sf2)".
std::string checkSoundFont(const std::string& path);

class Synth {
public:
    enum class Use {
        Offline,  // one thread drives everything: FluidSynth's API lock is switched off
        Live,     // an audio thread renders while other threads send events and settings
    };

    // Loads the SoundFont; on failure returns null and sets `error` to a sentence naming the file.
    static std::unique_ptr<Synth> create(const SynthSettings& settings, Use use, std::string* error);
    ~Synth();
    Synth(const Synth&) = delete;
    Synth& operator=(const Synth&) = delete;

    const SynthSettings& settings() const { return settings_; }
    double sampleRate() const { return settings_.sampleRate; }

    // Back to the state of a fresh synth: every sound cut (reverb and chorus emptied too),
    // controllers and programs reset, channel 10 a drum channel, and the next frame rendered
    // starting one of FluidSynth's 64-frame blocks, so events land as they would on a fresh
    // synth. It renders (and drops) a few blocks to get there: call it only on the thread that
    // renders, between renders.
    void reset();
    // Cuts every voice at once (all-sound-off on every channel); reverb and chorus ring on until
    // the next reset(). Any thread.
    void soundsOff();
    void apply(const ScheduledEvent& event);
    // Releases every held note on every channel (pedal up, all-notes-off): they fade naturally.
    void releaseAll();

    // Renders `frames` interleaved stereo frames into `out` (2 * frames floats), overwriting it.
    void renderInterleaved(float* out, int frames);
    // Renders into separate left and right buffers, adding to what they hold (as audio drivers
    // expect: they hand over zeroed buffers).
    void renderAdd(float* left, float* right, int frames);

    void setGain(double gain);
    void setReverbLevel(double level);
    void setChorusLevel(double level);
    void setReverbOn(bool on);
    void setChorusOn(bool on);

    _fluid_synth_t* handle() const { return synth_; }

private:
    Synth() = default;
    void setupChannels();
    void discard(int frames);

    SynthSettings settings_;
    _fluid_hashtable_t* fluidSettings_ = nullptr;
    _fluid_synth_t* synth_ = nullptr;
    std::array<int, 16> program_{};  // program last selected per channel, to skip repeats
    long long framesRendered_ = 0;   // where we are in FluidSynth's internal block
    bool planar_ = false;            // last rendered with renderAdd (its own leftover buffer)
};

// The last error FluidSynth logged on the calling thread ("" if none); FluidSynth's messages are
// kept from the terminal and surface through the errors that quote them.
std::string lastFluidError();
void clearFluidError();

}  // namespace mozart::audio
