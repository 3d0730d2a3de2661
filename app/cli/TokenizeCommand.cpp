#include "cli/TokenizeCommand.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>

#include "cli/InputFiles.h"
#include "data/ParallelFor.h"
#include "cli/TerminalProgress.h"
#include "cli/TokenFile.h"
#include "cli/TokenizerChoice.h"
#include "io/AtomicFile.h"
#include "midi/SmfReader.h"
#include "remi/RemiTokenizer.h"

namespace fs = std::filesystem;

namespace mozart::cli {

namespace {

// Reads, tokenizes and writes one file; returns the line for errors.txt, empty on success.
std::string tokenizeFile(const InputFile& in, const remi::RemiTokenizer& tokenizer,
                         const std::string& outDir, std::size_t* notes, std::size_t* tokens) {
    const auto result = midi::SmfReader::readFile(in.path);
    if (!result.ok()) return result.error ? result.error->toString() : in.path + ": unreadable";
    std::string error;
    const auto sequences = tokenizer.encode(*result.score, &error);
    if (!error.empty()) return in.path + ": " + error;
    // MidiTok raises KeyError where its encoder makes a token its vocabulary lacks (Bar_<n> past
    // max_bar_embedding, unknown chords outside chord_unknown): such a file fails here too rather
    // than leaving id -1 in training data.
    for (const auto& s : sequences)
        for (std::size_t k = 0; k < s.ids.size(); ++k)
            if (s.ids[k] < 0)
                return in.path + ": token " + s.tokens[k] + " (index " + std::to_string(k) +
                       ") is not in the tokenizer's vocabulary";
    *notes = result.score->noteCount();
    for (const auto& s : sequences) *tokens += s.size();
    const fs::path target = fs::path(outDir) / (in.relativePath + ".json");
    std::error_code dirError;
    fs::create_directories(target.parent_path(), dirError);
    const std::string json =
        tokenFileJson(in.relativePath, sequences, tokenizer.streamTracks(*result.score), tokenizer.config())
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string writeError;
    if (!io::writeFileAtomically(target.string(), json, &writeError)) return writeError;
    return {};
}

}  // namespace

CLI::App* addTokenizeCommand(CLI::App& app, TokenizeOptions& o) {
    auto* cmd = app.add_subcommand("tokenize", "Tokenize MIDI files with REMI (MidiTok-compatible)");
    cmd->add_option("inputs", o.inputs, "MIDI files or folders (searched recursively)")->required();
    cmd->add_option("--out,-o", o.outDir, "Output folder for <relative path>.json files")->required();
    cmd->add_option("--tokenizer,-t", o.tokenizer, "default, rich or a MidiTok tokenizer.json")
        ->capture_default_str();
    cmd->add_option("--jobs,-j", o.jobs, "Worker threads (default: every core)");
    return cmd;
}

int runTokenize(const TokenizeOptions& o) {
    std::string error;
    auto config = resolveTokenizer(o.tokenizer, &error);
    if (!config) {
        std::fprintf(stderr, "mozart tokenize: %s\n", error.c_str());
        return 2;
    }
    std::vector<std::string> missing;
    const auto files = collectMidiFiles(o.inputs, &missing);
    std::error_code ec;
    fs::create_directories(o.outDir, ec);
    if (ec) {
        std::fprintf(stderr, "mozart tokenize: %s: cannot create folder: %s\n", o.outDir.c_str(),
                     ec.message().c_str());
        return 1;
    }

    const remi::RemiTokenizer tokenizer(*config);
    if (!io::writeFileAtomically((fs::path(o.outDir) / "tokenizer.json").string(),
                                 config->toMidiTokJson(), &error)) {
        std::fprintf(stderr, "mozart tokenize: %s\n", error.c_str());
        return 1;
    }

    std::vector<std::string> failures;  // one line per failed input, in input order
    for (const auto& m : missing) failures.push_back(m + ": no such file or folder");
    std::vector<std::string> fileErrors(files.size());
    std::atomic<std::size_t> tokenCount{0}, noteCount{0};
    TerminalProgress progress("tokenize", files.size());

    data::parallelFor(files.size(), o.jobs ? o.jobs : data::defaultThreadCount(), [&](std::size_t i) {
        const InputFile& in = files[i];
        std::size_t notes = 0, tokens = 0;
        fileErrors[i] = tokenizeFile(in, tokenizer, o.outDir, &notes, &tokens);
        if (fileErrors[i].empty()) {
            noteCount += notes;
            tokenCount += tokens;
        } else {
            progress.message("error: " + fileErrors[i]);
        }
        progress.advance(in.relativePath);
    });
    progress.finish();

    for (const auto& e : fileErrors)
        if (!e.empty()) failures.push_back(e);
    std::string report;
    for (const auto& f : failures) report += f + "\n";
    const std::string errorsPath = (fs::path(o.outDir) / "errors.txt").string();
    if (!io::writeFileAtomically(errorsPath, report, &error))
        std::fprintf(stderr, "mozart tokenize: %s\n", error.c_str());
    for (const auto& m : missing) std::fprintf(stderr, "error: %s: no such file or folder\n", m.c_str());

    std::printf("tokenized %zu of %zu files: %zu notes, %zu tokens -> %s (%zu failed, see %s)\n",
                files.size() - (failures.size() - missing.size()), files.size(), noteCount.load(),
                tokenCount.load(), o.outDir.c_str(), failures.size(), errorsPath.c_str());
    return failures.empty() ? 0 : 1;
}

}  // namespace mozart::cli
