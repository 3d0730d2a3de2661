#include "cli/RenderCommand.h"

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "audio/Renderer.h"
#include "cli/InputFiles.h"
#include "data/ParallelFor.h"
#include "cli/SynthPool.h"
#include "cli/TerminalProgress.h"
#include "midi/SmfReader.h"

namespace fs = std::filesystem;

namespace mozart::cli {

namespace {

std::string decibels(float peak) {
    if (peak <= 0.0f) return "silent";
    char text[32];
    std::snprintf(text, sizeof text, "peak %.1f dBFS", 20.0 * std::log10(double(peak)));
    return text;
}

}  // namespace

CLI::App* addRenderCommand(CLI::App& app, RenderOptions& o) {
    auto* cmd = app.add_subcommand("render", "Render MIDI files to WAV, FLAC or Ogg Vorbis with FluidSynth");
    cmd->add_option("inputs", o.inputs, "MIDI files or folders (searched recursively)")->required();
    auto* out = cmd->add_option("--out,-o", o.out, "Output file (.wav, .flac, .ogg) for a single input");
    auto* outDir = cmd->add_option("--out-dir", o.outDir, "Output folder for several inputs");
    out->excludes(outDir);
    cmd->add_option("--format", o.format, "wav, flac or ogg (with --out-dir; default wav)")
        ->check(CLI::IsMember({"wav", "flac", "ogg"}));
    addSynthOptions(*cmd, o.synth);
    cmd->add_option("--bit-depth", o.bitDepth, "16 or 24 (WAV, FLAC)")->capture_default_str()
        ->check(CLI::IsMember({16, 24}));
    cmd->add_option("--quality,-q", o.quality, "Ogg Vorbis quality, 0 (small) .. 10 (best)")
        ->capture_default_str()->check(CLI::Range(0.0, 10.0));
    cmd->add_flag("--normalize", o.normalize, "Scale so the loudest sample peaks at -1 dBFS");
    cmd->add_option("--tail", o.tail, "Seconds rendered after the last note (release, reverb)")
        ->capture_default_str()->check(CLI::Range(0.0, 60.0));
    cmd->add_option("--start", o.start, "Start of a range to render, in seconds")->check(CLI::NonNegativeNumber);
    cmd->add_option("--end", o.end, "End of a range to render, in seconds")->check(CLI::NonNegativeNumber);
    cmd->add_flag("--force,-f", o.force, "Overwrite existing output files");
    cmd->add_option("--jobs,-j", o.jobs, "Files rendered at once (default: every core)");
    return cmd;
}

int runRender(const RenderOptions& o) {
    std::vector<std::string> missing;
    const auto files = collectMidiFiles(o.inputs, &missing);
    for (const auto& m : missing) std::fprintf(stderr, "error: %s: no such file or folder\n", m.c_str());
    if (files.empty()) {
        std::fprintf(stderr, "mozart render: no MIDI files to render\n");
        return missing.empty() ? 2 : 1;
    }
    if (o.out.empty() && o.outDir.empty()) {
        std::fprintf(stderr, "mozart render: say where to write: --out FILE or --out-dir DIR\n");
        return 2;
    }
    if (!o.out.empty() && (files.size() != 1 || !missing.empty())) {
        std::fprintf(stderr, "mozart render: --out takes a single input; use --out-dir DIR for %zu files\n",
                     files.size() + missing.size());
        return 2;
    }
    audio::RenderSettings settings;
    settings.synth = o.synth.resolved();
    settings.file.bitDepth = o.bitDepth;
    settings.file.vorbisQuality = o.quality / 10.0;
    settings.normalize = o.normalize;
    settings.tailSeconds = o.tail;
    settings.startSeconds = o.start;
    settings.endSeconds = o.end;
    settings.overwrite = o.force;
    if (!o.out.empty() && audio::formatFromPath(o.out) == audio::AudioFormat::Auto) {
        std::fprintf(stderr, "mozart render: %s: unknown audio format (use a .wav, .flac or .ogg file name)\n",
                     o.out.c_str());
        return 2;
    }
    const std::string soundFont = settings.synth.soundFontPath();
    if (std::string problem = audio::checkSoundFont(soundFont); !problem.empty()) {
        std::fprintf(stderr, "mozart render: %s\n", problem.c_str());
        return 1;
    }

    std::vector<std::string> targets(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (!o.out.empty()) {
            targets[i] = o.out;
        } else {
            const auto format = o.format == "flac" ? audio::AudioFormat::Flac
                              : o.format == "ogg"  ? audio::AudioFormat::Ogg
                                                   : audio::AudioFormat::Wav;
            targets[i] = (fs::path(o.outDir) / fs::path(files[i].relativePath).replace_extension(
                                                   audio::formatExtension(format))).string();
        }
    }

    std::vector<std::string> errors(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::error_code ec;
        if (!o.force && fs::exists(targets[i], ec))
            errors[i] = targets[i] + ": already exists (--force overwrites it)";
    }

    SynthPool pool(settings.synth);
    std::vector<std::string> done(files.size());
    TerminalProgress progress("render", files.size());
    data::parallelFor(files.size(), o.jobs ? o.jobs : data::defaultThreadCount(), [&](std::size_t i) {
        if (!errors[i].empty()) {
            progress.message("error: " + errors[i]);
            progress.advance(files[i].relativePath);
            return;
        }
        const auto read = midi::SmfReader::readFile(files[i].path);
        if (!read.ok()) {
            errors[i] = read.error ? read.error->toString() : files[i].path + ": unreadable";
        } else {
            std::error_code ec;
            const fs::path parent = fs::path(targets[i]).parent_path();
            if (!parent.empty()) fs::create_directories(parent, ec);
            std::string error;
            auto synth = pool.take(&error);
            if (!synth) {
                errors[i] = error;
            } else {
                audio::RenderTask task(*read.score, targets[i], settings);
                const auto result = task.run(*synth);
                pool.give(std::move(synth));
                if (!result.ok)
                    errors[i] = result.error;
                else
                    done[i] = result.path + " (" + std::to_string(int(std::lround(result.seconds))) + " s, " +
                              decibels(result.peak) + ")";
            }
        }
        if (!errors[i].empty()) progress.message("error: " + errors[i]);
        progress.advance(files[i].relativePath);
    });
    progress.finish();

    std::size_t failed = missing.size();
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (errors[i].empty())
            std::printf("wrote %s\n", done[i].c_str());
        else
            ++failed;
    }
    if (failed) std::printf("%zu of %zu inputs failed\n", failed, files.size() + missing.size());
    return failed ? 1 : 0;
}

}  // namespace mozart::cli
