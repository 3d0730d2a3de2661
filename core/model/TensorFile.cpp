#include "model/TensorFile.h"

#include <cstring>
#include <new>

#include <ATen/ATen.h>

#include "io/AtomicFile.h"
#include "model/Safetensors.h"

namespace mozart::model {

namespace st = safetensors;

namespace {

std::optional<st::DType> fileType(at::ScalarType t) {
    switch (t) {
        case at::kFloat: return st::DType::F32;
        case at::kBFloat16: return st::DType::BF16;
        case at::kLong: return st::DType::I64;
        case at::kByte: return st::DType::U8;
        default: return std::nullopt;
    }
}

std::optional<at::ScalarType> tensorType(st::DType d) {
    switch (d) {
        case st::DType::F32: return at::kFloat;
        case st::DType::BF16: return at::kBFloat16;
        case st::DType::I64: return at::kLong;
        case st::DType::U8: return at::kByte;
        default: return std::nullopt;
    }
}

}  // namespace

namespace {
TensorFileContents readTensorFileChecked(const std::string& path);
}  // namespace

const at::Tensor* TensorFileContents::find(const std::string& name) const {
    for (const auto& t : tensors)
        if (t.name == name) return &t.tensor;
    return nullptr;
}

std::string TensorFileContents::meta(const std::string& key) const {
    auto it = metadata.find(key);
    return it == metadata.end() ? std::string() : it->second;
}

std::optional<ModelFileError> writeTensorFile(const std::string& path, const std::vector<NamedTensor>& tensors,
                                              const std::map<std::string, std::string>& metadata) {
    std::vector<st::TensorLayout> layout;
    std::vector<at::Tensor> data;
    for (const auto& t : tensors) {
        auto type = fileType(t.tensor.scalar_type());
        if (!type) return ModelFileError{path, std::nullopt, "tensor " + t.name + " has an unsupported type"};
        at::Tensor c = t.tensor.detach().contiguous();
        layout.push_back({t.name, *type, std::vector<std::uint64_t>(c.sizes().begin(), c.sizes().end())});
        data.push_back(c);
    }
    std::vector<std::uint64_t> offsets;
    std::string bytes;
    try {
        bytes = st::serializeHeader(layout, metadata, &offsets);
    } catch (const std::exception& e) {
        return ModelFileError{path, std::nullopt, std::string("cannot write the header: ") + e.what()};
    }
    const std::size_t headerSize = bytes.size();
    std::size_t total = headerSize;
    for (const auto& c : data) total += std::size_t(c.nbytes());
    bytes.resize(total);
    for (std::size_t i = 0; i < data.size(); ++i)
        if (data[i].nbytes() > 0)
            std::memcpy(bytes.data() + headerSize + offsets[i], data[i].data_ptr(), data[i].nbytes());
    std::string error;
    if (!io::writeFileAtomically(path, bytes, &error)) return ModelFileError{path, std::nullopt, error};
    return std::nullopt;
}

TensorFileContents readTensorFile(const std::string& path) {
    // Shapes are bounded by the header check; memory may still run out, and LibTorch throws.
    try {
        return readTensorFileChecked(path);
    } catch (const std::bad_alloc&) {
        TensorFileContents out;
        out.error = ModelFileError{path, std::nullopt, "not enough memory to read the file"};
        return out;
    } catch (const std::exception& e) {
        TensorFileContents out;
        out.error = ModelFileError{path, std::nullopt, std::string("cannot read the tensors: ") + e.what()};
        return out;
    }
}

namespace {

TensorFileContents readTensorFileChecked(const std::string& path) {
    TensorFileContents out;
    std::string bytes, error;
    if (!io::readWholeFile(path, &bytes, &error)) {
        out.error = ModelFileError{path, std::nullopt, error};
        return out;
    }
    if (bytes.size() < 8) {
        out.error = ModelFileError{path, 0, "the file is too short to be a safetensors file"};
        return out;
    }
    std::uint64_t headerLength = 0;
    if (auto e = st::readHeaderLength(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                                      headerLength)) {
        out.error = ModelFileError{path, e->offset, e->message};
        return out;
    }
    st::Header header;
    if (auto e = st::parseHeader(std::string_view(bytes).substr(8, headerLength), headerLength, bytes.size(),
                                 header)) {
        out.error = ModelFileError{path, e->offset, e->message};
        return out;
    }
    if (header.metadata) out.metadata = *header.metadata;
    for (const auto& info : header.tensors) {
        auto type = tensorType(info.dtype);
        if (!type) {
            out.error = ModelFileError{path, std::nullopt,
                                       "tensor " + info.name + " has an unsupported type " + st::dtypeName(info.dtype)};
            return out;
        }
        std::vector<std::int64_t> shape(info.shape.begin(), info.shape.end());
        at::Tensor t = at::empty(shape, at::TensorOptions().dtype(*type));
        if (info.byteSize() > 0)
            std::memcpy(t.data_ptr(), bytes.data() + header.dataStart() + info.begin, info.byteSize());
        out.tensors.push_back({info.name, t});
    }
    return out;
}

}  // namespace

}  // namespace mozart::model
