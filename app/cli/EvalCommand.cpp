#include "cli/EvalCommand.h"

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "cli/TerminalProgress.h"
#include "data/TokenCache.h"
#include "eval/CorpusPieces.h"
#include "eval/EvalReport.h"
#include "eval/ModelEvaluation.h"
#include "eval/TrainingCopyIndex.h"
#include "generate/ModelLocator.h"
#include "io/AtomicFile.h"
#include "model/CpuRuntime.h"
#include "model/ModelFile.h"
#include "remi/Vocabulary.h"

namespace mozart::cli {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> interrupted{false};

// The first Ctrl-C asks the long parts to stop; a second one quits at once.
extern "C" void evalInterrupt(int) {
    interrupted.store(true);
    std::signal(SIGINT, SIG_DFL);
}

int fail(const std::string& message, int code = 1) {
    std::fprintf(stderr, "mozart eval: %s\n", message.c_str());
    return code;
}

const auto started = std::chrono::steady_clock::now();

// One line per step of the long work, with the time since the command started.
void stage(const std::string& text) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "mozart eval: [%5.1f s] %s\n", seconds, text.c_str());
}

// Every unique piece of the corpus as the tokenizer sees it, with its statistics per label.
std::optional<std::vector<eval::CorpusPiece>> corpusStatistics(const train::TrainingCorpus& corpus,
                                                               const EvalOptions& o, eval::EvalReport& report) {
    const data::Dataset& dataset = corpus.dataset();
    stage("reading the corpus's " + std::to_string(dataset.uniquePieces().size()) + " pieces for their statistics");
    TerminalProgress progress("statistics", dataset.uniquePieces().size());
    eval::CorpusPiecesResult loaded = eval::loadCorpusPieces(
        dataset, dataset.uniquePieces(), corpus.tokenizer(), o.corpus.jobs ? o.corpus.jobs : 2,
        [&](std::size_t, std::size_t) { progress.advance(""); }, &interrupted);
    progress.finish();
    if (loaded.cancelled) return std::nullopt;
    for (const std::string& e : loaded.errors) stage("skipped " + e);
    const auto& labels = dataset.labels();
    report.corpus.clear();
    for (const std::string& l : labels) report.corpus.push_back({l, {}});
    report.corpus.push_back({"(no label)", {}});
    for (const eval::CorpusPiece& p : loaded.pieces) {
        const std::size_t group = p.label >= 0 && std::size_t(p.label) < labels.size() ? std::size_t(p.label) : labels.size();
        report.corpus[group].pieces.push_back(eval::computeStatistics(p.score));
    }
    if (report.corpus.back().pieces.empty()) report.corpus.pop_back();
    return std::move(loaded.pieces);
}

// The pieces `mozart train` learns from with these split options (DatasetSplit's train part).
std::optional<std::vector<std::size_t>> trainingPieces(const data::Dataset& dataset, const CorpusChoice& c) {
    data::SplitConfig split;
    split.seed = c.splitSeed;
    char tail = 0;
    if (std::sscanf(c.split.c_str(), "%lf,%lf,%lf%c", &split.train, &split.validation, &split.test, &tail) != 3)
        return std::nullopt;
    std::string error;
    auto parts = data::splitDataset(dataset, split, &error);
    if (!parts) return std::nullopt;
    return parts->train;
}

std::optional<eval::CopyIndex> trainingCopyIndex(const train::TrainingCorpus& corpus, const EvalOptions& o,
                                                 const std::vector<eval::CorpusPiece>& pieces,
                                                 eval::EvalReport& report) {
    const auto train = trainingPieces(corpus.dataset(), o.corpus);
    if (!train) return std::nullopt;
    eval::TrainingCopyIndexOptions options;
    options.cacheFile = o.copyIndex;
    if (!o.corpus.noCache)
        options.cacheDirectory = o.corpus.cacheDir.empty() ? data::defaultTokenCacheDirectory() : o.corpus.cacheDir;
    options.threads = o.corpus.jobs ? o.corpus.jobs : 2;
    options.loaded = &pieces;
    options.cancel = &interrupted;
    stage("opening the copy index of the " + std::to_string(train->size()) + " training pieces");
    auto opened = eval::openTrainingCopyIndex(corpus.dataset(), *train, corpus.tokenizer(), options);
    if (!opened.note.empty()) stage(opened.note);
    if (opened.fromCache) stage("copy index read from " + opened.path);
    if (opened.written) stage("copy index cached in " + opened.path);
    report.copyIndexFile = opened.fromCache || opened.written ? opened.path : std::string();
    if (opened.index) report.copyIndexPieces = opened.index->pieceCount();
    return std::move(opened.index);
}

