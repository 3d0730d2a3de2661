// TimelineSample: the training dashboard's samples timeline. Every few validations a short piece
// is generated from a copy of the run's weights at that step, and kept in the run folder with
// everything needed to make it again:
//
//   RUN/samples/step-N.safetensors   the weights at step N (bf16, tokenizer and labels inside)
//   RUN/samples/step-N.mid           the piece, its recipe inside as a text event
//   RUN/samples/step-N.json          the recipe: `mozart generate --recipe` writes the same bytes
//
// Each file lands by an atomic rename into RUN/samples, so a watcher of that folder sees each one
// arrive whole (the recipe last).
//
// Every sample of a run has the same settings (the first label, seed 1, 4 bars by default), so the
// timeline differs only by what the model learnt in between. A step that already has a sample
// (a resumed run passing it again) keeps it.
//
// Threads: writeTimelineSample() blocks for the save and the generation (on one compute thread); call
// it on a worker thread of its own, with a snapshot of the weights (the trainer's thread only makes
// the copy, see TrainingSession::weightsSnapshot). TimelineSampler is that thread, for the studio's
// runner and `mozart train --samples-every`. listTimelineSamples() reads the folder; any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "model/ModelFile.h"

namespace mozart::generate {

struct TimelineSampleRequest {
    std::string runFolder;
    std::int64_t step = 0;
    int bars = 4;
    std::uint64_t seed = 1;
    std::string composer;  // a label name; empty: the model's first label (ignored when unconditioned)
};

struct TimelineSample {
    std::int64_t step = 0;
    std::string midiFile;  // RUN/samples/step-N.mid
    std::string modelFile;
    std::string composer;
    std::uint64_t seed = 0;
    int bars = 0;
};

// RUN/samples/step-N (add ".mid", ".json" or ".safetensors").
std::string timelineSampleStem(const std::string& runFolder, std::int64_t step);

// Saves `weights` (left unchanged) with the run's tokenizer and description, then generates and
// writes the piece. nullopt with `error` (a sentence naming the file) on failure; never throws.
std::optional<TimelineSample> writeTimelineSample(const model::Transformer& weights, const std::string& tokenizerConfig,
                                                  const model::ModelFile::SaveOptions& description,
                                                  const TimelineSampleRequest& request, std::string* error);

// The samples of a run, by step; entries whose recipe cannot be read are left out.
std::vector<TimelineSample> listTimelineSamples(const std::string& runFolder);

// The sampler thread of one run. validated(), at each validation, makes every `every`-th one hand
// it a copy of the weights (offer() hands one directly) and returns at once; the thread writes the
// samples one at a time. A copy offered while it still writes the
// previous one waits as the next (replacing an older waiting copy), so at most two copies exist and
// the last offer is always written. The callbacks are called on the sampler thread. finish() (and
// the destructor) waits for the samples in flight. validated(), offer() and finish() from one thread.
class TimelineSampler {
public:
    struct Run {
        std::string folder;
        std::string tokenizerConfig;
        model::ModelFile::SaveOptions description;  // labels, notes, extra tokens of the run's model files
        int every = 1;                               // validated(): a sample every N validations
    };
    TimelineSampler(Run run, std::function<void(const TimelineSample&)> onWritten,
                    std::function<void(const std::string&)> onError);
    ~TimelineSampler();
    TimelineSampler(const TimelineSampler&) = delete;
    TimelineSampler& operator=(const TimelineSampler&) = delete;

    // On the trainer's thread: `snapshot` (the trainer's only wait) is called only when a sample is due.
    void validated(std::int64_t step, const std::function<model::Transformer()>& snapshot);
    void offer(std::int64_t step, model::Transformer weights);
    void finish();

private:
    void writeAll();  // the thread: until nothing waits

    Run run_;
    std::function<void(const TimelineSample&)> onWritten_;
    std::function<void(const std::string&)> onError_;
    int validations_ = 0;  // validated()'s caller only
    std::thread thread_;
    std::mutex mutex_;
    std::int64_t pendingStep_ = 0;                  // guarded by mutex_
    std::unique_ptr<model::Transformer> pending_;   // guarded by mutex_
    bool busy_ = false;                             // guarded by mutex_
};

}  // namespace mozart::generate
