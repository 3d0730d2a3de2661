// SynthPool: synthesizers kept between files so that each worker thread loads the SoundFont
// once. A worker takes one, renders, gives it back; at most one per worker is ever made.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "audio/Synth.h"

namespace mozart::cli {

class SynthPool {
public:
    explicit SynthPool(audio::SynthSettings settings) : settings_(std::move(settings)) {}

    // Null with `error` when the SoundFont cannot be loaded.
    std::unique_ptr<audio::Synth> take(std::string* error) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!idle_.empty()) {
                auto s = std::move(idle_.back());
                idle_.pop_back();
                return s;
            }
        }
        return audio::Synth::create(settings_, audio::Synth::Use::Offline, error);
    }
    void give(std::unique_ptr<audio::Synth> synth) {
        std::lock_guard<std::mutex> lock(mutex_);
        idle_.push_back(std::move(synth));
    }

private:
    audio::SynthSettings settings_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<audio::Synth>> idle_;
};

}  // namespace mozart::cli
