#include "eval/EvalReport.h"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace mozart::eval {

namespace {

void addValues(std::vector<double>& out, const StatisticValues& v, std::size_t s) { out.push_back(v[s]); }

GroupComparison compareOne(const std::string& label, const std::vector<const StatisticValues*>& corpus,
                           const std::vector<const StatisticValues*>& generated) {
    GroupComparison g;
    g.label = label;
    g.corpusPieces = corpus.size();
    g.generatedPieces = generated.size();
    for (std::size_t s = 0; s < kStatisticCount; ++s) {
        StatisticComparison& c = g.statistics[s];
        for (const auto* v : corpus) addValues(c.corpus, *v, s);
        for (const auto* v : generated) addValues(c.generated, *v, s);
        c.corpusSummary = summarize(c.corpus);
        c.generatedSummary = summarize(c.generated);
        const StatisticInfo& info = statisticInfo(s);
        c.overlap = overlappingArea(c.corpus, c.generated, info.high - info.low);
    }
    return g;
}

// JSON has no NaN: undefined figures are null.
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json summaryJson(const DistributionSummary& s) {
    return {{"count", s.count}, {"mean", number(s.mean)}, {"sd", number(s.sd)}, {"min", number(s.min)},
            {"max", number(s.max)}};
}

std::string cell(double v, const char* format = "%.3f") {
    if (!std::isfinite(v)) return "-";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, v);
    return buffer;
}

}  // namespace

std::vector<GroupComparison> compareGroups(const EvalReport& report) {
    std::vector<GroupComparison> groups;
    std::vector<const StatisticValues*> allCorpus, allGenerated;
    for (const auto& g : report.corpus)
        for (const auto& v : g.pieces) allCorpus.push_back(&v);
    for (const auto& s : report.samples) allGenerated.push_back(&s.statistics);
    groups.push_back(compareOne("all", allCorpus, allGenerated));
    for (const auto& g : report.corpus) {
        std::vector<const StatisticValues*> corpus, generated;
        for (const auto& v : g.pieces) corpus.push_back(&v);
        for (const auto& s : report.samples)
            if (!report.samplesMatchLabels || s.labelName == g.label) generated.push_back(&s.statistics);
        groups.push_back(compareOne(g.label, corpus, generated));
    }
    return groups;
}

CopySummary summarizeCopies(const EvalReport& report) {
    CopySummary c;
    double sum = 0;
    for (const auto& s : report.samples) {
        ++c.pieces;
        sum += s.copy.notes;
        c.longestRun = std::max(c.longestRun, s.copy.notes);
        if (s.copy.notes >= 8) ++c.atLeast8;
        if (s.copy.notes >= 16) ++c.atLeast16;
    }
    c.meanRun = c.pieces ? sum / double(c.pieces) : 0.0;
    return c;
}

nlohmann::json toJson(const EvalReport& r) {
    nlohmann::json j;
    j["model"] = r.model;
    j["data"] = r.data;
    j["part"] = r.part;
    j["seconds"] = r.seconds;
    auto& likelihood = j["likelihood"] = nlohmann::json::array();
    for (const auto& l : r.likelihood)
        likelihood.push_back({{"label", l.label}, {"pieces", l.pieces}, {"windows", l.windows}, {"tokens", l.tokens},
                              {"loss", number(l.loss)}, {"perplexity", number(l.perplexity)},
                              {"accuracy", number(l.accuracy)}});
    auto& validity = j["validity"] = nlohmann::json::array();
    for (const auto& v : r.validity)
        validity.push_back({{"grammar", v.grammar}, {"sequences", v.sequences}, {"valid", v.valid},
                            {"valid_share", v.validShare()}, {"tokens", v.tokens},
                            {"grammar_errors", v.grammarErrors}, {"decoder_errors", v.decoderErrors}});
    nlohmann::json stats = nlohmann::json::object();
    for (std::size_t s = 0; s < kStatisticCount; ++s) {
        const StatisticInfo& info = statisticInfo(s);
        stats[info.key] = {{"name", info.name}, {"unit", info.unit}};
    }
    j["statistics"] = stats;
    auto& groups = j["comparison"] = nlohmann::json::array();
    for (const GroupComparison& g : compareGroups(r)) {
        nlohmann::json group{{"label", g.label}, {"corpus_pieces", g.corpusPieces}, {"generated_pieces", g.generatedPieces}};
        for (std::size_t s = 0; s < kStatisticCount; ++s) {
            const StatisticComparison& c = g.statistics[s];
            const StatisticInfo& info = statisticInfo(s);
            group["statistics"][info.key] = {
                {"corpus", summaryJson(c.corpusSummary)},
                {"generated", summaryJson(c.generatedSummary)},
                {"overlapping_area", number(c.overlap)},
                {"corpus_histogram", histogram(c.corpus, info.low, info.high, kHistogramBins)},
                {"generated_histogram", histogram(c.generated, info.low, info.high, kHistogramBins)},
                {"histogram_range", {info.low, info.high}}};
        }
        groups.push_back(group);
    }
    auto& samples = j["samples"] = nlohmann::json::array();
    for (const auto& s : r.samples) {
        nlohmann::json one{{"label", s.labelName}, {"seed", s.seed}, {"bars", s.bars}, {"notes", s.notes},
                           {"tokens", s.tokens}};
        for (std::size_t k = 0; k < kStatisticCount; ++k) one["statistics"][statisticInfo(k).key] = number(s.statistics[k]);
        one["copy"] = {{"longest_shared_run", s.copy.notes}, {"training_piece", s.copy.trainingPiece},
                       {"training_note", s.copy.trainingNote}, {"piece_note", s.copy.pieceNote}};
        samples.push_back(one);
    }
    const CopySummary c = summarizeCopies(r);
    j["copying"] = {{"index_pieces", r.copyIndexPieces}, {"index_file", r.copyIndexFile},
                    {"shortest_run_reported", CopyIndex::kShingle + 1}, {"pieces", c.pieces},
                    {"mean_longest_run", c.meanRun}, {"longest_run", c.longestRun},
                    {"pieces_with_run_8_or_more", c.atLeast8}, {"pieces_with_run_16_or_more", c.atLeast16}};
    return j;
}

