#include "cli/GenerateCommand.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <mutex>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "audio/Renderer.h"
#include "generate/GenerationJob.h"
#include "generate/Generator.h"
#include "generate/ModelLocator.h"
#include "generate/Recipe.h"
#include "io/AtomicFile.h"
#include "midi/GeneralMidi.h"
#include "model/ModelFile.h"

namespace fs = std::filesystem;

namespace mozart::cli {

namespace {

std::atomic<generate::Generator*> activeGenerator{nullptr};

extern "C" void cancelOnSignal(int) {
    if (auto* g = activeGenerator.load()) g->cancel();
}

// FILE.mid -> FILE-<n>.mid for variations (n from 1).
std::string numbered(const std::string& path, int n, int count) {
    if (count <= 1) return path;
    fs::path p(path);
    return (p.parent_path() / (p.stem().string() + "-" + std::to_string(n) + p.extension().string())).string();
}

int usage(const std::string& message) {
    std::fprintf(stderr, "mozart generate: %s\n", message.c_str());
    return 2;
}
int fail(const std::string& message) {
    std::fprintf(stderr, "error: %s\n", message.c_str());
    return 1;
}

std::string executableDir() {
    std::error_code ec;
    const auto exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.parent_path().string();
}

// What the prompt line understood and did not, so a typo does not pass silently.
void reportPromptLine(const generate::PromptLine& line) {
    std::string understood, unknown;
    for (const auto& c : line.chips) understood += (understood.empty() ? "" : "; ") + c.label;
    for (const auto& w : line.unknownWords) unknown += (unknown.empty() ? "" : " ") + w;
    std::printf("prompt: understood %s\n", understood.empty() ? "nothing" : understood.c_str());
    if (!unknown.empty()) std::fprintf(stderr, "mozart generate: --prompt: not understood: %s\n", unknown.c_str());
    if (!line.warning.empty()) std::fprintf(stderr, "mozart generate: --prompt: %s\n", line.warning.c_str());
}

bool looksLikeMidiFile(const std::string& text) {
    std::error_code ec;
    const std::string ext = fs::path(text).extension().string();
    return fs::is_regular_file(text, ec) || ext == ".mid" || ext == ".midi" || ext == ".MID" || ext == ".kar";
}

}  // namespace

CLI::App* addGenerateCommand(CLI::App& app, GenerateOptions& o) {
    auto* cmd = app.add_subcommand("generate", "Generate new pieces with a trained model");
    auto& r = o.request;
    cmd->add_option("--model,-m", o.model,
                    "Model file, checkpoint folder or run folder (its best checkpoint); default: the bundled model");
    cmd->add_option("--recipe", o.recipe, "Make the piece of this recipe (.json) again");
    cmd->add_option("--out,-o", o.out, "MIDI file to write (variations: FILE-1.mid, FILE-2.mid ...)");
    cmd->add_option("--prompt,-p", r.promptText,
                    "What to write, in words: \"Mozart, 32 bars, 96 bpm, D minor, piano and strings, calm\"");
    cmd->add_option("--bars", r.bars, "Length in bars (default 16)")->check(CLI::Range(1, 100000));
    cmd->add_option("--seconds", r.seconds, "Length in seconds")->check(CLI::PositiveNumber);
    cmd->add_option("--tokens", r.tokens, "Length in tokens")->check(CLI::Range(1, 10000000));
    cmd->add_option("--temperature,-t", r.temperature, "Sampling temperature (default 1)");
    cmd->add_option("--top-k", r.topK, "Sample among the k likeliest tokens (default 0: all)");
    cmd->add_option("--top-p", r.topP, "Nucleus sampling mass (default 1: off)");
    cmd->add_option("--seed", r.seed, "Random seed (default: a random one, recorded in the recipe)");
    cmd->add_option("--composer", r.composer, "Composer/style label of a conditioned model");
    cmd->add_option("--tempo", r.tempo, "Tempo in quarter notes per minute");
    cmd->add_option("--time-signature", r.timeSignature, "Time signature N/D");
    cmd->add_option("--program", r.program,
                    "Instrument to start with: GM program 0-127 (-1 drums) or its name, e.g. Violin");
    cmd->add_option("--key", r.key, "Key: pitches outside its scale are excluded (C, F#, Bb, Am ...)");
    cmd->add_option("--scale", r.scale,
                    "major, minor, harmonic-minor, dorian, mixolydian, pentatonic, minor-pentatonic, blues, chromatic");
    cmd->add_option("--pitch-range", r.pitchRange, "Lowest-highest MIDI pitch, e.g. 48-84");
    cmd->add_option("--density", r.density, "Notes per bar MIN-MAX, e.g. 4-16");
    cmd->add_option("--instruments", r.instruments, "Instruments allowed to play: programs or GM names, e.g. 0,40 (-1 drums)");
    cmd->add_option("--prompt-midi", r.promptMidi, "MIDI file to continue")->check(CLI::ExistingFile);
    cmd->add_option("--prompt-bars", r.promptBars, "Continue only its last N bars");
    cmd->add_option("--regenerate-from-bar", r.regenerateFromBar,
                    "Keep bars before K of the prompt file, write the rest anew");
    cmd->add_option("--infill", r.infill,
                    "Bars A-B of the prompt file written anew, the bars before and after kept (a model trained with "
                    "--fim-rate, like the default model)");
    cmd->add_option("--variations,-n", r.variations, "Pieces generated together")->check(CLI::Range(1, 64));
    cmd->add_flag("--no-grammar", r.noGrammar, "Sample without the REMI grammar mask (to measure its effect)");
    cmd->add_option("--threads", r.threads, "Compute threads (default 1: fastest in mozart bench generate)");
    cmd->add_option("--wav", o.wav, "Also render to this WAV file");
    cmd->add_option("--flac", o.flac, "Also render to this FLAC file");
    cmd->add_option("--ogg", o.ogg, "Also render to this Ogg Vorbis file");
    addSynthOptions(*cmd, o.synth);
    addCopyCheckOptions(*cmd, o.copyCheck);
    cmd->add_flag("--force,-f", o.force, "Overwrite existing output files");
    cmd->add_flag("--verbose,-v", o.verbose, "Print notes as they come even when stdout is not a terminal");
    return cmd;
}

namespace {

struct Plan {
    std::string modelFile;
    generate::GenerationSettings settings;
    int onlyVariation = -1;
    std::string expectedCheckpoint;
};

// Settings from the recipe or from the options; 0 or the exit code.
int planRun(const GenerateOptions& o, Plan& plan) {
    if (!o.request.promptText.empty() && looksLikeMidiFile(o.request.promptText))
        return usage("--prompt now takes words (\"Bach, 16 bars, C major\"); continue a MIDI file with --prompt-midi " +
                     o.request.promptText);
    std::string error;
    if (!o.recipe.empty()) {
        std::string text;
        if (!io::readWholeFile(o.recipe, &text, &error)) return fail(error);
        auto recipe = generate::parseRecipe(text, &error);
        if (!recipe) return fail(o.recipe + ": " + error);
        const auto ignored = generate::settingOptionsGiven(o.request);
        if (!ignored.empty()) {
            std::string names;
            for (const auto& n : ignored) names += (names.empty() ? "" : ", ") + n;
            std::fprintf(stderr, "mozart generate: warning: --recipe makes the recipe's piece again; ignoring %s\n",
                         names.c_str());
        }
        plan.settings = recipe->settings;
        plan.onlyVariation = recipe->variation;
        plan.expectedCheckpoint = recipe->checkpointId;
        const auto located = generate::locateModel(o.model.empty() ? recipe->modelFile : o.model);
        if (located.file.empty()) return fail(located.error);
        plan.modelFile = located.file;
        return 0;
    }
    const auto located = generate::resolveModel(o.model, executableDir(), MOZART_SOURCE_DIR);
    if (located.file.empty()) return fail(located.error);
    plan.modelFile = located.file;
    // The header alone names the labels the prompt line may use; the weights load later.
    auto header = model::ModelFile::inspect(plan.modelFile, {});
    if (!header) return fail(header.error->toString());
    auto resolved = generate::resolveRequest(o.request, header.info.labels);
    if (!o.request.promptText.empty()) reportPromptLine(resolved.promptLine);
    if (!resolved.error.empty()) return usage(resolved.error);
    plan.settings = resolved.settings;
    return 0;
}

void printNote(const generate::GeneratedNote& n, int outputs, int ticksPerQuarter) {
    std::printf("%s%7.2f s  %-4s vel %3d  %5.2f beats  %s\n",
                outputs > 1 ? ("[" + std::to_string(n.variation + 1) + "] ").c_str() : "", n.seconds,
                midi::noteName(n.note.pitch).c_str(), int(n.note.velocity), double(n.note.duration) / ticksPerQuarter,
                midi::programName(n.program < 0 ? 0 : n.program, n.program < 0).c_str());
    std::fflush(stdout);
}

struct Output {
    std::string midi, audio;  // audio: "" for none
};

// The recipe with the copy figure added ("copy_check"; parseRecipe ignores it).
bool addCopyToRecipe(const generate::Recipe& recipe, const nlohmann::json& copy, const std::string& midiPath,
                     std::string* error) {
    nlohmann::json j = nlohmann::json::parse(generate::toJson(recipe));
    j["copy_check"] = copy;
    return io::writeFileAtomically(generate::recipePathFor(midiPath), j.dump(2) + "\n", error);
}

// Writes variation `v` (MIDI, recipe, audio) and says what it wrote; false after printing an error.
bool writeOutput(const GenerateOptions& o, const generate::LoadedModel& model, const generate::PreparedGeneration& prepared,
                 const generate::SequenceResult& seq, int v, const Output& out, const CopyCheck& copy) {
    std::string error;
    const generate::Recipe recipe = generate::recipeOf(model, prepared.settings, v);
    const midi::Score score = generate::pieceOf(model, prepared, seq, recipe);
    if (!generate::writePiece(score, recipe, out.midi, &error)) {
        std::fprintf(stderr, "error: %s\n", error.c_str());
        return false;
    }
    // The music written, up to its last note (the bars the model opened and left empty do not count).
    const auto length = generate::musicLength(score);
    std::printf("wrote %s (%d bars, %d notes, %.1f s of music; recipe %s)\n", out.midi.c_str(), length.bars,
                length.notes, length.seconds, generate::recipePathFor(out.midi).c_str());
    if (!prepared.settings.grammar) {
        const std::size_t generated = seq.ids.size() - seq.promptLength;
        std::printf("  grammar errors: %d of %zu generated tokens (%.1f%%)\n", seq.grammarErrors, generated,
                    generated ? 100.0 * seq.grammarErrors / double(generated) : 0.0);
    }
    if (copy.index && !addCopyToRecipe(recipe, reportCopy(copy, score), out.midi, &error)) {
        std::fprintf(stderr, "error: %s\n", error.c_str());
        return false;
    }
    if (out.audio.empty()) return true;
    audio::RenderSettings rs;
    rs.synth = o.synth.resolved();
    rs.overwrite = o.force;
    audio::RenderTask task(score, out.audio, rs);
    const auto rendered = task.run();
    if (!rendered.ok) {
        std::fprintf(stderr, "error: %s\n", rendered.error.c_str());
        return false;
    }
    std::printf("wrote %s (%.1f s of audio)\n", rendered.path.c_str(), rendered.seconds);
    return true;
}

}  // namespace

int runGenerate(const GenerateOptions& o) {
    if (o.out.empty()) return usage("say where to write: --out FILE.mid");
    Plan plan;
    if (int code = planRun(o, plan)) return code;
    const int outputs = plan.onlyVariation >= 0 ? 1 : plan.settings.variations;
    std::vector<std::string> midiPaths, audioPaths;
    const std::string audioBase = !o.wav.empty() ? o.wav : !o.flac.empty() ? o.flac : o.ogg;
    for (int i = 0; i < outputs; ++i) {
        midiPaths.push_back(numbered(o.out, i + 1, outputs));
        if (!audioBase.empty()) audioPaths.push_back(numbered(audioBase, i + 1, outputs));
    }
    if (!o.force) {
        std::vector<std::string> all = midiPaths;
        for (const auto& p : midiPaths) all.push_back(generate::recipePathFor(p));
        all.insert(all.end(), audioPaths.begin(), audioPaths.end());
        for (const auto& p : all) {
            std::error_code ec;
            if (fs::exists(p, ec)) return fail(p + ": already exists (--force overwrites it)");
        }
    }
    std::string error;
    auto model = generate::loadModel(plan.modelFile, &error);
    if (!model) return fail(error);
    if (!plan.expectedCheckpoint.empty() && model->checkpointId != plan.expectedCheckpoint) {
        return fail(plan.modelFile + " is not the model of recipe " + o.recipe + " (checkpoint " +
                    model->checkpointId.substr(0, 12) + ", recipe wants " + plan.expectedCheckpoint.substr(0, 12) + ")");
    }
    auto prepared = generate::prepareGeneration(*model, plan.settings, &error);
    if (!prepared) return fail(error);
    CopyCheck copy;  // before generating, so a missing training folder costs no generation
    if (o.copyCheck.enabled) {
        if (int code = openCopyCheck(o.copyCheck, model->info.notes, model->info.tokenizerConfig, copy)) return code;
    } else if (!o.copyCheck.data.empty()) {
        std::fprintf(stderr, "mozart generate: warning: --data is used only with --copy-check; ignoring it\n");
    }
    const generate::GenerationSettings& settings = prepared->settings;
    generate::configureForRun(*model, settings);

    generate::Generator generator(*model->net, *model->tokenizer);
    std::mutex printing;
    if (o.verbose || isatty(STDOUT_FILENO)) {
        const int tpq = model->ticksPerQuarter();
        generator.setNoteCallback([&, tpq](const generate::GeneratedNote& n) {
            if (plan.onlyVariation >= 0 && n.variation != plan.onlyVariation) return;
            std::lock_guard<std::mutex> lock(printing);
            printNote(n, outputs, tpq);
        });
    }
    activeGenerator.store(&generator);
    auto previous = std::signal(SIGINT, cancelOnSignal);
    generator.start(prepared->request);
    const generate::GenerationResult result = generator.wait();
    std::signal(SIGINT, previous);
    activeGenerator.store(nullptr);
    if (!result.error.empty()) return fail(result.error);
    if (result.cancelled) std::fprintf(stderr, "mozart generate: stopped; writing what was generated\n");

    int failed = 0;
    for (int i = 0; i < outputs; ++i) {
        const int v = plan.onlyVariation >= 0 ? plan.onlyVariation : i;
        const Output out{midiPaths[i], audioPaths.empty() ? std::string() : audioPaths[i]};
        if (!writeOutput(o, *model, *prepared, result.sequences[static_cast<std::size_t>(v)], v, out, copy)) ++failed;
    }
    return failed ? 1 : 0;
}

}  // namespace mozart::cli
