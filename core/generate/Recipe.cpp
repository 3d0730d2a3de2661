#include "generate/Recipe.h"

#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "data/Sha256.h"

namespace mozart::generate {

std::string toJson(const Recipe& r, int indent) {
    nlohmann::json j;
    j["format"] = Recipe::kFormat;
    j["version"] = Recipe::kVersion;
    j["checkpoint_id"] = r.checkpointId;
    j["model_file"] = r.modelFile;
    j["variation"] = r.variation;
    j["settings"] = r.settings;
    return j.dump(indent);
}

std::optional<Recipe> parseRecipe(const std::string& text, std::string* error) {
    try {
        const auto j = nlohmann::json::parse(text);
        if (!j.is_object() || j.value("format", std::string()) != Recipe::kFormat) {
            if (error) *error = "not a Mozart recipe (no \"format\": \"mozart-recipe\")";
            return std::nullopt;
        }
        if (j.value("version", 0) != Recipe::kVersion) {
            if (error) *error = "recipe version " + std::to_string(j.value("version", 0)) + " is not supported";
            return std::nullopt;
        }
        Recipe r;
        r.checkpointId = j.value("checkpoint_id", std::string());
        r.modelFile = j.value("model_file", std::string());
        r.variation = j.value("variation", 0);
        r.settings = j.at("settings").get<GenerationSettings>();
        if (std::string problem = validate(r.settings); !problem.empty()) {
            if (error) *error = "the recipe's settings are invalid: " + problem;
            return std::nullopt;
        }
        if (r.variation < 0 || r.variation >= r.settings.variations) {
            if (error) *error = "the recipe's variation is outside its batch";
            return std::nullopt;
        }
        return r;
    } catch (const nlohmann::json::exception& e) {
        if (error) *error = std::string("the recipe is not valid JSON: ") + e.what();
        return std::nullopt;
    }
}

std::string fileSha256(const std::string& path, std::string* error) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) {
        if (error) *error = path + ": cannot open";
        return {};
    }
    data::Sha256 sha;
    std::vector<char> buffer(1 << 20);
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), f.get())) > 0) sha.add(buffer.data(), n);
    if (std::ferror(f.get())) {
        if (error) *error = path + ": read error";
        return {};
    }
    return data::toHex(sha.finish());
}

}  // namespace mozart::generate
