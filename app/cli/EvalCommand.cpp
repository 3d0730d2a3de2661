#include "cli/EvalCommand.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/TerminalProgress.h"
#include "model/CpuRuntime.h"
#include "model/ModelFile.h"
#include "remi/Vocabulary.h"
#include "train/Evaluation.h"

namespace mozart::cli {

namespace fs = std::filesystem;

CLI::App* addEvalCommand(CLI::App& app, EvalOptions& o) {
    auto* cmd = app.add_subcommand("eval", "Loss, perplexity and token accuracy of a model on a dataset part");
    cmd->add_option("checkpoint", o.checkpoint, "Model file, or a checkpoint folder holding model.safetensors")->required();
    addCorpusOptions(*cmd, o.corpus);
    cmd->add_option("--part", o.part, "Dataset part: train, validation or test")
        ->check(CLI::IsMember({"train", "validation", "test"}))
        ->capture_default_str();
    cmd->add_option("--batch", o.batch, "Sequences per batch")->capture_default_str();
    cmd->add_option("--seq", o.seq, "Tokens per sequence (default: the model's context)");
    cmd->add_option("--max-batches", o.maxBatches, "Evaluate at most this many batches (0: all)");
    cmd->add_flag("--bf16", o.bf16, "bfloat16 autocast on the CPU");
    cmd->add_option("--threads", o.threads, "Compute threads")->capture_default_str();
    cmd->add_flag("--json", o.json, "Print one JSON object instead of text");
    return cmd;
}

int runEval(const EvalOptions& o, char** argv) {
    model::ensurePassiveOpenMpWaiting(argv);
    model::keepFreedMemory();
    model::setComputeThreads(std::max(1, o.threads));
    auto fail = [](const std::string& m, int code = 1) {
        std::fprintf(stderr, "mozart eval: %s\n", m.c_str());
        return code;
    };
    std::string path = o.checkpoint;
    std::error_code ec;
    if (fs::is_directory(path, ec)) path = (fs::path(path) / "model.safetensors").string();
    auto loaded = model::ModelFile::load(path);
    if (!loaded) return fail(loaded.error->toString());
    std::string why;
    auto tokenizer = remi::TokenizerConfig::fromMidiTokJson(loaded.info.tokenizerConfig, &why);
    if (!tokenizer) return fail(path + ": the model's tokenizer configuration is not usable: " + why);
    const remi::Vocabulary vocabulary(*tokenizer);
    if (std::int64_t(vocabulary.size()) != loaded.info.baseVocabSize())
        return fail(path + ": the model's vocabulary does not match its tokenizer configuration");
    const model::Transformer& net = *loaded.model;
    const std::int64_t seq = o.seq > 0 ? o.seq : net.config().maxTokens();
    if (seq > net.config().maxTokens()) return fail("--seq is longer than the model's context", 2);

    auto corpus = openCorpus(o.corpus, *tokenizer, std::size_t(seq), true, "eval");
    if (!corpus) return 1;
    const data::DatasetPart part = o.part == "train"        ? data::DatasetPart::Train
                                   : o.part == "validation" ? data::DatasetPart::Validation
                                                            : data::DatasetPart::Test;
    if (corpus->windows(part)->size() == 0) return fail(o.corpus.folder + ": the " + o.part + " part holds no piece");
    std::string error;
    auto sampler = corpus->sampler(part, std::size_t(std::max<std::int64_t>(1, o.batch)), 0, &error);
    if (!sampler) return fail(error);

    train::EvaluationOptions options;
    options.maxBatches = std::size_t(std::max<std::int64_t>(0, o.maxBatches));
    options.padId = corpus->padId();
    options.bf16 = o.bf16;
    std::size_t total = sampler->batchesPerEpoch();
    if (options.maxBatches) total = std::min(total, options.maxBatches);
    TerminalProgress progress("eval", total);
    options.progress = [&](std::size_t, std::size_t) { progress.advance(""); };
    const auto start = std::chrono::steady_clock::now();
    const train::EvaluationResult r = train::evaluate(net, *sampler, options);
    progress.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (r.sums.tokens == 0) return fail("no token to evaluate");
    if (o.json) {
        nlohmann::json j;
        j["model"] = path;
        j["part"] = o.part;
        j["windows"] = corpus->windows(part)->size();
        j["batches"] = r.batches;
        j["tokens"] = r.sums.tokens;
        j["loss"] = r.sums.meanLoss();
        j["perplexity"] = r.sums.perplexity();
        j["accuracy"] = r.sums.accuracy();
        j["seconds"] = seconds;
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("%s on the %s part of %s (%zu windows, %lld tokens):\n  loss %.4f\n  perplexity %.3f\n"
                    "  token accuracy %.2f%%\n",
                    path.c_str(), o.part.c_str(), o.corpus.folder.c_str(), corpus->windows(part)->size(),
                    (long long)r.sums.tokens, r.sums.meanLoss(), r.sums.perplexity(), 100 * r.sums.accuracy());
    }
    return 0;
}

}  // namespace mozart::cli
