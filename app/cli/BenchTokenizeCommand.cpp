#include "cli/BenchTokenizeCommand.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/InputFiles.h"
#include "data/ParallelFor.h"
#include "cli/TokenizerChoice.h"
#include "midi/SmfReader.h"
#include "remi/RemiTokenizer.h"

namespace mozart::cli {

namespace {

struct PassResult {
    double seconds = 0;
    std::size_t notes = 0, tokens = 0, failed = 0;
};

PassResult runPass(const std::vector<InputFile>& files, const remi::RemiTokenizer& tokenizer,
                   unsigned threads) {
    std::atomic<std::size_t> notes{0}, tokens{0}, failed{0};
    const auto start = std::chrono::steady_clock::now();
    data::parallelFor(files.size(), threads, [&](std::size_t i) {
        const auto result = midi::SmfReader::readFile(files[i].path);
        if (!result.ok()) {
            ++failed;
            return;
        }
        std::size_t n = 0;
        for (const auto& s : tokenizer.encode(*result.score)) n += s.size();
        tokens += n;
        notes += result.score->noteCount();
    });
    PassResult r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.notes = notes;
    r.tokens = tokens;
    r.failed = failed;
    return r;
}

// Asks the kernel to forget the cached pages of each file so the next read comes from disk.
// Advisory: pages of files that are mapped or dirty elsewhere may stay.
void dropFromPageCache(const std::vector<InputFile>& files) {
    for (const auto& f : files) {
        const int fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        ::close(fd);
    }
}

void printPass(const char* label, const PassResult& r, std::size_t files) {
    std::printf("%-28s %7.3f s  %8.0f files/s  %6.2f M notes/s  %6.2f M tokens/s\n", label, r.seconds,
                double(files) / r.seconds, double(r.notes) / r.seconds / 1e6,
                double(r.tokens) / r.seconds / 1e6);
}

PassResult median(std::vector<PassResult> runs) {
    std::sort(runs.begin(), runs.end(),
              [](const PassResult& a, const PassResult& b) { return a.seconds < b.seconds; });
    return runs[runs.size() / 2];
}

}  // namespace

CLI::App* addBenchTokenizeCommand(CLI::App& bench, BenchTokenizeOptions& o) {
    auto* cmd = bench.add_subcommand("tokenize", "Time reading and tokenizing every MIDI file in a folder");
    cmd->add_option("folder", o.folder, "Folder of MIDI files (searched recursively)")->required();
    cmd->add_option("--tokenizer,-t", o.tokenizer, "default, rich or a MidiTok tokenizer.json")
        ->capture_default_str();
    cmd->add_option("--jobs,-j", o.jobs, "Worker threads (default: every core)");
    cmd->add_option("--runs", o.runs, "Warm runs (median reported)")->capture_default_str()
        ->check(CLI::Range(1, 100));
    return cmd;
}

int runBenchTokenize(const BenchTokenizeOptions& o) {
    std::string error;
    auto config = resolveTokenizer(o.tokenizer, &error);
    if (!config) {
        std::fprintf(stderr, "mozart bench tokenize: %s\n", error.c_str());
        return 2;
    }
    std::vector<std::string> missing;
    const auto files = collectMidiFiles({o.folder}, &missing);
    if (!missing.empty() || files.empty()) {
        std::fprintf(stderr, "mozart bench tokenize: %s: no MIDI files found\n", o.folder.c_str());
        return 1;
    }
    std::size_t bytes = 0;
    for (const auto& f : files) {
        struct stat st {};
        if (::stat(f.path.c_str(), &st) == 0) bytes += std::size_t(st.st_size);
    }
    const unsigned threads = o.jobs ? o.jobs : data::defaultThreadCount();
    const remi::RemiTokenizer tokenizer(*config);

    dropFromPageCache(files);
    const PassResult cold = runPass(files, tokenizer, threads);
    std::vector<PassResult> warm, single;
    for (int i = 0; i < o.runs; ++i) warm.push_back(runPass(files, tokenizer, threads));
    for (int i = 0; i < o.runs; ++i) single.push_back(runPass(files, tokenizer, 1));

    std::printf("mozart bench tokenize: %zu files, %.1f MB, %zu notes, %zu tokens, %s tokenizer\n",
                files.size(), double(bytes) / 1e6, cold.notes, cold.tokens, o.tokenizer.c_str());
    if (cold.failed) std::printf("(%zu files failed to read and are not counted)\n", cold.failed);
    char label[64];
    std::snprintf(label, sizeof label, "cold, %u thread%s:", threads, threads == 1 ? "" : "s");
    printPass(label, cold, files.size());
    std::snprintf(label, sizeof label, "warm, %u thread%s (median):", threads, threads == 1 ? "" : "s");
    const PassResult warmMedian = median(warm);
    printPass(label, warmMedian, files.size());
    const PassResult singleMedian = median(single);
    printPass("warm, 1 thread (median):", singleMedian, files.size());
    std::printf("thread scaling: %.2fx on %u threads\n", singleMedian.seconds / warmMedian.seconds, threads);
    std::printf("corpus read and tokenized in %.3f s (cold) / %.3f s (warm)\n", cold.seconds,
                warmMedian.seconds);
    return 0;
}

}  // namespace mozart::cli
