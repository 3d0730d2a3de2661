#include "audio/Renderer.h"

#include <algorithm>
#include <cmath>
#include <sys/stat.h>

#include "audio/EventSchedule.h"

namespace mozart::audio {

namespace {

// Frames per step between cancel checks and progress reports; events inside a block are still
// applied at their own frame.
constexpr std::int64_t kBlockFrames = 4096;
// Share of the progress bar given to rendering when normalization writes the file afterwards.
constexpr double kRenderShareWhenNormalizing = 0.8;

float peakOf(const float* samples, std::size_t count) {
    float peak = 0.0f;
    for (std::size_t i = 0; i < count; ++i) peak = std::max(peak, std::fabs(samples[i]));
    return peak;
}

bool fileExists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

RenderTask::RenderTask(midi::Score score, std::string outputPath, RenderSettings settings)
    : score_(std::move(score)), path_(std::move(outputPath)), settings_(std::move(settings)) {}

void RenderTask::report(double fraction) {
    progress_.store(fraction, std::memory_order_relaxed);
    const int percent = int(fraction * 100.0);
    if (percent != lastPercent_) {
        lastPercent_ = percent;
        if (onProgress_) onProgress_(fraction);
    }
}

RenderResult RenderTask::run() {
    RenderResult result;
    result.path = path_;
    if (cancel_.load()) {
        result.cancelled = true;
        result.error = path_ + ": render cancelled";
        return result;
    }
    std::string error;
    auto synth = Synth::create(settings_.synth, Synth::Use::Offline, &error);
    if (!synth) {
        result.error = error;
        return result;
    }
    return run(*synth);
}

RenderResult RenderTask::run(Synth& synth) {
    RenderResult result;
    result.path = path_;
    if (!settings_.overwrite && fileExists(path_)) {
        result.error = path_ + ": already exists; not overwritten";
        return result;
    }
    AudioFileSettings fileSettings = settings_.file;
    fileSettings.sampleRate = int(std::lround(synth.sampleRate()));
    fileSettings.channels = 2;
    AudioFileWriter writer;
    std::string error;
    if (!writer.open(path_, fileSettings, &error)) {
        result.error = error;
        return result;
    }
    std::int64_t total = 0;
    float peak = 0.0f;
    if (!settings_.normalize) {
        result = render(synth, [&](const float* data, std::int64_t frames, std::string* err) {
            peak = std::max(peak, peakOf(data, std::size_t(frames) * 2));
            return writer.write(data, frames, err);
        }, &total);
    } else {
        std::vector<float> audio;
        result = render(synth, [&](const float* data, std::int64_t frames, std::string*) {
            audio.insert(audio.end(), data, data + frames * 2);
            return true;
        }, &total);
        if (result.ok) {
            peak = peakOf(audio.data(), audio.size());
            const float target = float(std::pow(10.0, std::min(0.0, settings_.normalizePeakDb) / 20.0));
            const float scale = peak > 0.0f ? target / peak : 1.0f;
            for (float& s : audio) s *= scale;
            peak *= scale;
            const std::int64_t frames = std::int64_t(audio.size() / 2);
            for (std::int64_t pos = 0; pos < frames && result.ok; pos += kBlockFrames) {
                if (cancel_.load(std::memory_order_relaxed)) {
                    result.ok = false;
                    result.cancelled = true;
                    result.error = path_ + ": render cancelled";
                    break;
                }
                const std::int64_t n = std::min(kBlockFrames, frames - pos);
                if (!writer.write(audio.data() + pos * 2, n, &error)) {
                    result.ok = false;
                    result.error = error;
                }
                report(std::min(0.99, kRenderShareWhenNormalizing +
                                          (1.0 - kRenderShareWhenNormalizing) * double(pos + n) / double(frames)));
            }
        }
    }
    result.path = path_;
    if (!result.ok) {
        writer.abort();
        return result;
    }
    if (!writer.commit(&error)) {
        result.ok = false;
        result.error = error;
        return result;
    }
    result.frames = total;
    result.seconds = double(total) / synth.sampleRate();
    result.peak = peak;
    report(1.0);
    return result;
}

RenderResult RenderTask::runToBuffer(Synth& synth, std::vector<float>* interleaved) {
    interleaved->clear();
    std::int64_t total = 0;
    RenderResult result = render(synth, [&](const float* data, std::int64_t frames, std::string*) {
        interleaved->insert(interleaved->end(), data, data + frames * 2);
        return true;
    }, &total);
    if (!result.ok) return result;
    result.frames = total;
    result.seconds = double(total) / synth.sampleRate();
    result.peak = peakOf(interleaved->data(), interleaved->size());
    report(1.0);
    return result;
}

RenderResult RenderTask::render(Synth& synth, const FrameSink& sink, std::int64_t* totalFrames) {
    RenderResult result;
    result.path = path_;
    lastPercent_ = -1;
    progress_.store(0.0, std::memory_order_relaxed);
    auto cancelled = [&] {
        if (!cancel_.load(std::memory_order_relaxed)) return false;
        result.cancelled = true;
        result.error = path_ + ": render cancelled";
        return true;
    };
    if (cancelled()) return result;

    const EventSchedule schedule(score_, synth.sampleRate());
    const std::int64_t start = std::max<std::int64_t>(0, schedule.toFrame(std::max(0.0, settings_.startSeconds)));
    std::int64_t end = settings_.endSeconds < 0 ? schedule.endFrame() : schedule.toFrame(settings_.endSeconds);
    if (end <= start && !(settings_.endSeconds < 0 && start == 0)) {
        result.error = path_ + ": the range to render is empty (" + std::to_string(settings_.startSeconds) +
                       " s to " + std::to_string(settings_.endSeconds < 0 ? double(end) / synth.sampleRate()
                                                                          : settings_.endSeconds) + " s)";
        return result;
    }
    end = std::max(end, start);
    const std::int64_t tail = std::max<std::int64_t>(0, std::llround(std::max(0.0, settings_.tailSeconds) * synth.sampleRate()));
    const std::int64_t total = (end - start) + tail;
    const double renderShare = settings_.normalize ? kRenderShareWhenNormalizing : 0.99;

    synth.reset();  // also drops what an earlier render left in FluidSynth's buffers
    for (const auto& e : schedule.stateBefore(start)) synth.apply(e);
    const auto& events = schedule.events();
    std::size_t next = schedule.firstAtOrAfter(start);
    std::vector<float> block(std::size_t(kBlockFrames) * 2);
    std::string error;

    auto emit = [&](std::int64_t pos, std::int64_t frames) {
        if (!sink(block.data(), frames, &error)) {
            result.error = error;
            return false;
        }
        report(renderShare * double(pos + frames - start) / double(std::max<std::int64_t>(1, total)));
        return true;
    };

    for (std::int64_t pos = start; pos < end; pos += kBlockFrames) {
        if (cancelled()) return result;
        const std::int64_t blockEnd = std::min(pos + kBlockFrames, end);
        std::int64_t cursor = pos;
        while (next < events.size() && events[next].frame < blockEnd) {
            const std::int64_t at = std::max(events[next].frame, cursor);
            if (at > cursor) {
                synth.renderInterleaved(block.data() + (cursor - pos) * 2, int(at - cursor));
                cursor = at;
            }
            synth.apply(events[next++]);
        }
        if (blockEnd > cursor) synth.renderInterleaved(block.data() + (cursor - pos) * 2, int(blockEnd - cursor));
        if (!emit(pos, blockEnd - pos)) return result;
    }
    // Events on the last frame (the final note-offs) end the music; none starts a note there.
    while (next < events.size() && events[next].frame <= end) {
        if (events[next].type != ScheduledEvent::Type::NoteOn) synth.apply(events[next]);
        ++next;
    }
    if (next < events.size()) synth.releaseAll();  // a range cut the music short

    for (std::int64_t done = 0; done < tail; done += kBlockFrames) {
        if (cancelled()) return result;
        const std::int64_t n = std::min(kBlockFrames, tail - done);
        synth.renderInterleaved(block.data(), int(n));
        if (!emit(end + done, n)) return result;
    }
    *totalFrames = total;
    result.ok = true;
    return result;
}

}  // namespace mozart::audio
