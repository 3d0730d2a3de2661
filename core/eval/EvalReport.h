// EvalReport: every figure `mozart eval` measures, as plain data, and its three forms: a text
// table for the terminal, a JSON object, and a self-contained HTML page (inline SVG histograms,
// no script, no external file).
//
// Comparisons are made per group: one group per composer label of the corpus (its pieces
// against the pieces generated with that label when the model is conditioned on the corpus's
// labels, else against all generated pieces) and one for the whole corpus against all generated
// pieces. Overlapping areas are those of StatisticDistribution.h (kernel density estimates).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "eval/CopyIndex.h"
#include "eval/MusicStatistics.h"
#include "eval/StatisticDistribution.h"

namespace mozart::eval {

struct LikelihoodFigures {
    std::string label;          // "all" or a composer label
    std::size_t pieces = 0, windows = 0;
    std::int64_t tokens = 0;
    double loss = 0, perplexity = 0, accuracy = 0;
};

struct ValidityFigures {
    bool grammar = true;                 // sampled with the grammar mask
    std::size_t sequences = 0, valid = 0;  // valid: the grammar accepts every token
    std::int64_t tokens = 0;             // generated tokens
    std::int64_t grammarErrors = 0;      // generated tokens the grammar rejects
    std::int64_t decoderErrors = 0;      // tokens the decoder skipped
    double validShare() const { return sequences ? double(valid) / double(sequences) : 0.0; }
};

struct GeneratedSample {
    int label = -1;            // conditioning label (-1: unconditioned)
    std::string labelName;
    std::uint64_t seed = 0;
    int bars = 0, notes = 0, tokens = 0;
    StatisticValues statistics{};
    CopyMatch copy;
};

struct CorpusGroupValues {
    std::string label;                      // composer label, or "(no label)" for the root
    std::vector<StatisticValues> pieces;
};

struct EvalReport {
    std::string model, data, part = "test";
    std::vector<LikelihoodFigures> likelihood;  // [0] = all, then one per label
    std::vector<ValidityFigures> validity;      // with, then without, the grammar mask
    std::vector<CorpusGroupValues> corpus;      // one per label
    std::vector<GeneratedSample> samples;
    bool samplesMatchLabels = false;            // generated labels are the corpus's labels
    std::size_t copyIndexPieces = 0;
    std::string copyIndexFile;                  // empty: built in memory only
    double seconds = 0;
};

// One statistic of one group: the two distributions and their overlap.
struct StatisticComparison {
    std::vector<double> corpus, generated;
    DistributionSummary corpusSummary, generatedSummary;
    double overlap = 0;  // NaN without values on either side
};
struct GroupComparison {
    std::string label;  // "all" or a composer
    std::size_t corpusPieces = 0, generatedPieces = 0;
    std::array<StatisticComparison, kStatisticCount> statistics;
};
std::vector<GroupComparison> compareGroups(const EvalReport& report);

struct CopySummary {
    std::size_t pieces = 0;
    double meanRun = 0;
    int longestRun = 0;
    std::size_t atLeast8 = 0, atLeast16 = 0;  // pieces sharing runs of >= 8 / >= 16 notes
};
CopySummary summarizeCopies(const EvalReport& report);

nlohmann::json toJson(const EvalReport& report);
std::string toText(const EvalReport& report);
std::string toHtml(const EvalReport& report);  // HtmlReport.cpp

constexpr std::size_t kHistogramBins = 20;

}  // namespace mozart::eval