bool generatedPieces(model::Transformer& net, const remi::RemiTokenizer& tokenizer, const model::ModelFileInfo& info,
                     const EvalOptions& o, const eval::CopyIndex& index, eval::EvalReport& report) {
    eval::SampleOptions so;
    so.count = o.samples;
    so.bars = o.sampleBars;
    so.firstSeed = o.seed;
    so.temperature = o.temperature;
    so.labelNames = info.labels;
    so.cancel = &interrupted;
    stage("generating " + std::to_string(o.samples) + " pieces of " + std::to_string(o.sampleBars) +
          " bars with the grammar mask, then the same seeds without it");
    TerminalProgress progress("generating", std::size_t(2 * o.samples));
    so.progress = [&](int, int) { progress.advance(""); };
    model::setComputeThreads(1);  // one row decodes fastest on one thread (mozart bench generate)
    net.setDecodeBf16(true);
    eval::SampleResult samples = eval::generateSamples(net, tokenizer, so);
    progress.finish();
    model::setComputeThreads(std::max(1, o.threads));
    if (!samples.error.empty()) {
        fail(samples.error);
        return false;
    }
    if (samples.cancelled) return false;
    report.validity = {samples.withGrammar, samples.withoutGrammar};
    std::set<std::string> corpusLabels;
    for (const auto& g : report.corpus) corpusLabels.insert(g.label);
    report.samplesMatchLabels = !info.labels.empty();
    for (eval::GeneratedPiece& p : samples.pieces) {
        p.sample.statistics = eval::computeStatistics(p.score);
        p.sample.copy = eval::copyCheck(p.score, index);
        if (!corpusLabels.count(p.sample.labelName)) report.samplesMatchLabels = false;
        report.samples.push_back(p.sample);
    }
    return true;
}

bool writeOutput(const std::string& path, const std::string& contents) {
    std::string error;
    if (io::writeFileAtomically(path, contents, &error)) return true;
    fail(error);
    return false;
}

// What `mozart eval` printed before per-label figures existed (scripts read these keys).
void addOverall(nlohmann::json& j, const eval::LikelihoodFigures& all, const std::string& model,
                const std::string& part) {
    j["model"] = model;
    j["part"] = part;
    j["windows"] = all.windows;
    j["tokens"] = all.tokens;
    j["loss"] = all.loss;
    j["perplexity"] = all.perplexity;
    j["accuracy"] = all.accuracy;
}

// Likelihood overall and per label into `report`; 0, or the exit code.
int likelihoodFigures(const model::Transformer& net, const train::TrainingCorpus& corpus, data::DatasetPart part,
                      const EvalOptions& o, eval::EvalReport& report) {
    eval::LikelihoodOptions lo;
    lo.batch = std::size_t(std::max<std::int64_t>(1, o.batch));
    lo.maxBatches = std::size_t(std::max<std::int64_t>(0, o.maxBatches));
    lo.bf16 = o.bf16;
    lo.cancel = &interrupted;
    std::unique_ptr<TerminalProgress> progress;
    lo.progress = [&](std::size_t, std::size_t total) {
        if (!progress) progress = std::make_unique<TerminalProgress>("likelihood", total);
        progress->advance("");
    };
    stage("likelihood on the " + o.part + " part, overall and per label");
    eval::LikelihoodResult likelihood = eval::likelihoodByLabel(net, corpus, part, lo);
    if (progress) progress->finish();
    if (likelihood.cancelled) return fail("stopped", 130);
    if (!likelihood.error.empty()) return fail(likelihood.error);
    if (likelihood.rows.empty() || likelihood.rows.front().tokens == 0) return fail("no token to evaluate");
    report.likelihood = likelihood.rows;
    return 0;
}

// The text table (or JSON) on stdout, then the --json and --report files.
bool printAndWrite(const eval::EvalReport& report, const EvalOptions& o) {
    const std::string& path = report.model;
    nlohmann::json j = eval::toJson(report);
    addOverall(j, report.likelihood.front(), path, o.part);
    if (o.json == "-") {
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("%s on the %s part of %s (%zu windows, %lld tokens):\n  loss %.4f\n  perplexity %.3f\n"
                    "  token accuracy %.2f%%\n\n%s",
                    path.c_str(), o.part.c_str(), o.corpus.folder.c_str(), report.likelihood.front().windows,
                    (long long)report.likelihood.front().tokens, report.likelihood.front().loss,
                    report.likelihood.front().perplexity, 100 * report.likelihood.front().accuracy,
                    eval::toText(report).c_str());
    }
    if (!o.json.empty() && o.json != "-" && !writeOutput(o.json, j.dump(2) + "\n")) return false;
    if (!o.report.empty() && !writeOutput(o.report, eval::toHtml(report))) return false;
    std::fflush(stdout);
    if (!o.json.empty() && o.json != "-") stage("JSON written to " + o.json);
    if (!o.report.empty()) stage("report written to " + o.report);
    return true;
}

}  // namespace

