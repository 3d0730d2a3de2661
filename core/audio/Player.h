// Player: live playback of a Score through FluidSynth, with a transport (play, pause, stop, seek,
// loop a range), per-track mute and solo, and volume, reverb and chorus levels settable while
// playing.
//
// Our own scheduling feeds the synth from the audio callback, so seek and loop land on exact
// frames. Threads: every method may be called from any one controlling thread (the GUI thread);
// position() and state() from any thread. The audio thread takes the player's lock only with
// try_lock, so a controlling call never makes it wait; if it finds the lock taken it renders
// the synth without advancing for that period. Stopping, pausing, seeking and panic() silence
// every note at once (all-sound-off on every channel, from the calling thread); the audio thread
// then resets the synth at the start of its next period, which also empties the reverb.
// Playback from any position sounds sample for sample like an offline render from there (dry:
// reverb and chorus modulate with LFOs that keep running, so their share differs slightly).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "audio/AudioOutput.h"
#include "audio/Synth.h"
#include "audio/Transport.h"
#include "midi/Score.h"

namespace mozart::audio {

class Player {
public:
    using State = Transport::State;

    // Loads the SoundFont and starts the output (null: the system's audio device). Returns null
    // with a sentence in `error` when either fails, e.g. "no audio device (PulseAudio: ...)".
    static std::unique_ptr<Player> create(const SynthSettings& settings, std::unique_ptr<AudioOutput> output,
                                          std::string* error);
    ~Player();
    Player(const Player&) = delete;
    Player& operator=(const Player&) = delete;

    // Stops, then plays this score from now on (from its start).
    void setScore(const midi::Score& score);

    void play();
    void pause();
    void stop();
    void seek(double seconds);
    // Loops [start, end) seconds; false when the range is empty.
    bool setLoop(double startSeconds, double endSeconds);
    void clearLoop();
    // Silences everything and resets every channel, whatever state the synth is in.
    void panic();

    State state() const { return transport_.state(); }
    double position() const;  // seconds; any thread
    double duration() const;  // seconds to the end of the score

    void setTrackMuted(std::size_t track, bool muted);
    void setTrackSolo(std::size_t track, bool solo);
    void setVolume(double gain);       // FluidSynth's master gain, 0 .. 10
    void setReverbLevel(double level);  // 0 .. 1
    void setChorusLevel(double level);  // 0 .. 10

    // Called on the audio thread, about 30 times a second of audio while playing and once when
    // playback stops by itself at the end, with the position in seconds. Keep it short and
    // non-blocking (e.g. store an atomic or post to an event queue). Set before play().
    void setPositionCallback(std::function<void(double seconds)> callback);

    std::string outputDescription() const { return output_->description(); }
    double sampleRate() const { return synth_->sampleRate(); }

private:
    class SynthSink;
    Player() = default;
    void process(float* left, float* right, int frames);

    std::unique_ptr<Synth> synth_;
    std::unique_ptr<AudioOutput> output_;
    std::mutex mutex_;
    Transport transport_;
    std::function<void(double)> onPosition_;
    std::int64_t lastReported_ = -1;
    bool resetPending_ = false;  // under mutex_: a reset for the audio thread to do
};

}  // namespace mozart::audio
