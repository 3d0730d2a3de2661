// ModelLocator: which model file a user means. `mozart generate --model`, `mozart eval` and the
// studio's Generate panel accept a model file, a checkpoint folder (its model.safetensors) or a
// training run folder (its checkpoint `best`, else `last`); with nothing given they look for the
// bundled default model. Only paths are looked at here: loading and checking the file is
// ModelFile's job, so this unit stays free of LibTorch.
#pragma once

#include <string>
#include <vector>

namespace mozart::generate {

struct LocatedModel {
    std::string file;      // the model file to load; empty when none was found
    std::string error;     // a sentence saying what is missing and how to get a model
};

// A file, checkpoint folder or run folder -> its model file. A folder without a model names what
// it looked for.
LocatedModel locateModel(const std::string& given);

// The places the default model is looked for, in order: $MOZART_DEFAULT_MODEL, then
// <executableDir>/../share/mozart-studio/models/default/model.safetensors (installed), then
// <sourceDir>/resources/models/default/model.safetensors (a build run from its source tree;
// sourceDir may be empty).
std::vector<std::string> defaultModelCandidates(const std::string& executableDir, const std::string& sourceDir);

// The first existing default-model candidate, or an error listing where it looked and how to get one.
LocatedModel findDefaultModel(const std::string& executableDir, const std::string& sourceDir);

// Without `given`: the default model; with it: locateModel(given).
LocatedModel resolveModel(const std::string& given, const std::string& executableDir, const std::string& sourceDir);

// "How to get a model": one sentence for error messages and the studio's empty model picker.
std::string howToGetAModel();

}  // namespace mozart::generate