std::string toText(const EvalReport& r) {
    std::string out;
    char line[512];
    out += "Likelihood on the " + r.part + " part:\n";
    std::snprintf(line, sizeof line, "  %-20s %7s %8s %10s %8s %11s %9s\n", "label", "pieces", "windows", "tokens",
                  "loss", "perplexity", "accuracy");
    out += line;
    for (const auto& l : r.likelihood) {
        std::snprintf(line, sizeof line, "  %-20s %7zu %8zu %10lld %8s %11s %8s%%\n", l.label.c_str(), l.pieces,
                      l.windows, (long long)l.tokens, cell(l.loss, "%.4f").c_str(), cell(l.perplexity).c_str(),
                      cell(100 * l.accuracy, "%.2f").c_str());
        out += line;
    }
    if (!r.validity.empty()) {
        out += "\nValidity of generated sequences:\n";
        for (const auto& v : r.validity) {
            std::snprintf(line, sizeof line,
                          "  %-16s %zu of %zu pass the REMI grammar (%.0f%%); %lld of %lld tokens rejected, "
                          "%lld skipped by the decoder\n",
                          v.grammar ? "grammar on:" : "grammar off:", v.valid, v.sequences, 100 * v.validShare(),
                          (long long)v.grammarErrors, (long long)v.tokens, (long long)v.decoderErrors);
            out += line;
        }
    }
    for (const GroupComparison& g : compareGroups(r)) {
        std::snprintf(line, sizeof line, "\nStatistics, %s (corpus %zu pieces, generated %zu): mean +- sd\n",
                      g.label == "all" ? "whole corpus" : g.label.c_str(), g.corpusPieces, g.generatedPieces);
        out += line;
        std::snprintf(line, sizeof line, "  %-22s %20s %20s %8s\n", "statistic", "corpus", "generated", "overlap");
        out += line;
        for (std::size_t s = 0; s < kStatisticCount; ++s) {
            const StatisticComparison& c = g.statistics[s];
            std::snprintf(line, sizeof line, "  %-22s %9s +- %-7s %9s +- %-7s %8s\n", statisticInfo(s).name,
                          cell(c.corpusSummary.mean).c_str(), cell(c.corpusSummary.sd).c_str(),
                          cell(c.generatedSummary.mean).c_str(), cell(c.generatedSummary.sd).c_str(),
                          cell(c.overlap).c_str());
            out += line;
        }
    }
    if (!r.samples.empty()) {
        const CopySummary c = summarizeCopies(r);
        std::snprintf(line, sizeof line,
                      "\nCopying (against %zu training pieces; runs under %d notes count as 0):\n"
                      "  longest shared run: mean %.1f notes, longest %d; %zu of %zu pieces share >= 8 notes, "
                      "%zu share >= 16\n",
                      r.copyIndexPieces, CopyIndex::kShingle + 1, c.meanRun, c.longestRun, c.atLeast8, c.pieces,
                      c.atLeast16);
        out += line;
        for (std::size_t i = 0; i < r.samples.size(); ++i) {
            const auto& s = r.samples[i];
            std::snprintf(line, sizeof line, "  sample %zu (%s, seed %llu): %d notes, longest shared run %d%s%s\n",
                          i + 1, s.labelName.empty() ? "-" : s.labelName.c_str(), (unsigned long long)s.seed,
                          s.notes, s.copy.notes, s.copy.notes ? " with " : "", s.copy.trainingPiece.c_str());
            out += line;
        }
    }
    return out;
}

}  // namespace mozart::eval
