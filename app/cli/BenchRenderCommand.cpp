#include "cli/BenchRenderCommand.h"

#include <CLI/CLI.hpp>
#include <sndfile.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <mutex>
#include <filesystem>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audio/Renderer.h"
#include "cli/InputFiles.h"
#include "data/ParallelFor.h"
#include "cli/SynthPool.h"
#include "midi/SmfReader.h"

extern char** environ;

namespace fs = std::filesystem;

namespace mozart::cli {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double cpuSeconds(const rusage& r) {
    return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

double processCpuSeconds() {
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return cpuSeconds(r);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double audioSeconds(const std::string& path) {
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    if (!f) return 0.0;
    sf_close(f);
    return info.samplerate > 0 ? double(info.frames) / info.samplerate : 0.0;
}

// Runs the fluidsynth command line quietly; false when it cannot be started or fails. `cpu` gets
// the CPU time it used.
bool runFluidsynth(const std::vector<std::string>& args, double* cpu) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return false;
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    *cpu = cpuSeconds(usage);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct Timed {
    double seconds = 0;  // wall time
    double cpu = 0;      // CPU time: the fairer figure on a machine others are using too
    double audio = 0;    // seconds of audio produced
};

// Loads the SoundFont and renders, as `mozart render` does for one file.
Timed renderOurs(const midi::Score& score, const audio::RenderSettings& settings, const std::string& out) {
    const auto start = Clock::now();
    const double cpuStart = processCpuSeconds();
    audio::RenderTask task(score, out, settings);
    const auto result = task.run();
    Timed t;
    t.seconds = since(start);
    t.cpu = processCpuSeconds() - cpuStart;
    t.audio = result.ok ? result.seconds : 0.0;
    if (!result.ok) std::fprintf(stderr, "mozart bench render: %s\n", result.error.c_str());
    return t;
}

// Renders every score on `threads` threads, one Synth (one SoundFont load) per thread.
Timed renderBatch(const std::vector<midi::Score>& scores, const audio::RenderSettings& settings,
                  const fs::path& dir, unsigned threads) {
    const auto start = Clock::now();
    const double cpuStart = processCpuSeconds();
    SynthPool pool(settings.synth);
    std::mutex mutex;
    data::parallelFor(scores.size(), threads, [&](std::size_t i) {
        std::string error;
        auto synth = pool.take(&error);
        audio::RenderResult result;
        if (synth) {
            audio::RenderTask task(scores[i], (dir / ("batch-" + std::to_string(i) + ".wav")).string(), settings);
            result = task.run(*synth);
            pool.give(std::move(synth));
            error = result.error;
        }
        if (!result.ok) {
            std::lock_guard<std::mutex> lock(mutex);
            std::fprintf(stderr, "mozart bench render: %s\n", error.c_str());
        }
    });
    Timed t;
    t.seconds = since(start);
    t.cpu = processCpuSeconds() - cpuStart;
    return t;
}

}  // namespace

CLI::App* addBenchRenderCommand(CLI::App& bench, BenchRenderOptions& o) {
    auto* cmd = bench.add_subcommand("render", "Time rendering against the fluidsynth command line, and on 1 vs all cores");
    cmd->add_option("inputs", o.inputs, "MIDI files or folders; the first file is compared with fluidsynth")
        ->required();
    addSynthOptions(*cmd, o.synth);
    cmd->add_option("--runs", o.runs, "Runs of each measurement (median reported)")->capture_default_str()
        ->check(CLI::Range(1, 50));
    cmd->add_option("--jobs,-j", o.jobs, "Threads for the parallel batch (default: every core)");
    return cmd;
}

int runBenchRender(const BenchRenderOptions& o) {
    std::vector<std::string> missing;
    const auto files = collectMidiFiles(o.inputs, &missing);
    if (files.empty()) {
        std::fprintf(stderr, "mozart bench render: no MIDI files found\n");
        return 1;
    }
    std::vector<midi::Score> scores;
    for (const auto& f : files) {
        auto r = midi::SmfReader::readFile(f.path);
        if (r.ok())
            scores.push_back(std::move(*r.score));
        else
            std::fprintf(stderr, "mozart bench render: skipped %s\n", r.error ? r.error->toString().c_str() : f.path.c_str());
    }
    if (scores.empty()) return 1;
    audio::RenderSettings settings;
    settings.synth = o.synth.resolved();
    settings.tailSeconds = 0.0;  // fluidsynth's file renderer stops at the last event
    settings.overwrite = true;
    settings.file.bitDepth = 16;  // fluidsynth writes 16-bit WAV by default
    if (std::string problem = audio::checkSoundFont(settings.synth.soundFontPath()); !problem.empty()) {
        std::fprintf(stderr, "mozart bench render: %s\n", problem.c_str());
        return 1;
    }
    char dirTemplate[] = "/tmp/mozart-bench-render-XXXXXX";
    if (!mkdtemp(dirTemplate)) {
        std::perror("mozart bench render: mkdtemp");
        return 1;
    }
    const fs::path dir(dirTemplate);
    const std::string sf2 = settings.synth.soundFontPath();
    const auto& s = settings.synth;
    char gain[32], rate[32];
    std::snprintf(gain, sizeof gain, "%g", s.gain);
    std::snprintf(rate, sizeof rate, "%g", s.sampleRate);

    // 1. One file: ours vs the fluidsynth command line, SoundFont load included in both.
    std::printf("mozart bench render: %s, %g Hz, gain %s, reverb %s, chorus %s, 16-bit WAV, median of %d\n",
                files[0].path.c_str(), s.sampleRate, gain, s.reverb ? "on" : "off", s.chorus ? "on" : "off", o.runs);
    std::vector<double> ours, theirs, oursCpu, theirsCpu;
    Timed our, their;
    for (int i = 0; i < o.runs; ++i) {
        our = renderOurs(scores[0], settings, (dir / "ours.wav").string());
        ours.push_back(our.seconds);
        oursCpu.push_back(our.cpu);
        const std::string theirFile = (dir / "fluidsynth.wav").string();
        const auto start = Clock::now();
        const bool ok = runFluidsynth({"fluidsynth", "-ni", "-q", "-F", theirFile, "-r", rate, "-g", gain,
                                       "-R", s.reverb ? "1" : "0", "-C", s.chorus ? "1" : "0", "-T", "wav",
                                       "-O", "s16", sf2, files[0].path}, &their.cpu);
        if (!ok) {
            theirs.clear();
            break;
        }
        theirs.push_back(since(start));
        theirsCpu.push_back(their.cpu);
        their.audio = audioSeconds(theirFile);
    }
    const double ourTime = median(ours), ourCpu = median(oursCpu);
    std::printf("  mozart render:      %7.3f s wall, %7.3f s CPU for %6.1f s of audio (%6.1fx real time)\n", ourTime,
                ourCpu, our.audio, our.audio / ourTime);
    if (theirs.empty() || their.audio <= 0) {
        std::printf("  fluidsynth CLI:     not run (install the Debian package fluidsynth)\n");
    } else {
        const double theirTime = median(theirs), theirCpu = median(theirsCpu);
        std::printf("  fluidsynth -F:      %7.3f s wall, %7.3f s CPU for %6.1f s of audio (%6.1fx real time)\n",
                    theirTime, theirCpu, their.audio, their.audio / theirTime);
        std::printf("  speed ratio (ours / fluidsynth, audio seconds per second): %.2f wall, %.2f CPU (goal >= 0.95)\n",
                    (our.audio / ourTime) / (their.audio / theirTime), (our.audio / ourCpu) / (their.audio / theirCpu));
    }

    // 2. The batch: every file on one thread, then on every core, one synth per thread. With files of
    // very different lengths the longest one bounds the parallel time, so the same measurement is
    // also made on a balanced batch: the first file 2 x threads times.
    const unsigned threads = o.jobs ? o.jobs : data::defaultThreadCount();
    auto measureBatch = [&](const std::vector<midi::Score>& batch, const std::string& what) {
        std::vector<double> single, parallel, singleCpu, parallelCpu;
        for (int i = 0; i < o.runs; ++i) {
            const Timed one = renderBatch(batch, settings, dir, 1);
            const Timed many = renderBatch(batch, settings, dir, threads);
            single.push_back(one.seconds);
            singleCpu.push_back(one.cpu);
            parallel.push_back(many.seconds);
            parallelCpu.push_back(many.cpu);
        }
        const double t1 = median(single), tn = median(parallel);
        std::printf("%s: 1 thread %.3f s (%.3f s CPU), %u threads %.3f s (%.3f s CPU, %.2f cores busy): "
                    "%.2fx (goal >= 1.8x on 2 cores)\n",
                    what.c_str(), t1, median(singleCpu), threads, tn, median(parallelCpu), median(parallelCpu) / tn,
                    t1 / tn);
    };
    measureBatch(scores, "batch of " + std::to_string(scores.size()) + " files");
    if (threads > 1) {
        measureBatch(std::vector<midi::Score>(2 * threads, scores[0]),
                     "balanced batch (first file x " + std::to_string(2 * threads) + ")");
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    return 0;
}

}  // namespace mozart::cli
