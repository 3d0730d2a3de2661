// mozart: the command-line face of Mozart Studio. Parses arguments and hands each command to its
// implementation in cli/; exit codes: 0 success, 1 some input failed, 2 usage error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include "model/CpuRuntime.h"

#include "BuildInfo.h"

#include "cli/BenchRenderCommand.h"
#include "cli/BenchGenerateCommand.h"
#include "cli/GenerateCommand.h"
#include "cli/BenchTokenizeCommand.h"
#include "cli/BenchTrainCommand.h"
#include "cli/DatasetCommand.h"
#include "cli/DetokenizeCommand.h"
#include "cli/EvalCommand.h"
#include "cli/ExportModelCommand.h"
#include "cli/InspectCommand.h"
#include "cli/PlayCommand.h"
#include "cli/PortsCommand.h"
#include "cli/RenderCommand.h"
#include "cli/TokenizeCommand.h"
#include "cli/TrainCommand.h"

int main(int argc, char** argv) {
    using namespace mozart::cli;
    // Before any thread exists: libgomp reads its wait policy once (see model/CpuRuntime.h).
    mozart::model::ensurePassiveThreadWaiting(argv);
    CLI::App app{"mozart: REMI tokenization, training and generation of symbolic music", "mozart"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("mozart ") + mozart::app::versionLine());

    TokenizeOptions tokenize;
    DetokenizeOptions detokenize;
    InspectOptions inspect;
    BenchTokenizeOptions benchTokenize;
    DatasetOptions dataset;
    RenderOptions render;
    PlayOptions play;
    BenchRenderOptions benchRender;
    TrainOptions train;
    EvalOptions eval;
    GenerateOptions generate;
    BenchGenerateOptions benchGenerate;
    auto* tokenizeCmd = addTokenizeCommand(app, tokenize);
    auto* detokenizeCmd = addDetokenizeCommand(app, detokenize);
    auto* inspectCmd = addInspectCommand(app, inspect);
    auto* datasetCmd = addDatasetCommand(app, dataset);
    auto* bench = app.add_subcommand("bench", "Benchmarks (figures to compare, not tests)");
    bench->require_subcommand(1);
    auto* benchTokenizeCmd = addBenchTokenizeCommand(*bench, benchTokenize);
    auto* renderCmd = addRenderCommand(app, render);
    auto* playCmd = addPlayCommand(app, play);
    auto* portsCmd = addPortsCommand(app);
    auto* benchRenderCmd = addBenchRenderCommand(*bench, benchRender);
    auto* trainCmd = addTrainCommand(app, train);
    auto* evalCmd = addEvalCommand(app, eval);
    ExportModelOptions exportModel;
    auto* exportModelCmd = addExportModelCommand(app, exportModel);
    BenchTrainOptions benchTrain;
    auto* benchTrainCmd = addBenchTrainCommand(*bench, benchTrain);
    auto* generateCmd = addGenerateCommand(app, generate);
    auto* benchGenerateCmd = addBenchGenerateCommand(*bench, benchGenerate);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);  // prints the message and a hint to stderr
        return 2;
    }

    // Loaders refuse what they can name; anything that still throws (std::bad_alloc from a
    // file we failed to bound, c10::Error from LibTorch) becomes an error message and exit 1,
    // naming the command line (its files), never std::terminate.
    auto commandLine = [&] {
        std::string line = "mozart";
        for (int i = 1; i < argc; ++i) line += std::string(" ") + argv[i];
        return line;
    };
    try {
        if (tokenizeCmd->parsed()) return runTokenize(tokenize);
        if (detokenizeCmd->parsed()) return runDetokenize(detokenize);
        if (inspectCmd->parsed()) return runInspect(inspect);
        if (datasetCmd->parsed()) return runDataset(dataset);
        if (benchTokenizeCmd->parsed()) return runBenchTokenize(benchTokenize);
        if (renderCmd->parsed()) return runRender(render);
        if (playCmd->parsed()) return runPlay(play);
        if (portsCmd->parsed()) return runPorts();
        if (benchRenderCmd->parsed()) return runBenchRender(benchRender);
        if (trainCmd->parsed()) return runTrain(train, argv);
        if (evalCmd->parsed()) return runEval(eval, argv);
        if (exportModelCmd->parsed()) return runExportModel(exportModel);
        if (benchTrainCmd->parsed()) return runBenchTrain(benchTrain);
        if (generateCmd->parsed()) return runGenerate(generate);
        if (benchGenerateCmd->parsed()) return runBenchGenerate(benchGenerate);
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "error: out of memory while running: %s\n", commandLine().c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n(while running: %s)\n", e.what(), commandLine().c_str());
        return 1;
    }
    return 2;
}
