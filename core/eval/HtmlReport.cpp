// The HTML form of an EvalReport: one file, its histograms drawn as inline SVG here (no script,
// no external style sheet or font), so it opens anywhere and can be mailed or attached.
#include <cmath>
#include <cstdio>
#include <string>

#include "eval/EvalReport.h"

namespace mozart::eval {

namespace {

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string fmt(double v, const char* format = "%.3f") {
    if (!std::isfinite(v)) return "&#8211;";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, v);
    return buffer;
}

// Two normalised histograms over the statistic's range, corpus behind, generated in front.
std::string histogramSvg(const StatisticComparison& c, const StatisticInfo& info) {
    const double width = 260, height = 120, left = 6, bottom = 100, top = 16;
    const auto a = histogram(c.corpus, info.low, info.high, kHistogramBins);
    const auto b = histogram(c.generated, info.low, info.high, kHistogramBins);
    double peak = 1e-9;
    for (double v : a) peak = std::max(peak, v);
    for (double v : b) peak = std::max(peak, v);
    const double barWidth = (width - 2 * left) / double(kHistogramBins);
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt(width, "%.0f") + "\" height=\"" +
                      fmt(height, "%.0f") + "\" viewBox=\"0 0 " + fmt(width, "%.0f") + " " + fmt(height, "%.0f") +
                      "\" role=\"img\"><title>" + escape(info.name) + "</title>";
    auto bars = [&](const std::vector<double>& h, const char* colour, double inset) {
        for (std::size_t i = 0; i < h.size(); ++i) {
            if (h[i] <= 0) continue;
            const double barHeight = (bottom - top) * h[i] / peak;
            svg += "<rect x=\"" + fmt(left + barWidth * double(i) + inset, "%.1f") + "\" y=\"" +
                   fmt(bottom - barHeight, "%.1f") + "\" width=\"" + fmt(barWidth - 2 * inset, "%.1f") +
                   "\" height=\"" + fmt(barHeight, "%.1f") + "\" fill=\"" + colour + "\"/>";
        }
    };
    bars(a, "rgba(60,110,180,0.55)", 0.5);
    bars(b, "rgba(230,120,30,0.75)", 3);
    svg += "<line x1=\"" + fmt(left, "%.0f") + "\" y1=\"" + fmt(bottom, "%.0f") + "\" x2=\"" +
           fmt(width - left, "%.0f") + "\" y2=\"" + fmt(bottom, "%.0f") + "\" stroke=\"#444\"/>";
    svg += "<text x=\"" + fmt(left, "%.0f") + "\" y=\"114\" font-size=\"10\">" + fmt(info.low, "%g") + "</text>";
    svg += "<text x=\"" + fmt(width - left, "%.0f") + "\" y=\"114\" font-size=\"10\" text-anchor=\"end\">" +
           fmt(info.high, "%g") + "</text>";
    svg += "<text x=\"" + fmt(width / 2, "%.0f") + "\" y=\"11\" font-size=\"11\" text-anchor=\"middle\">" +
           escape(info.name) + " &#8211; overlap " + fmt(c.overlap, "%.2f") + "</text></svg>";
    return svg;
}

void likelihoodTable(std::string& h, const EvalReport& r) {
    h += "<h2>Likelihood on the " + escape(r.part) + " part</h2>\n<table><tr><th>label</th><th>pieces</th>"
         "<th>windows</th><th>tokens</th><th>loss</th><th>perplexity</th><th>token accuracy</th></tr>\n";
    for (const auto& l : r.likelihood)
        h += "<tr><td>" + escape(l.label) + "</td><td>" + std::to_string(l.pieces) + "</td><td>" +
             std::to_string(l.windows) + "</td><td>" + std::to_string(l.tokens) + "</td><td>" + fmt(l.loss, "%.4f") +
             "</td><td>" + fmt(l.perplexity) + "</td><td>" + fmt(100 * l.accuracy, "%.2f") + "%</td></tr>\n";
    h += "</table>\n";
}

void validityTable(std::string& h, const EvalReport& r) {
    if (r.validity.empty()) return;
    h += "<h2>Validity</h2>\n<p>A sequence is valid when the REMI grammar accepts every one of its tokens.</p>\n"
         "<table><tr><th>sampling</th><th>sequences</th><th>valid</th><th>generated tokens</th>"
         "<th>tokens the grammar rejects</th><th>tokens the decoder skipped</th></tr>\n";
    for (const auto& v : r.validity)
        h += std::string("<tr><td>") + (v.grammar ? "grammar on" : "grammar off") + "</td><td>" +
             std::to_string(v.sequences) + "</td><td>" + std::to_string(v.valid) + " (" +
             fmt(100 * v.validShare(), "%.0f") + "%)</td><td>" + std::to_string(v.tokens) + "</td><td>" +
             std::to_string(v.grammarErrors) + "</td><td>" + std::to_string(v.decoderErrors) + "</td></tr>\n";
    h += "</table>\n";
}

void groupSection(std::string& h, const GroupComparison& g) {
    h += "<h3>" + escape(g.label == "all" ? std::string("Whole corpus") : g.label) + " (corpus " +
         std::to_string(g.corpusPieces) + " pieces, generated " + std::to_string(g.generatedPieces) + ")</h3>\n";
    h += "<table><tr><th>statistic</th><th>corpus mean &#177; sd</th><th>generated mean &#177; sd</th>"
         "<th>overlapping area</th></tr>\n";
    for (std::size_t s = 0; s < kStatisticCount; ++s) {
        const StatisticComparison& c = g.statistics[s];
        const StatisticInfo& info = statisticInfo(s);
        const std::string unit = *info.unit ? std::string(" (") + info.unit + ")" : std::string();
        h += "<tr><td>" + escape(info.name + unit) + "</td><td>" + fmt(c.corpusSummary.mean) + " &#177; " +
             fmt(c.corpusSummary.sd) + "</td><td>" + fmt(c.generatedSummary.mean) + " &#177; " +
             fmt(c.generatedSummary.sd) + "</td><td>" + fmt(c.overlap) + "</td></tr>\n";
    }
    h += "</table>\n<div class=\"plots\">\n";
    for (std::size_t s = 0; s < kStatisticCount; ++s) h += histogramSvg(g.statistics[s], statisticInfo(s)) + "\n";
    h += "</div>\n";
}

void copyTable(std::string& h, const EvalReport& r) {
    if (r.samples.empty()) return;
    const CopySummary c = summarizeCopies(r);
    h += "<h2>Copying</h2>\n<p>Longest run of consecutive notes (pitch and onset intervals, so transpositions count) "
         "each generated piece shares with any of the " + std::to_string(r.copyIndexPieces) +
         " training pieces; runs under " + std::to_string(CopyIndex::kShingle + 1) +
         " notes count as 0. Mean " + fmt(c.meanRun, "%.1f") + " notes, longest " + std::to_string(c.longestRun) +
         "; " + std::to_string(c.atLeast8) + " of " + std::to_string(c.pieces) + " pieces share 8 notes or more, " +
         std::to_string(c.atLeast16) + " share 16 or more.</p>\n<table><tr><th>sample</th><th>label</th>"
         "<th>seed</th><th>bars</th><th>notes</th><th>longest shared run</th><th>training piece</th></tr>\n";
    for (std::size_t i = 0; i < r.samples.size(); ++i) {
        const auto& s = r.samples[i];
        h += "<tr><td>" + std::to_string(i + 1) + "</td><td>" + escape(s.labelName) + "</td><td>" +
             std::to_string(s.seed) + "</td><td>" + std::to_string(s.bars) + "</td><td>" + std::to_string(s.notes) +
             "</td><td>" + std::to_string(s.copy.notes) + "</td><td>" + escape(s.copy.trainingPiece) + "</td></tr>\n";
    }
    h += "</table>\n";
}

}  // namespace

