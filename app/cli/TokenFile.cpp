#include "cli/TokenFile.h"

namespace mozart::cli {

nlohmann::json tokenFileJson(const std::string& file, const std::vector<remi::TokenSequence>& sequences,
                             const std::vector<remi::StreamTrack>& tracks,
                             const remi::TokenizerConfig& config) {
    nlohmann::json tokens = nlohmann::json::array();
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& s : sequences) {
        tokens.push_back(s.tokens);
        ids.push_back(s.ids);
    }
    nlohmann::json trackList = nlohmann::json::array();
    for (const auto& t : tracks)
        trackList.push_back({{"program", t.program}, {"is_drum", t.isDrum}, {"name", t.name},
                             {"num_notes", t.notes}});
    const bool oneStream = config.usePrograms && config.oneTokenStreamForPrograms;
    nlohmann::json j{{"file", file},
                     {"return_type", oneStream ? "TokSequence" : "list[TokSequence]"},
                     {"tokens", std::move(tokens)},
                     {"ids", std::move(ids)},
                     {"tracks", std::move(trackList)}};
    return j;
}

bool parseTokenFile(const std::string& text, std::vector<remi::TokenSequence>* sequences,
                    std::vector<remi::StreamTrack>* tracks, std::string* error) {
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
        *error = "not valid JSON";
        return false;
    }
    auto readLists = [&](const char* key, auto member) {
        if (!json.is_object() || !json.contains(key) || !json[key].is_array()) return false;
        auto lists = json[key];
        // A single flat list is accepted as one stream.
        if (!lists.empty() && !lists.front().is_array()) lists = nlohmann::json::array({lists});
        sequences->clear();
        for (const auto& list : lists) {
            if (!list.is_array()) return false;
            remi::TokenSequence seq;
            for (const auto& v : list) {
                using Value = typename std::decay_t<decltype(seq.*member)>::value_type;
                if constexpr (std::is_same_v<Value, std::string>) {
                    if (!v.is_string()) return false;
                } else {
                    if (!v.is_number_integer()) return false;
                }
                (seq.*member).push_back(v.get<Value>());
            }
            sequences->push_back(std::move(seq));
        }
        return true;
    };
    tracks->clear();
    if (json.is_object() && json.contains("tracks") && json["tracks"].is_array()) {
        for (const auto& t : json["tracks"]) {
            if (!t.is_object()) continue;
            remi::StreamTrack track;
            track.program = t.value("program", 0);
            track.isDrum = t.value("is_drum", false);
            track.name = t.value("name", std::string());
            tracks->push_back(std::move(track));
        }
    }
    if (readLists("ids", &remi::TokenSequence::ids)) return true;
    if (readLists("tokens", &remi::TokenSequence::tokens)) return true;
    *error = "has no \"ids\" or \"tokens\" list of lists (expected the layout `mozart tokenize` writes)";
    return false;
}

}  // namespace mozart::cli
