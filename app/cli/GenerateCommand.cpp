#include "cli/GenerateCommand.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <sstream>
#include <unistd.h>

#include "audio/Renderer.h"
#include "generate/Generator.h"
#include "generate/PieceAssembly.h"
#include "generate/PromptBuilder.h"
#include "generate/Recipe.h"
#include "io/AtomicFile.h"
#include "midi/GeneralMidi.h"
#include "midi/SmfReader.h"
#include "midi/SmfWriter.h"
#include "model/CpuRuntime.h"
#include "model/ModelFile.h"
#include "remi/RemiTokenizer.h"

namespace fs = std::filesystem;

namespace mozart::cli {

namespace {

std::atomic<generate::Generator*> activeGenerator{nullptr};

extern "C" void cancelOnSignal(int) {
    if (auto* g = activeGenerator.load()) g->cancel();
}

bool parseRange(const std::string& text, int* lo, int* hi) {
    const auto dash = text.find('-', 1);
    if (dash == std::string::npos) return false;
    try {
        std::size_t a = 0, b = 0;
        *lo = std::stoi(text.substr(0, dash), &a);
        *hi = std::stoi(text.substr(dash + 1), &b);
        return a == dash && b == text.size() - dash - 1;
    } catch (const std::exception&) {
        return false;
    }
}

// FILE.mid -> FILE-<n>.mid for variations (n from 1); any path -> its .json recipe beside it.
std::string numbered(const std::string& path, int n, int count) {
    if (count <= 1) return path;
    fs::path p(path);
    return (p.parent_path() / (p.stem().string() + "-" + std::to_string(n) + p.extension().string())).string();
}

std::string recipePath(const std::string& midiPath) { return fs::path(midiPath).replace_extension(".json").string(); }

int usage(const std::string& message) {
    std::fprintf(stderr, "mozart generate: %s\n", message.c_str());
    return 2;
}

// Fills the settings from the command line's text options; empty string on success.
std::string resolveOptions(const GenerateOptions& o, generate::GenerationSettings& s) {
    s = o.settings;
    s.grammar = !o.noGrammar;
    s.sampling.seed = o.seed ? *o.seed : std::random_device{}() * 0x100000000ull + std::random_device{}();
    if (!o.timeSignature.empty()) {
        if (std::sscanf(o.timeSignature.c_str(), "%d/%d", &s.prompt.timeSigNumerator, &s.prompt.timeSigDenominator) != 2) {
            return "--time-signature takes N/D, e.g. 3/4";
        }
    }
    if (!o.key.empty()) {
        std::string key = o.key;
        if (key.size() > 1 && key.back() == 'm') {
            key.pop_back();
            if (s.constraints.scale.empty()) s.constraints.scale = "minor";
        }
        s.constraints.keyRoot = generate::pitchClassFromName(key);
        if (s.constraints.keyRoot < 0) return "--key takes a note name such as C, F#, Bb or Am";
        if (s.constraints.scale.empty()) s.constraints.scale = "major";
    } else if (!s.constraints.scale.empty()) {
        return "--scale needs --key";
    }
    if (!o.pitchRange.empty() && !parseRange(o.pitchRange, &s.constraints.pitchLow, &s.constraints.pitchHigh)) {
        return "--pitch-range takes LO-HI MIDI pitches, e.g. 48-84";
    }
    if (!o.density.empty() &&
        !parseRange(o.density, &s.constraints.minNotesPerBar, &s.constraints.maxNotesPerBar)) {
        return "--density takes MIN-MAX notes per bar, e.g. 4-16";
    }
    if (!o.instruments.empty()) {
        std::stringstream in(o.instruments);
        std::string item;
        while (std::getline(in, item, ',')) {
            try {
                s.constraints.programs.push_back(std::stoi(item));
            } catch (const std::exception&) {
                return "--instruments takes program numbers separated by commas (-1 = drums)";
            }
        }
    }
    if (!s.prompt.midiFile.empty()) s.prompt.midiFile = fs::absolute(s.prompt.midiFile).string();
    return generate::validate(s);
}

}  // namespace

CLI::App* addGenerateCommand(CLI::App& app, GenerateOptions& o) {
    auto* cmd = app.add_subcommand("generate", "Generate new pieces with a trained model");
    auto& s = o.settings;
    cmd->add_option("--model,-m", o.model, "Model file (a checkpoint's model.safetensors)");
    cmd->add_option("--recipe", o.recipe, "Make the piece of this recipe (.json) again");
    cmd->add_option("--out,-o", o.out, "MIDI file to write (variations: FILE-1.mid, FILE-2.mid ...)");
    cmd->add_option("--bars", s.length.bars, "Length in bars (default 16)")->check(CLI::Range(1, 100000));
    cmd->add_option("--seconds", s.length.seconds, "Length in seconds")->check(CLI::PositiveNumber);
    cmd->add_option("--tokens", s.length.tokens, "Length in tokens")->check(CLI::Range(1, 10000000));
    cmd->add_option("--temperature,-t", s.sampling.temperature, "Sampling temperature")->capture_default_str();
    cmd->add_option("--top-k", s.sampling.topK, "Sample among the k likeliest tokens (0: all)")->capture_default_str();
    cmd->add_option("--top-p", s.sampling.topP, "Nucleus sampling mass (1: off)")->capture_default_str();
    cmd->add_option("--seed", o.seed, "Random seed (default: a random one, recorded in the recipe)");
    cmd->add_option("--composer", s.prompt.composer, "Composer/style label of a conditioned model");
    cmd->add_option("--tempo", s.prompt.tempo, "Tempo in quarter notes per minute");
    cmd->add_option("--time-signature", o.timeSignature, "Time signature N/D");
    cmd->add_option("--program", s.prompt.program, "Instrument to start with (GM program 0-127, -1 drums)");
    cmd->add_option("--key", o.key, "Key: pitches outside its scale are excluded (C, F#, Bb, Am ...)");
    cmd->add_option("--scale", s.constraints.scale,
                    "major, minor, harmonic-minor, dorian, mixolydian, pentatonic, minor-pentatonic, blues, chromatic");
    cmd->add_option("--pitch-range", o.pitchRange, "Lowest-highest MIDI pitch, e.g. 48-84");
    cmd->add_option("--density", o.density, "Notes per bar MIN-MAX, e.g. 4-16");
    cmd->add_option("--instruments", o.instruments, "Programs allowed to play, e.g. 0,40 (-1 drums)");
    cmd->add_option("--prompt", s.prompt.midiFile, "MIDI file to continue")->check(CLI::ExistingFile);
    cmd->add_option("--prompt-bars", s.prompt.lastBars, "Continue only its last N bars");
    cmd->add_option("--regenerate-from-bar", s.prompt.regenerateFromBar,
                    "Keep bars before K of the prompt file, write the rest anew");
    cmd->add_option("--variations,-n", s.variations, "Pieces generated together")->check(CLI::Range(1, 64));
    cmd->add_flag("--no-grammar", o.noGrammar, "Sample without the REMI grammar mask (to measure its effect)");
    cmd->add_option("--threads", s.threads, "Compute threads (default 1: fastest in mozart bench generate)");
    cmd->add_option("--wav", o.wav, "Also render to this WAV file");
    cmd->add_option("--flac", o.flac, "Also render to this FLAC file");
    cmd->add_option("--ogg", o.ogg, "Also render to this Ogg Vorbis file");
    addSynthOptions(*cmd, o.synth);
    cmd->add_flag("--force,-f", o.force, "Overwrite existing output files");
    cmd->add_flag("--verbose,-v", o.verbose, "Print notes as they come even when stdout is not a terminal");
    return cmd;
}

int runGenerate(const GenerateOptions& o) {
    if (o.out.empty()) return usage("say where to write: --out FILE.mid");
    generate::GenerationSettings settings;
    std::string modelPath = o.model;
    int onlyVariation = -1;
    std::string expectedCheckpoint;
    if (!o.recipe.empty()) {
        std::string text, error;
        if (!io::readWholeFile(o.recipe, &text, &error)) return std::fprintf(stderr, "error: %s\n", error.c_str()), 1;
        auto recipe = generate::parseRecipe(text, &error);
        if (!recipe) return std::fprintf(stderr, "error: %s: %s\n", o.recipe.c_str(), error.c_str()), 1;
        settings = recipe->settings;
        onlyVariation = recipe->variation;
        expectedCheckpoint = recipe->checkpointId;
        if (modelPath.empty()) modelPath = recipe->modelFile;
    } else {
        if (std::string problem = resolveOptions(o, settings); !problem.empty()) return usage(problem);
    }
    if (modelPath.empty()) return usage("say which model to use: --model FILE");

    const int outputs = onlyVariation >= 0 ? 1 : settings.variations;
    std::vector<std::string> midiPaths, audioPaths;
    const std::string audioBase = !o.wav.empty() ? o.wav : !o.flac.empty() ? o.flac : o.ogg;
    for (int i = 0; i < outputs; ++i) {
        midiPaths.push_back(numbered(o.out, i + 1, outputs));
        if (!audioBase.empty()) audioPaths.push_back(numbered(audioBase, i + 1, outputs));
    }
    if (!o.force) {
        std::vector<std::string> all = midiPaths;
        for (const auto& p : midiPaths) all.push_back(recipePath(p));
        all.insert(all.end(), audioPaths.begin(), audioPaths.end());
        for (const auto& p : all) {
            std::error_code ec;
            if (fs::exists(p, ec)) {
                std::fprintf(stderr, "error: %s: already exists (--force overwrites it)\n", p.c_str());
                return 1;
            }
        }
    }

    std::string error;
    const std::string checkpointId = generate::fileSha256(modelPath, &error);
    if (checkpointId.empty()) return std::fprintf(stderr, "error: %s\n", error.c_str()), 1;
    if (!expectedCheckpoint.empty() && checkpointId != expectedCheckpoint) {
        std::fprintf(stderr, "error: %s is not the model of recipe %s (checkpoint %s, recipe wants %s)\n",
                     modelPath.c_str(), o.recipe.c_str(), checkpointId.substr(0, 12).c_str(),
                     expectedCheckpoint.substr(0, 12).c_str());
        return 1;
    }
    auto loaded = model::ModelFile::load(modelPath);
    if (!loaded) return std::fprintf(stderr, "error: %s\n", loaded.error->toString().c_str()), 1;
    auto tokenizerConfig = remi::TokenizerConfig::fromMidiTokJson(loaded.info.tokenizerConfig, &error);
    if (!tokenizerConfig) {
        std::fprintf(stderr, "error: %s: the model's tokenizer configuration is unusable: %s\n", modelPath.c_str(),
                     error.c_str());
        return 1;
    }
    const remi::RemiTokenizer tokenizer(*tokenizerConfig);
    model::Transformer& net = *loaded.model;
    const auto& config = net.config();

    generate::GenerationRequest request;
    if (!settings.prompt.composer.empty()) {
        if (!config.conditioned()) {
            std::fprintf(stderr, "error: %s has no composer labels; leave out --composer\n", modelPath.c_str());
            return 1;
        }
        const auto& names = loaded.info.labels;
        auto it = std::find(names.begin(), names.end(), settings.prompt.composer);
        if (it != names.end()) {
            request.label = it - names.begin();
        } else {
            char* end = nullptr;
            const long n = std::strtol(settings.prompt.composer.c_str(), &end, 10);
            if (*end != '\0' || n < 0 || n >= config.conditioningLabels) {
                std::string known;
                for (const auto& name : names) known += (known.empty() ? "" : ", ") + name;
                std::fprintf(stderr, "error: unknown composer '%s' (the model knows: %s)\n",
                             settings.prompt.composer.c_str(), known.empty() ? "labels 0.." : known.c_str());
                return 1;
            }
            request.label = n;
        }
    }

    std::optional<midi::Score> promptScore;
    if (!settings.prompt.midiFile.empty()) {
        auto read = midi::SmfReader::readFile(settings.prompt.midiFile);
        if (!read.ok()) {
            std::fprintf(stderr, "error: %s\n", read.error ? read.error->toString().c_str() : settings.prompt.midiFile.c_str());
            return 1;
        }
        promptScore = std::move(*read.score);
        const std::string sha = generate::fileSha256(settings.prompt.midiFile, &error);
        if (!settings.prompt.midiSha256.empty() && sha != settings.prompt.midiSha256) {
            std::fprintf(stderr, "error: %s has changed since the recipe was written\n", settings.prompt.midiFile.c_str());
            return 1;
        }
        settings.prompt.midiSha256 = sha;
    }
    generate::Generator generator(net, tokenizer);
    const generate::Prompt prompt =
        generate::buildPrompt(tokenizer, generator.grammar(), settings.prompt, promptScore ? &*promptScore : nullptr);
    if (!prompt.error.empty()) {
        std::fprintf(stderr, "error: %s%s\n", settings.prompt.midiFile.empty() ? "" : (settings.prompt.midiFile + ": ").c_str(),
                     prompt.error.c_str());
        return 1;
    }
    request.settings = settings;
    request.prompt = prompt.ids;
    request.promptOpensNewBar = prompt.opensNewBar;
    request.tempoMicros = prompt.tempoMicros;

    // Decoding a few rows is bandwidth- and overhead-bound: one thread was fastest for one piece and for
    // a batch of four in `mozart bench generate` on two cores.
    model::setComputeThreads(settings.threads > 0 ? settings.threads : 1);
    net.setDecodeBf16(settings.variations == 1);

    const bool show = o.verbose || isatty(STDOUT_FILENO);
    std::mutex printing;
    if (show) {
        generator.setNoteCallback([&](const generate::GeneratedNote& n) {
            if (onlyVariation >= 0 && n.variation != onlyVariation) return;
            std::lock_guard<std::mutex> lock(printing);
            std::printf("%s%7.2f s  %-4s vel %3d  %5.2f beats  %s\n",
                        outputs > 1 ? ("[" + std::to_string(n.variation + 1) + "] ").c_str() : "", n.seconds,
                        midi::noteName(n.note.pitch).c_str(), int(n.note.velocity),
                        double(n.note.duration) / generator.grammar().table().timing().ticksPerQuarter,
                        midi::programName(n.program < 0 ? 0 : n.program, n.program < 0).c_str());
            std::fflush(stdout);
        });
    }
    activeGenerator.store(&generator);
    auto previous = std::signal(SIGINT, cancelOnSignal);
    generator.start(request);
    const generate::GenerationResult result = generator.wait();
    std::signal(SIGINT, previous);
    activeGenerator.store(nullptr);
    if (!result.error.empty()) return std::fprintf(stderr, "error: %s\n", result.error.c_str()), 1;
    if (result.cancelled) std::fprintf(stderr, "mozart generate: stopped; writing what was generated\n");

    int failed = 0;
    for (int i = 0; i < outputs; ++i) {
        const int v = onlyVariation >= 0 ? onlyVariation : i;
        const auto& seq = result.sequences[static_cast<std::size_t>(v)];
        generate::Recipe recipe;
        recipe.checkpointId = checkpointId;
        recipe.modelFile = fs::absolute(modelPath).string();
        recipe.settings = settings;
        recipe.variation = v;
        midi::Score score =
            promptScore ? generate::assembleOntoPrompt(*promptScore, prompt, seq.newNotes,
                                                       generator.grammar().table().timing().ticksPerQuarter)
                        : generate::sequenceToScore(tokenizer, seq.ids, settings.prompt.program.value_or(0),
                                                    prompt.outputTempoMicros);
        score.texts.push_back(midi::TextEvent{0, midi::TextEvent::Kind::Text,
                                              generate::Recipe::kMidiTextPrefix + generate::toJson(recipe, -1)});
        const auto bytes = midi::SmfWriter::encode(score);
        const std::string json = generate::toJson(recipe) + "\n";
        if (!io::writeFileAtomically(midiPaths[i], bytes.data(), bytes.size(), &error) ||
            !io::writeFileAtomically(recipePath(midiPaths[i]), json, &error)) {
            std::fprintf(stderr, "error: %s\n", error.c_str());
            ++failed;
            continue;
        }
        std::printf("wrote %s (%d bars, %d notes, %.1f s; recipe %s)\n", midiPaths[i].c_str(), seq.bars,
                    int(score.noteCount()), seq.seconds, recipePath(midiPaths[i]).c_str());
        if (o.noGrammar || !settings.grammar) {
            const std::size_t generated = seq.ids.size() - seq.promptLength;
            std::printf("  grammar errors: %d of %zu generated tokens (%.1f%%)\n", seq.grammarErrors, generated,
                        generated ? 100.0 * seq.grammarErrors / double(generated) : 0.0);
        }
        if (!audioPaths.empty()) {
            audio::RenderSettings rs;
            rs.synth = o.synth.resolved();
            rs.overwrite = o.force;
            audio::RenderTask task(score, audioPaths[i], rs);
            const auto rendered = task.run();
            if (!rendered.ok) {
                std::fprintf(stderr, "error: %s\n", rendered.error.c_str());
                ++failed;
            } else {
                std::printf("wrote %s (%.1f s of audio)\n", rendered.path.c_str(), rendered.seconds);
            }
        }
    }
    return failed ? 1 : 0;
}

}  // namespace mozart::cli
