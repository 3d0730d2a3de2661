// TensorFile: named tensors plus string metadata in one safetensors file, for the data files
// that are not models (LoRA adapters, optimizer and trainer state). F32, BF16, I64 and U8
// tensors. Writing is atomic (temporary file, fsync, rename); reading checks the whole header
// (Safetensors.h) before any byte of data is used.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/ModelFile.h"
#include "model/Transformer.h"

namespace mozart::model {

std::optional<ModelFileError> writeTensorFile(const std::string& path, const std::vector<NamedTensor>& tensors,
                                              const std::map<std::string, std::string>& metadata);

struct TensorFileContents {
    std::vector<NamedTensor> tensors;  // in file order, CPU, owning their memory
    std::map<std::string, std::string> metadata;
    std::optional<ModelFileError> error;
    explicit operator bool() const { return !error.has_value(); }
    // nullptr when absent.
    const at::Tensor* find(const std::string& name) const;
    // "" when absent.
    std::string meta(const std::string& key) const;
};
TensorFileContents readTensorFile(const std::string& path);

}  // namespace mozart::model