std::string toHtml(const EvalReport& r) {
    std::string h =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>mozart eval: " +
        escape(r.model) +
        "</title>\n<style>\nbody{font-family:sans-serif;margin:2em;max-width:72em}"
        "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #bbb;padding:2px 8px;text-align:right}"
        "td:first-child,th:first-child{text-align:left}.plots svg{margin:4px;border:1px solid #ddd}"
        ".key span{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 4px}\n</style>\n"
        "</head>\n<body>\n<h1>Evaluation of " + escape(r.model) + "</h1>\n<p>Data: " + escape(r.data) + "</p>\n";
    likelihoodTable(h, r);
    validityTable(h, r);
    h += "<h2>Music statistics</h2>\n<p>MusPy's definitions (see core/eval/MusicStatistics.h), on the corpus as the "
         "tokenizer sees it and on the generated pieces. Overlapping area: of the two Gaussian kernel density "
         "estimates (0 = disjoint, 1 = identical). Histograms are normalised over each statistic's range.</p>\n"
         "<p class=\"key\"><span style=\"background:rgba(60,110,180,0.55)\"></span>corpus "
         "<span style=\"background:rgba(230,120,30,0.75)\"></span>generated</p>\n";
    for (const GroupComparison& g : compareGroups(r)) groupSection(h, g);
    copyTable(h, r);
    h += "</body>\n</html>\n";
    return h;
}

}  // namespace mozart::eval