CLI::App* addEvalCommand(CLI::App& app, EvalOptions& o) {
    auto* cmd = app.add_subcommand("eval", "Judge a model: likelihood per composer, and generated pieces against the corpus");
    cmd->add_option("checkpoint", o.checkpoint, "Model file, or a checkpoint folder holding model.safetensors")->required();
    addCorpusOptions(*cmd, o.corpus);
    cmd->add_option("--part", o.part, "Dataset part: train, validation or test")
        ->check(CLI::IsMember({"train", "validation", "test"}))
        ->capture_default_str();
    cmd->add_option("--batch", o.batch, "Sequences per batch")->capture_default_str();
    cmd->add_option("--seq", o.seq, "Tokens per sequence (default: the model's context)");
    cmd->add_option("--max-batches", o.maxBatches, "Evaluate at most this many batches per label (0: all)");
    cmd->add_flag("--bf16", o.bf16, "bfloat16 autocast on the CPU");
    cmd->add_option("--threads", o.threads, "Compute threads")->capture_default_str();
    cmd->add_option("--json", o.json, "Write every figure as JSON to FILE (alone: print JSON instead of text)")
        ->expected(0, 1)
        ->default_str("-");
    cmd->add_option("--report", o.report, "Write a self-contained HTML report (tables, histograms) to FILE");
    cmd->add_option("--samples", o.samples, "Generate N pieces (the model's labels in turn) and judge them")
        ->check(CLI::Range(0, 10000));
    cmd->add_option("--sample-bars", o.sampleBars, "Bars per generated piece")->check(CLI::Range(1, 512))->capture_default_str();
    cmd->add_option("--seed", o.seed, "Seed of the first generated piece (piece i: seed + i)")->capture_default_str();
    cmd->add_option("--temperature", o.temperature, "Sampling temperature")->check(CLI::PositiveNumber)->capture_default_str();
    cmd->add_option("--copy-index", o.copyIndex, "Cache file of the training part's copy index (default: beside the token cache)");
    cmd->add_flag("--force", o.force, "Replace existing --json/--report files");
    return cmd;
}

int runEval(const EvalOptions& o, char** argv) {
    model::ensurePassiveThreadWaiting(argv);
    model::keepFreedMemory();
    model::setComputeThreads(std::max(1, o.threads));
    std::error_code ec;
    for (const std::string& out : {o.json == "-" ? std::string() : o.json, o.report})
        if (!out.empty() && fs::exists(out, ec) && !o.force) return fail(out + " exists; --force replaces it");
    const generate::LocatedModel located = generate::locateModel(o.checkpoint);
    if (located.file.empty()) return fail(located.error);
    const std::string& path = located.file;
    auto loaded = model::ModelFile::load(path);
    if (!loaded) return fail(loaded.error->toString());
    std::string why;
    auto tokenizer = remi::TokenizerConfig::fromMidiTokJson(loaded.info.tokenizerConfig, &why);
    if (!tokenizer) return fail(path + ": the model's tokenizer configuration is not usable: " + why);
    const remi::Vocabulary vocabulary(*tokenizer);
    if (std::int64_t(vocabulary.size()) != loaded.info.baseVocabSize())
        return fail(path + ": the model's vocabulary does not match its tokenizer configuration");
    model::Transformer& net = *loaded.model;
    const std::int64_t seq = o.seq > 0 ? o.seq : net.config().maxTokens();
    if (seq > net.config().maxTokens()) return fail("--seq is longer than the model's context", 2);

    auto corpus = openCorpus(o.corpus, *tokenizer, std::size_t(seq), true, "eval");
    if (!corpus) return 1;
    const data::DatasetPart part = o.part == "train"        ? data::DatasetPart::Train
                                   : o.part == "validation" ? data::DatasetPart::Validation
                                                            : data::DatasetPart::Test;
    if (corpus->windows(part)->size() == 0) return fail(o.corpus.folder + ": the " + o.part + " part holds no piece");

    interrupted.store(false);
    auto previous = std::signal(SIGINT, evalInterrupt);
    struct RestoreSignal {
        void (*handler)(int);
        ~RestoreSignal() { std::signal(SIGINT, handler); }
    } restore{previous};
    const auto start = std::chrono::steady_clock::now();

    eval::EvalReport report;
    report.model = path;
    report.data = o.corpus.folder;
    report.part = o.part;
    if (const int failed = likelihoodFigures(net, *corpus, part, o, report)) return failed;

    if (o.samples > 0 || !o.report.empty()) {
        auto pieces = corpusStatistics(*corpus, o, report);
        if (!pieces) return fail("stopped", 130);
        if (o.samples > 0) {
            auto index = trainingCopyIndex(*corpus, o, *pieces, report);
            if (!index) return interrupted ? fail("stopped", 130) : fail("the copy index could not be built");
            if (!generatedPieces(net, corpus->tokenizer(), loaded.info, o, *index, report))
                return interrupted ? fail("stopped", 130) : 1;
        }
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    return printAndWrite(report, o) ? 0 : 1;
}

}  // namespace mozart::cli
