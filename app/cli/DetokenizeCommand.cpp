#include "cli/DetokenizeCommand.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>

#include "cli/TokenFile.h"
#include "cli/TokenizerChoice.h"
#include "io/AtomicFile.h"
#include "midi/SmfWriter.h"
#include "remi/RemiTokenizer.h"

namespace fs = std::filesystem;

namespace mozart::cli {

namespace {

// `mozart tokenize` writes tokenizer.json at the top of its output folder; token files sit below.
std::string findTokenizerJson(const std::string& input) {
    std::error_code ec;
    fs::path dir = fs::absolute(fs::path(input), ec).parent_path();
    for (int depth = 0; depth < 16 && !dir.empty(); ++depth) {
        const fs::path candidate = dir / "tokenizer.json";
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
        if (dir == dir.root_path()) break;
        dir = dir.parent_path();
    }
    return {};
}

}  // namespace

CLI::App* addDetokenizeCommand(CLI::App& app, DetokenizeOptions& o) {
    auto* cmd = app.add_subcommand("detokenize", "Turn a JSON token file back into a MIDI file");
    cmd->add_option("input", o.input, "Token file (.json with \"ids\" or \"tokens\")")->required();
    cmd->add_option("--out,-o", o.out, "MIDI file to write")->required();
    cmd->add_option("--tokenizer,-t", o.tokenizer,
                    "default, rich or a tokenizer.json (default: the tokenizer.json found beside the "
                    "input or in a parent folder, else default)");
    cmd->add_flag("--force,-f", o.force, "Overwrite the output file if it exists");
    return cmd;
}

int runDetokenize(const DetokenizeOptions& o) {
    std::string tokenizerChoice = o.tokenizer;
    if (tokenizerChoice.empty()) tokenizerChoice = findTokenizerJson(o.input);
    std::string error;
    auto config = resolveTokenizer(tokenizerChoice, &error);
    if (!config) {
        std::fprintf(stderr, "mozart detokenize: %s\n", error.c_str());
        return 2;
    }
    std::string text;
    if (!io::readWholeFile(o.input, &text, &error)) {
        std::fprintf(stderr, "mozart detokenize: %s\n", error.c_str());
        return 1;
    }
    std::vector<remi::TokenSequence> sequences;
    std::vector<remi::StreamTrack> tracks;
    if (!parseTokenFile(text, &sequences, &tracks, &error)) {
        std::fprintf(stderr, "mozart detokenize: %s: %s\n", o.input.c_str(), error.c_str());
        return 1;
    }
    std::error_code ec;
    if (!o.force && fs::exists(o.out, ec)) {
        std::fprintf(stderr, "mozart detokenize: %s exists; pass --force to overwrite it\n",
                     o.out.c_str());
        return 1;
    }

    const remi::RemiTokenizer tokenizer(*config);
    std::vector<std::vector<std::int32_t>> ids;
    for (const auto& s : sequences) {
        if (!s.ids.empty() || s.tokens.empty()) {
            ids.push_back(s.ids);
            continue;
        }
        std::vector<std::int32_t> converted;
        converted.reserve(s.tokens.size());
        for (const auto& t : s.tokens) converted.push_back(tokenizer.vocabulary().id(t));
        ids.push_back(std::move(converted));
    }
    // Programs and names come from the file's "tracks" when it has one per stream.
    const bool tracksFit = tracks.size() == ids.size();
    const auto decoded = tokenizer.decodeIds(ids, tracksFit ? &tracks : nullptr);
    if (auto writeError = midi::SmfWriter::writeFile(decoded.score, o.out)) {
        std::fprintf(stderr, "mozart detokenize: %s\n", writeError->toString().c_str());
        return 1;
    }
    std::printf("%s: %zu notes in %zu tracks -> %s (tokenizer: %s)", o.input.c_str(),
                decoded.score.noteCount(), decoded.score.tracks.size(), o.out.c_str(),
                tokenizerChoice.empty() ? "default" : tokenizerChoice.c_str());
    if (decoded.errors > 0) std::printf("; %d tokens could not be placed and were skipped", decoded.errors);
    std::printf("\n");
    return 0;
}

}  // namespace mozart::cli
