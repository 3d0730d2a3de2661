#include "remi/TokenizerConfig.h"

#include <algorithm>
#include <cmath>

#include "remi/PythonNumerics.h"

namespace mozart::remi {

namespace {

std::vector<int> allProgramsInSetOrder() {
    std::vector<std::int64_t> values;
    for (int p = -1; p < 128; ++p) values.push_back(p);  // MidiTok: list(range(-1, 128))
    std::vector<int> out;
    for (std::int64_t v : python::setIterationOrder(values)) out.push_back(static_cast<int>(v));
    return out;
}

std::vector<int> asPythonSet(const std::vector<int>& values) {
    std::vector<std::int64_t> wide(values.begin(), values.end());
    std::vector<int> out;
    for (std::int64_t v : python::setIterationOrder(wide)) out.push_back(static_cast<int>(v));
    return out;
}

std::string formatSpecialToken(const std::string& token) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto pos = token.find('_', start);
        parts.push_back(token.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
        if (pos == std::string::npos) break;
        start = pos + 1;
    }
    if (parts.size() == 1) return parts[0] + "_None";
    if (parts.size() == 2) return token;
    std::string type = parts[0];
    for (std::size_t i = 1; i + 1 < parts.size(); ++i) type += "-" + parts[i];
    return type + "_" + parts.back();
}

}  // namespace

TokenizerConfig::TokenizerConfig() {
    useNoteDurationPrograms = allProgramsInSetOrder();
    programs = useNoteDurationPrograms;
    chordMaps = {
        {"min", {0, 3, 7}},        {"maj", {0, 4, 7}},         {"dim", {0, 3, 6}},
        {"aug", {0, 4, 8}},        {"sus2", {0, 2, 7}},        {"sus4", {0, 5, 7}},
        {"7dom", {0, 4, 7, 10}},   {"7min", {0, 3, 7, 10}},    {"7maj", {0, 4, 7, 11}},
        {"7halfdim", {0, 3, 6, 10}}, {"7dim", {0, 3, 6, 9}},   {"7aug", {0, 4, 8, 11}},
        {"9maj", {0, 4, 7, 10, 14}}, {"9min", {0, 4, 7, 10, 13}},
    };
    timeSignatureRange = {{8, {3, 12, 6}}, {4, {5, 6, 3, 2, 1, 4}}};
    timeSignatureDenominatorOrder = {8, 4};
}

TokenizerConfig TokenizerConfig::rich() {
    TokenizerConfig c;
    c.usePrograms = true;
    c.useTempos = true;
    c.useTimeSignatures = true;
    c.useRests = true;
    c.useChords = true;
    c.oneTokenStreamForPrograms = true;
    c.programChanges = true;
    c.normalize();
    return c;
}

void TokenizerConfig::normalize() {
    std::vector<std::string> formatted;
    for (const auto& t : specialTokens) {
        const std::string f = formatSpecialToken(t);
        if (std::find(formatted.begin(), formatted.end(), f) == formatted.end()) formatted.push_back(f);
    }
    if (std::find(formatted.begin(), formatted.end(), "PAD_None") == formatted.end())
        formatted.push_back("PAD_None");
    specialTokens = formatted;

    useNoteDurationPrograms = asPythonSet(useNoteDurationPrograms);
    programs = asPythonSet(programs);
    oneTokenStreamForPrograms = oneTokenStreamForPrograms && usePrograms;
    programChanges = programChanges && usePrograms;
    if (useRests && useNoteDurationPrograms.size() < 129) {
        if (!usePrograms) {
            useRests = false;
        } else {
            for (int p : programs)
                if (!usesNoteDurations(p)) useRests = false;
        }
    }
    sustainPedalDuration = sustainPedalDuration && useSustainPedals;
    if (oneTokenStreamForPrograms) {  // MidiTok disables attribute controls for one stream
        acPolyphonyTrack = acPolyphonyBar = acPitchClassBar = acNoteDensityTrack = false;
        acNoteDensityBar = acNoteDurationBar = acNoteDurationTrack = acRepetitionTrack = false;
    }
    // Keep the denominator order consistent with the map (hand-edited configs).
    std::vector<int> order;
    for (int d : timeSignatureDenominatorOrder)
        if (timeSignatureRange.count(d) && std::find(order.begin(), order.end(), d) == order.end())
            order.push_back(d);
    for (const auto& [d, nums] : timeSignatureRange)
        if (std::find(order.begin(), order.end(), d) == order.end()) order.push_back(d);
    timeSignatureDenominatorOrder = order;
}

int TokenizerConfig::maxNumPosPerBeat() const {
    int m = 0;
    for (const auto& r : beatRes) m = std::max(m, r.resolution);
    return m;
}

bool TokenizerConfig::usingNoteDurationTokens() const { return !useNoteDurationPrograms.empty(); }

bool TokenizerConfig::usesNoteDurations(int program) const {
    return std::find(useNoteDurationPrograms.begin(), useNoteDurationPrograms.end(), program) !=
           useNoteDurationPrograms.end();
}

bool TokenizerConfig::hasProgram(int program) const {
    return std::find(programs.begin(), programs.end(), program) != programs.end();
}

std::vector<int> TokenizerConfig::timeSignatureDenominators() const {
    std::vector<int> order = timeSignatureDenominatorOrder;
    for (const auto& [d, nums] : timeSignatureRange)
        if (std::find(order.begin(), order.end(), d) == order.end()) order.push_back(d);
    order.erase(std::remove_if(order.begin(), order.end(),
                               [this](int d) { return timeSignatureRange.count(d) == 0; }),
                order.end());
    return order;
}

std::vector<std::pair<int, int>> TokenizerConfig::timeSignatures() const {
    if (!useTimeSignatures) return {{4, 4}};
    std::vector<std::pair<int, int>> out;
    for (int den : timeSignatureDenominators())
        for (int num : timeSignatureRange.at(den)) out.emplace_back(num, den);
    return out;
}

}  // namespace mozart::remi
