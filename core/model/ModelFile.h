// ModelFile: a trained model on disk, in the safetensors layout (see Safetensors.h), so that
// Python's `safetensors` can read it too. The "__metadata__" carries:
//   "format": "mozart-model", "format_version": "1",
//   "model_config": ModelConfig JSON, "tokenizer_config": the tokenizer's JSON, kept opaque,
//   optionally "labels": a JSON array of the conditioning labels' names, "extra_tokens": a JSON
//   array of the names of our own tokens after the tokenizer's vocabulary, and "note.<key>" entries.
// Tensors are the Transformer's parameters under their parameterSpecs() names, F32 or BF16.
//
// Files are data only and come from anywhere: load() checks the whole header (layout, config,
// names, dtypes, shapes, offsets, vocabulary) before it reads a single weight, and refuses with
// an error naming the file and the problem. save() writes a temporary file beside the target
// and renames it into place, so a crash never leaves half a model under the real name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>
#include <optional>
#include <string>

#include "model/ModelConfig.h"
#include "model/Transformer.h"

namespace mozart::model {

struct ModelFileError {
    std::string file;
    std::optional<std::uint64_t> offset;  // byte in the file, when one place is to blame
    std::string message;                  // a sentence, e.g. "the file is truncated: ..."

    // "file: byte 1234: message" (or "file: message")
    std::string toString() const;
};

// What a model file says about itself (everything but the weights).
struct ModelFileInfo {
    ModelConfig config;
    std::string tokenizerConfig;  // JSON text, as given to save()
    int formatVersion = 0;
    bool bfloat16 = false;  // weights stored as BF16 (any tensor)
    // Names of the conditioning labels (composers, styles), index = label id; empty when the
    // model is unconditioned or the file does not name them (then they are "0", "1", ...).
    std::vector<std::string> labels;
    // Free-form provenance from the trainer (e.g. "run", "step", "trained_on"), never interpreted.
    std::map<std::string, std::string> notes;
    // Tokens of our own after the tokenizer's vocabulary (e.g. the infilling markers
    // FIM_Prefix, FIM_Suffix, FIM_Middle), in id order: ids tokenizer size + 0, + 1, ...
    std::vector<std::string> extraTokens;
    // The tokenizer's vocabulary size this model expects.
    std::int64_t baseVocabSize() const { return config.vocabSize - std::int64_t(extraTokens.size()); }
};

class ModelFile {
public:
    static constexpr int kFormatVersion = 1;
    static constexpr const char* kFormatName = "mozart-model";
    // Our own tokens after the tokenizer's vocabulary are a handful of markers; a longer list is
    // a damaged or hostile file.
    static constexpr std::size_t kMaxExtraTokens = 16;

    struct SaveOptions {
        bool bfloat16 = false;  // halve the file; weights are rounded to bf16 (8 mantissa bits)
        std::vector<std::string> labels;  // at most config.conditioningLabels names
        std::map<std::string, std::string> notes;  // stored as metadata "note.<key>"
        std::vector<std::string> extraTokens;       // stored as metadata "extra_tokens"
    };
    struct LoadOptions {
        // Vocabulary size of the tokenizer the caller will use with the model (without the
        // model's extra tokens); -1 skips the check.
        std::int64_t tokenizerVocabSize = -1;
    };

    // Returns nothing on success. tokenizerConfig must be JSON text (may be "{}").
    static std::optional<ModelFileError> save(const std::string& path, const Transformer& model,
                                              const std::string& tokenizerConfig,
                                              const SaveOptions& options);
    static std::optional<ModelFileError> save(const std::string& path, const Transformer& model,
                                              const std::string& tokenizerConfig) {
        return save(path, model, tokenizerConfig, SaveOptions{});
    }

    struct LoadResult {
        std::optional<Transformer> model;  // in eval mode; empty on error
        ModelFileInfo info;
        std::optional<ModelFileError> error;
        explicit operator bool() const { return !error.has_value(); }
    };
    static LoadResult load(const std::string& path, const LoadOptions& options);
    static LoadResult load(const std::string& path) { return load(path, LoadOptions{}); }

    // Reads and fully checks the header only (cheap: for listing models in the studio).
    // On success `model` stays empty and `error` too.
    static LoadResult inspect(const std::string& path, const LoadOptions& options);

private:
    static LoadResult loadChecked(const std::string& path, const LoadOptions& options);
};

}  // namespace mozart::model
