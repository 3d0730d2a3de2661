// Recipe: how a generated piece was made — the checkpoint's id (SHA-256 of the model file), the
// settings with their seed, the prompt, and which variation of the batch it is — so that the
// same piece can be generated again. It is written as `<name>.json` beside the MIDI file and as
// a text meta event ("mozart-recipe {...}") inside it.
#pragma once

#include <optional>
#include <string>

#include "generate/GenerationSettings.h"

namespace mozart::generate {

struct Recipe {
    static constexpr const char* kFormat = "mozart-recipe";
    static constexpr int kVersion = 1;
    static constexpr const char* kMidiTextPrefix = "mozart-recipe ";

    std::string checkpointId;  // lower-case hex SHA-256 of the model file
    std::string modelFile;     // the path it was loaded from (a hint; the id decides)
    GenerationSettings settings;
    int variation = 0;         // 0-based index in the batch of settings.variations
};

// Compact JSON (indent < 0) for the MIDI text event, indented for the file.
std::string toJson(const Recipe& recipe, int indent = 2);
// Returns nullopt and sets `error` (a sentence) when the text is not a recipe.
std::optional<Recipe> parseRecipe(const std::string& text, std::string* error);

// SHA-256 of a whole file, as sha256sum prints it; empty with `error` set when unreadable.
std::string fileSha256(const std::string& path, std::string* error);

}  // namespace mozart::generate
