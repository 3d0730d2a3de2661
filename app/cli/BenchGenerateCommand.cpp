#include "cli/BenchGenerateCommand.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>

#include <nlohmann/json.hpp>

#include "generate/ConstraintMask.h"
#include "generate/Generator.h"
#include "cli/PrototypeShape.h"
#include "model/CpuRuntime.h"
#include "model/Transformer.h"
#include "remi/RemiTokenizer.h"

#ifndef MOZART_SHARED_DIR
#define MOZART_SHARED_DIR ""
#endif

namespace mozart::cli {

namespace {

double cpuSeconds() { return double(std::clock()) / CLOCKS_PER_SEC; }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// A grammatical prompt of `length` tokens: a random walk through the tokens the grammar allows
// (at most 12 notes a bar, so it reads like music rather than one endless chord).
std::vector<std::int32_t> randomPrompt(const remi::RemiGrammar& grammar, int length) {
    generate::MusicalConstraints c;
    c.maxNotesPerBar = 12;
    generate::ConstraintMask masks(grammar, c, true);
    std::mt19937_64 rng(1);
    std::vector<std::int32_t> ids{grammar.table().idsOfKind(remi::TokenKind::Bos).front()};
    remi::RemiGrammar::State state = grammar.initialState();
    grammar.advance(state, ids.front());
    std::vector<std::uint8_t> mask;
    int notes = 0, bar = state.time.currentBar;
    while (static_cast<int>(ids.size()) < length) {
        masks.fill(state, notes, false, mask);
        std::vector<std::int32_t> allowed;
        for (std::size_t i = 0; i < mask.size(); ++i) if (mask[i]) allowed.push_back(static_cast<std::int32_t>(i));
        const std::int32_t id = allowed[rng() % allowed.size()];
        if (grammar.table().info(id).kind == remi::TokenKind::Pitch) ++notes;
        grammar.advance(state, id);
        if (state.time.currentBar != bar) notes = 0, bar = state.time.currentBar;
        ids.push_back(id);
    }
    return ids;
}

// tokensPerSecond is end to end: new tokens over the whole run, the prompt's prefill included,
// as the reference's rate includes its whole context in every timed forward pass.
// decodeTokensPerSecond leaves the prefill out (the cost per token once the prompt is read).
struct Timing {
    double tokensPerSecond = 0, decodeTokensPerSecond = 0, tokensPerCpuSecond = 0, prefillMs = 0, firstNoteMs = 0,
           realTime = 0, music = 0, wall = 0;
};

Timing timeGenerator(generate::Generator& generator, const generate::GenerationRequest& request, int runs) {
    generator.run(request);  // warm-up: bf16 copies, allocator
    std::vector<double> rate, decodeRate, cpuRate, prefill, first, realTime, music, wall;
    for (int i = 0; i < runs; ++i) {
        const double c0 = cpuSeconds();
        const auto r = generator.run(request);
        const double cpu = cpuSeconds() - c0;
        const double stepping = r.wallSeconds - r.prefillSeconds;
        rate.push_back(double(r.newTokens) / r.wallSeconds);
        decodeRate.push_back(double(r.newTokens) / std::max(1e-9, stepping));
        cpuRate.push_back(double(r.newTokens) / std::max(1e-9, cpu));
        prefill.push_back(1000 * r.prefillSeconds);
        first.push_back(r.firstNoteSeconds < 0 ? -1.0 : 1000 * r.firstNoteSeconds);
        double seconds = 0;
        for (const auto& s : r.sequences) seconds = std::max(seconds, s.seconds);
        music.push_back(seconds);
        wall.push_back(r.wallSeconds);
        realTime.push_back(seconds / r.wallSeconds);
    }
    return {median(rate),  median(decodeRate), median(cpuRate), median(prefill),
            median(first), median(realTime),   median(music),   median(wall)};
}

// tokens_per_s of the reference script with `threads`, or 0 when it cannot run.
double runReference(const std::string& script, int prompt, int tokens, int threads) {
    const std::string command = "MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824 /usr/bin/python3 '" +
                                script + "' generate --prompt " + std::to_string(prompt) + " --tokens " +
                                std::to_string(tokens) + " --threads " + std::to_string(threads) + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return 0;
    std::string output;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    if (pclose(pipe) != 0) return 0;
    const auto line = output.substr(output.rfind('{') == std::string::npos ? 0 : output.rfind('{'));
    const auto j = nlohmann::json::parse(line, nullptr, false);
    return j.is_object() ? j.value("tokens_per_s", 0.0) : 0.0;
}

}  // namespace

CLI::App* addBenchGenerateCommand(CLI::App& bench, BenchGenerateOptions& o) {
    auto* cmd = bench.add_subcommand("generate", "Time generation against the Python reference");
    cmd->add_option("--shared", o.shared, "Shared folder with bench/seed_reference.py (default: $MOZART_SHARED_DIR)");
    cmd->add_option("--prompt", o.prompt, "Prompt tokens")->capture_default_str()->check(CLI::Range(2, 500));
    cmd->add_option("--tokens", o.tokens, "New tokens per piece")->capture_default_str()->check(CLI::Range(1, 4096));
    cmd->add_option("--runs", o.runs, "Timed runs (median)")->capture_default_str()->check(CLI::Range(1, 50));
    cmd->add_option("--variations", o.variations, "Batch size of the batched line")->capture_default_str()
        ->check(CLI::Range(2, 64));
    cmd->add_flag("--no-reference", o.skipReference, "Do not run the Python reference");
    return cmd;
}

int runBenchGenerate(const BenchGenerateOptions& o) {
    std::string shared = o.shared;
    if (shared.empty() && std::getenv("MOZART_SHARED_DIR")) shared = std::getenv("MOZART_SHARED_DIR");
    if (shared.empty()) shared = MOZART_SHARED_DIR;
    const std::string script = (std::filesystem::path(shared) / "bench" / "seed_reference.py").string();
    model::keepFreedMemory();  // as the reference runs with its malloc thresholds raised

    const remi::RemiTokenizer tokenizer(remi::TokenizerConfig::rich());
    const model::ModelConfig shape = prototypeShape(static_cast<std::int64_t>(tokenizer.vocabulary().size()));
    model::Transformer net(shape, 0);
    net.setTraining(false);
    generate::Generator generator(net, tokenizer);
    generate::GenerationRequest request;
    request.prompt = randomPrompt(generator.grammar(), o.prompt);
    request.settings.length.tokens = o.tokens;
    request.settings.sampling.temperature = 0.9;  // the reference's sampling
    request.settings.sampling.topP = 0.9;
    request.settings.sampling.seed = 1;
    std::printf("mozart bench generate: vocabulary %lld, width 256, 8 heads, 8 layers, feed-forward 2048, "
                "sinusoidal, random weights; prompt %d tokens, %d new (context %d); median of %d\n",
                static_cast<long long>(shape.vocabSize), o.prompt, o.tokens, o.prompt + o.tokens, o.runs);

    double best = 0;
    int bestThreads = 1;
    for (int threads : {1, 2}) {
        model::setComputeThreads(threads);
        net.setDecodeBf16(true);
        const Timing t = timeGenerator(generator, request, o.runs);
        std::printf("  mozart, %d thread%s: end to end %7.1f tokens/s (%7.1f per CPU-s; prefill %6.1f ms, then decode "
                    "%7.1f tokens/s), first note %6.1f ms, %.2f s of music in %.3f s (%.1fx real time)\n",
                    threads, threads > 1 ? "s" : " ", t.tokensPerSecond, t.tokensPerCpuSecond, t.prefillMs,
                    t.decodeTokensPerSecond, t.firstNoteMs, t.music, t.wall, t.realTime);
        if (t.tokensPerSecond > best) best = t.tokensPerSecond, bestThreads = threads;
    }

    for (int threads : {1, 2}) {
        model::setComputeThreads(threads);
        net.setDecodeBf16(false);  // bf16 copies serve single rows only
        generate::GenerationRequest batched = request;
        batched.settings.variations = o.variations;
        const Timing t = timeGenerator(generator, batched, o.runs);
        std::printf("  batched: %d variations, %d thread%s, float32: end to end %7.1f tokens/s in all (%.1f per variation), "
                    "%.1fx real time per variation\n",
                    o.variations, threads, threads > 1 ? "s" : " ", t.tokensPerSecond, t.tokensPerSecond / o.variations,
                    t.realTime);
    }
    {
        // What the grammar mask buys with an untrained model: errors per generated token without it.
        model::setComputeThreads(bestThreads);
        net.setDecodeBf16(true);
        generate::GenerationRequest free = request;
        free.settings.grammar = false;
        free.settings.length.tokens = 256;
        free.prompt.resize(1);  // BOS
        std::int64_t errors = 0, total = 0, masked = 0;
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            free.settings.sampling.seed = seed;
            free.settings.grammar = false;
            auto r = generator.run(free);
            errors += r.sequences[0].grammarErrors;
            total += r.newTokens;
            free.settings.grammar = true;
            r = generator.run(free);
            masked += r.sequences[0].grammarErrors + (generator.grammar().checkPrefix(r.sequences[0].ids) ? 1 : 0);
        }
        std::printf("  grammar errors of the random model, 3 x 256 tokens from BOS: %.1f%% of tokens without the mask, "
                    "%lld with it\n", 100.0 * double(errors) / double(total), static_cast<long long>(masked));
    }

    double reference = 0;
    if (!o.skipReference) {
        for (int threads : {1, 2}) {
            const double r = runReference(script, o.prompt, o.tokens, threads);
            if (r > 0) {
                std::printf("  python reference, %d thread%s: %7.2f tokens/s\n", threads, threads > 1 ? "s" : " ", r);
            } else {
                std::printf("  python reference, %d thread%s: did not run (%s)\n", threads, threads > 1 ? "s" : " ",
                            script.c_str());
            }
            reference = std::max(reference, r);
        }
    }
    std::printf("  fastest here: mozart %d thread%s (`mozart generate` uses 1 unless --threads says otherwise)\n",
                bestThreads, bestThreads > 1 ? "s" : "");
    if (reference > 0) {
        std::printf("generate speedup vs reference: %.2f (end to end, the prompt's prefill included)\n", best / reference);
    } else {
        std::printf("generate speedup vs reference: n/a\n");
    }
    return 0;
}

}  // namespace mozart::cli
