// RenderTask: renders a Score offline through FluidSynth into a WAV, FLAC or Ogg Vorbis file.
//
// A task object: settings in, RenderResult out, cancel() and progress() from any thread. run()
// blocks; call it on a worker thread. The output appears only complete (temporary file, then
// rename); after a failure or cancel() the target is as it was and no temporary file is left.
// Events are applied at their exact frame in the stream handed to FluidSynth, which starts them
// at its next 64-frame internal block (1.5 ms at 44.1 kHz), as its own MIDI player does.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "audio/AudioFileWriter.h"
#include "audio/Synth.h"
#include "midi/Score.h"

namespace mozart::audio {

struct RenderSettings {
    SynthSettings synth;          // used when run() makes its own Synth
    AudioFileSettings file;       // format, bit depth, Vorbis quality (rate comes from the synth)
    double tailSeconds = 2.0;     // rendered after the last event so releases and reverb fade out
    bool normalize = false;       // scale so the loudest sample peaks at normalizePeakDb
    double normalizePeakDb = -1.0;
    double startSeconds = 0.0;    // a range, e.g. a loop to export; notes begun before it are not
    double endSeconds = -1.0;     // heard, notes still held at its end are released. < 0: the end
    bool overwrite = false;       // replace an existing file (otherwise that is an error)
};

struct RenderResult {
    bool ok = false;
    bool cancelled = false;
    std::string error;            // a sentence naming the file; empty when ok
    std::string path;
    std::int64_t frames = 0;      // written per channel
    double seconds = 0.0;
    float peak = 0.0f;            // loudest sample written, 0..1 (after normalization)
};

class RenderTask {
public:
    RenderTask(midi::Score score, std::string outputPath, RenderSettings settings);

    // Makes a Synth from settings.synth, then renders.
    RenderResult run();
    // Renders with a Synth the caller keeps between renders on this thread (its own settings,
    // sample rate included, apply; it is reset first).
    RenderResult run(Synth& synth);
    // Renders into memory instead of a file: interleaved stereo at the synth's rate.
    RenderResult runToBuffer(Synth& synth, std::vector<float>* interleaved);

    // Any thread. run() notices within one block, removes its temporary file and returns with
    // `cancelled` set. A cancel() before run() makes run() return at once.
    void cancel() { cancel_.store(true, std::memory_order_relaxed); }
    // Any thread: 0 .. 1, reaching 1 when the file is in place.
    double progress() const { return progress_.load(std::memory_order_relaxed); }
    // Called on the thread running run(), when the whole percentage changes and once with 1.0
    // at the end of a successful render. Set before run().
    void setProgressCallback(std::function<void(double)> callback) { onProgress_ = std::move(callback); }

private:
    using FrameSink = std::function<bool(const float*, std::int64_t, std::string*)>;
    RenderResult render(Synth& synth, const FrameSink& sink, std::int64_t* totalFrames);
    void report(double fraction);

    midi::Score score_;
    std::string path_;
    RenderSettings settings_;
    std::atomic<bool> cancel_{false};
    std::atomic<double> progress_{0.0};
    int lastPercent_ = -1;
    std::function<void(double)> onProgress_;
};

}  // namespace mozart::audio
