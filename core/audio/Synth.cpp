#include "audio/Synth.h"

#include <fluidsynth.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sys/stat.h>
#include <vector>

namespace mozart::audio {

namespace {

// Rounds of (system reset, one block rendered) that empty the reverb for certain; see reset().
constexpr int kResetRounds = 2;
// Blocks rendered after all-sound-off before the first reset: voices fade out over a few.
constexpr int kDyingBlocks = 8;

thread_local std::string t_lastFluidError;

void captureFluidLog(int level, const char* message, void*) {
    if (level <= FLUID_ERR && message) t_lastFluidError = message;
}

// FluidSynth logs to stderr by default; a library must not, so its messages are kept per thread
// and quoted in our own errors instead. Process-wide, installed once.
void routeFluidLog() {
    static std::once_flag once;
    std::call_once(once, [] {
        fluid_set_log_function(FLUID_PANIC, captureFluidLog, nullptr);
        fluid_set_log_function(FLUID_ERR, captureFluidLog, nullptr);
        fluid_set_log_function(FLUID_WARN, nullptr, nullptr);
        fluid_set_log_function(FLUID_INFO, nullptr, nullptr);
        fluid_set_log_function(FLUID_DBG, nullptr, nullptr);
    });
}

}  // namespace

std::string lastFluidError() { return t_lastFluidError; }
void clearFluidError() { t_lastFluidError.clear(); }

std::string checkSoundFont(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return path + ": SoundFont not found";
        return path + ": cannot open SoundFont: " + std::strerror(errno);
    }
    if (S_ISDIR(st.st_mode)) return path + ": is a folder, not a SoundFont";
    std::ifstream in(path, std::ios::binary);
    char header[12] = {};
    if (!in.read(header, sizeof header)) {
        if (in.gcount() == 0 && st.st_size > 0)
            return path + ": cannot read SoundFont: " + std::strerror(errno);
        return path + ": not a SoundFont (the file is too short; expected a RIFF sfbk file such as FluidR3_GM.sf2)";
    }
    if (std::memcmp(header, "RIFF", 4) != 0 || std::memcmp(header + 8, "sfbk", 4) != 0)
        return path + ": not a SoundFont (expected a RIFF sfbk file such as FluidR3_GM.sf2)";
    return {};
}

std::unique_ptr<Synth> Synth::create(const SynthSettings& settings, Use use, std::string* error) {
    routeFluidLog();
    clearFluidError();
    const std::string path = settings.soundFontPath();
    if (std::string problem = checkSoundFont(path); !problem.empty()) {
        *error = problem;
        return nullptr;
    }
    std::unique_ptr<Synth> s(new Synth);
    s->settings_ = settings;
    s->settings_.sampleRate = std::clamp(settings.sampleRate, 8000.0, 96000.0);
    s->fluidSettings_ = new_fluid_settings();
    if (!s->fluidSettings_) {
        *error = "FluidSynth: cannot create its settings (out of memory?)";
        return nullptr;
    }
    fluid_settings_t* fs = s->fluidSettings_;
    fluid_settings_setnum(fs, "synth.sample-rate", s->settings_.sampleRate);
    fluid_settings_setnum(fs, "synth.gain", std::clamp(settings.gain, 0.0, 10.0));
    fluid_settings_setint(fs, "synth.reverb.active", settings.reverb ? 1 : 0);
    fluid_settings_setint(fs, "synth.chorus.active", settings.chorus ? 1 : 0);
    fluid_settings_setnum(fs, "synth.reverb.level", std::clamp(settings.reverbLevel, 0.0, 1.0));
    fluid_settings_setnum(fs, "synth.chorus.level", std::clamp(settings.chorusLevel, 0.0, 10.0));
    fluid_settings_setint(fs, "synth.polyphony", std::clamp(settings.polyphony, 1, 65535));
    // Offline, one thread does everything: the API lock would only cost time.
    fluid_settings_setint(fs, "synth.threadsafe-api", use == Use::Live ? 1 : 0);
    s->synth_ = new_fluid_synth(fs);
    if (!s->synth_) {
        *error = "FluidSynth: cannot create a synthesizer: " + lastFluidError();
        return nullptr;
    }
    if (fluid_synth_sfload(s->synth_, path.c_str(), 1) == FLUID_FAILED) {
        std::string why = lastFluidError();
        *error = path + ": cannot load SoundFont" + (why.empty() ? std::string() : ": " + why);
        return nullptr;
    }
    s->setupChannels();
    return s;
}

