#include "cli/TokenFile.h"

namespace mozart::cli {

nlohmann::json tokenFileJson(const std::string& file, const std::vector<remi::TokenSequence>& sequences,
                             const remi::TokenizerConfig& config) {
    nlohmann::json tokens = nlohmann::json::array();
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& s : sequences) {
        tokens.push_back(s.tokens);
        ids.push_back(s.ids);
    }
    const bool oneStream = config.usePrograms && config.oneTokenStreamForPrograms;
    return nlohmann::json{{"file", file},
                          {"return_type", oneStream ? "TokSequence" : "list[TokSequence]"},
                          {"tokens", std::move(tokens)},
                          {"ids", std::move(ids)}};
}

bool parseTokenFile(const std::string& text, std::vector<remi::TokenSequence>* sequences,
                    std::string* error) {
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
    if (readLists("ids", &remi::TokenSequence::ids)) return true;
    if (readLists("tokens", &remi::TokenSequence::tokens)) return true;
    *error = "has no \"ids\" or \"tokens\" list of lists (expected the layout `mozart tokenize` writes)";
    return false;
}

}  // namespace mozart::cli