Synth::~Synth() {
    if (synth_) delete_fluid_synth(synth_);
    if (fluidSettings_) delete_fluid_settings(fluidSettings_);
}

void Synth::setupChannels() {
    for (int ch = 0; ch < 16; ++ch)
        fluid_synth_set_channel_type(synth_, ch, ch == 9 ? CHANNEL_TYPE_DRUM : CHANNEL_TYPE_MELODIC);
    program_.fill(-1);
}

void Synth::reset() {
    // Measured with FluidSynth 2.3: a system reset only releases voices, and it empties the
    // reverb only once no voice feeds it any more; all-sound-off sent just before a reset is
    // undone by it. So: cut the voices, let them die for a block, then reset and let a block
    // pass, a few times (two rounds were not always enough with many voices releasing). Less
    // leaves a reverb tail of about -70 dB behind.
    soundsOff();
    const int block = std::max(1, fluid_synth_get_internal_bufsize(synth_));
    discard(int((block - framesRendered_ % block) % block) + kDyingBlocks * block);
    for (int i = 0; i < kResetRounds; ++i) {
        fluid_synth_system_reset(synth_);
        discard(block);
    }
    soundsOff();
    setupChannels();
}

void Synth::soundsOff() {
    for (int ch = 0; ch < 16; ++ch) fluid_synth_all_sounds_off(synth_, ch);
}

void Synth::discard(int frames) {
    if (frames <= 0) return;
    std::vector<float> scratch(std::size_t(frames) * 2);
    if (planar_)
        renderAdd(scratch.data(), scratch.data() + frames, frames);
    else
        renderInterleaved(scratch.data(), frames);
}

void Synth::apply(const ScheduledEvent& e) {
    const int ch = e.channel;
    switch (e.type) {
    case ScheduledEvent::Type::NoteOn:
        if (e.program >= 0 && program_[ch] != e.program) {
            fluid_synth_program_change(synth_, ch, e.program);
            program_[ch] = e.program;
        }
        fluid_synth_noteon(synth_, ch, e.data1, e.data2);
        break;
    case ScheduledEvent::Type::NoteOff: fluid_synth_noteoff(synth_, ch, e.data1); break;
    case ScheduledEvent::Type::Control: fluid_synth_cc(synth_, ch, e.data1, e.data2); break;
    case ScheduledEvent::Type::PitchBend: fluid_synth_pitch_bend(synth_, ch, e.bend + 8192); break;
    case ScheduledEvent::Type::Program:
        fluid_synth_program_change(synth_, ch, e.data1);
        program_[ch] = e.data1;
        break;
    }
}

void Synth::releaseAll() {
    for (int ch = 0; ch < 16; ++ch) {
        fluid_synth_cc(synth_, ch, 64, 0);  // a held pedal would keep released notes sounding
        fluid_synth_all_notes_off(synth_, ch);
    }
}

void Synth::renderInterleaved(float* out, int frames) {
    fluid_synth_write_float(synth_, frames, out, 0, 2, out, 1, 2);
    framesRendered_ += frames;
    planar_ = false;
}

void Synth::renderAdd(float* left, float* right, int frames) {
    // Effects are mixed into the dry output, as FluidSynth's own drivers do without fx buffers.
    float* fx[4] = {left, right, left, right};
    float* out[2] = {left, right};
    fluid_synth_process(synth_, frames, 4, fx, 2, out);
    framesRendered_ += frames;
    planar_ = true;
}

void Synth::setGain(double gain) { fluid_synth_set_gain(synth_, float(std::clamp(gain, 0.0, 10.0))); }

void Synth::setReverbLevel(double level) {
    fluid_synth_set_reverb_group_level(synth_, -1, std::clamp(level, 0.0, 1.0));
}

void Synth::setChorusLevel(double level) {
    fluid_synth_set_chorus_group_level(synth_, -1, std::clamp(level, 0.0, 10.0));
}

void Synth::setReverbOn(bool on) { fluid_synth_reverb_on(synth_, -1, on ? 1 : 0); }
void Synth::setChorusOn(bool on) { fluid_synth_chorus_on(synth_, -1, on ? 1 : 0); }

}  // namespace mozart::audio
