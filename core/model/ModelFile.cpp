#include "model/ModelFile.h"

#include <cerrno>
#include <new>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ATen/core/grad_mode.h>
#include <ATen/ops/all.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/isfinite.h>
#include <nlohmann/json.hpp>

#include "io/AtomicFile.h"
#include "model/Safetensors.h"

// The format is little-endian; so are all the machines the studio is built for. Refuse to
// build elsewhere rather than write files nobody else can read.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "ModelFile assumes a little-endian host");

namespace mozart::model {

namespace st = safetensors;

namespace {


std::string inQuotes(const std::string& s) { return "\"" + s + "\""; }

std::string shapeText(const std::vector<std::uint64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// An open file descriptor that closes itself.
struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

// Reads exactly `size` bytes at `offset`; false on error or end of file.
bool readAt(int fd, void* buffer, std::size_t size, std::uint64_t offset) {
    auto* p = static_cast<char*>(buffer);
    while (size > 0) {
        const ssize_t n = ::pread(fd, p, size, off_t(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n, size -= std::size_t(n), offset += std::uint64_t(n);
    }
    return true;
}

// Checks the metadata and the tensor table against what a model built from the stored config
// has. Fills `info`; returns an error message or "".
std::string checkModelHeader(const st::Header& header, const ModelFile::LoadOptions& options,
                             ModelFileInfo& info) {
    const std::string notOurs = "not a Mozart model file: ";
    if (!header.metadata || !header.metadata->count("format"))
        return notOurs + "it has no \"format\" metadata (a safetensors file from another program?)";
    const auto& meta = *header.metadata;
    if (meta.at("format") != ModelFile::kFormatName)
        return notOurs + "its format is " + inQuotes(meta.at("format")) + ", not " +
               inQuotes(ModelFile::kFormatName);
    for (const char* key : {"format_version", "model_config", "tokenizer_config"})
        if (!meta.count(key)) return "the model file lacks the " + inQuotes(key) + " metadata";
    const std::string& version = meta.at("format_version");
    if (version.empty() || version.size() > 6 ||
        version.find_first_not_of("0123456789") != std::string::npos)
        return "the format version " + inQuotes(version) + " is not a number";
    info.formatVersion = std::stoi(version);
    if (info.formatVersion < 1 || info.formatVersion > ModelFile::kFormatVersion)
        return "the model file has format version " + version +
               " but this build reads versions up to " + std::to_string(ModelFile::kFormatVersion) +
               " (saved by a newer Mozart Studio?)";
    std::string error;
    if (!parseModelConfig(meta.at("model_config"), info.config, &error))
        return "the stored " + error;
    info.tokenizerConfig = meta.at("tokenizer_config");
    if (!nlohmann::json::accept(info.tokenizerConfig))
        return "the stored tokenizer configuration is not valid JSON";
    info.labels.clear();
    if (auto it = meta.find("labels"); it != meta.end()) {
        const auto names = nlohmann::json::parse(it->second, nullptr, false);
        if (!names.is_array() || std::int64_t(names.size()) > info.config.conditioningLabels)
            return "the stored \"labels\" are not a list of at most " +
                   std::to_string(info.config.conditioningLabels) + " names";
        for (const auto& n : names) {
            if (!n.is_string()) return "the stored \"labels\" hold something other than names";
            info.labels.push_back(n.get<std::string>());
        }
    }
    info.notes.clear();
    for (const auto& [key, value] : meta)
        if (key.rfind("note.", 0) == 0) info.notes[key.substr(5)] = value;
    info.extraTokens.clear();
    if (auto it = meta.find("extra_tokens"); it != meta.end()) {
        const auto names = nlohmann::json::parse(it->second, nullptr, false);
        if (!names.is_array() || names.size() > ModelFile::kMaxExtraTokens || std::int64_t(names.size()) >= info.config.vocabSize)
            return "the stored \"extra_tokens\" are not a list of at most " + std::to_string(ModelFile::kMaxExtraTokens) +
                   " names smaller than the vocabulary";
        for (const auto& n : names) {
            if (!n.is_string() || n.get<std::string>().empty() || n.get<std::string>().size() > 64)
                return "the stored \"extra_tokens\" hold something other than short names";
            info.extraTokens.push_back(n.get<std::string>());
        }
    }
    if (options.tokenizerVocabSize >= 0 && options.tokenizerVocabSize != info.baseVocabSize())
        return "the model was trained for a vocabulary of " + std::to_string(info.baseVocabSize()) +
               " tokens but the tokenizer has " + std::to_string(options.tokenizerVocabSize);

    // Names must match exactly: a tensor we do not know is a file for another model, not
    // something to skip; a missing one would leave random weights in place.
    const auto specs = parameterSpecs(info.config);
    std::map<std::string, const ParameterSpec*> expected;
    for (const auto& s : specs) expected[s.name] = &s;
    std::set<std::string> seen;
    info.bfloat16 = false;
    for (const auto& t : header.tensors) {
        auto it = expected.find(t.name);
        if (it == expected.end())
            return "unknown tensor " + inQuotes(t.name) +
                   ": the model described by its configuration has no such parameter";
        seen.insert(t.name);
        if (t.dtype != st::DType::F32 && t.dtype != st::DType::BF16)
            return "tensor " + inQuotes(t.name) + " is " + st::dtypeName(t.dtype) +
                   "; only F32 and BF16 are allowed";
        info.bfloat16 = info.bfloat16 || t.dtype == st::DType::BF16;
        const auto& want = it->second->shape;
        if (t.shape.size() != want.size() ||
            !std::equal(want.begin(), want.end(), t.shape.begin(),
                        [](std::int64_t w, std::uint64_t g) { return std::uint64_t(w) == g; }))
            return "tensor " + inQuotes(t.name) + " has shape " + shapeText(t.shape) +
                   " but the configuration needs " +
                   shapeText(std::vector<std::uint64_t>(want.begin(), want.end()));
    }
    for (const auto& s : specs)
        if (!seen.count(s.name)) return "missing tensor " + inQuotes(s.name);
    return {};
}

}  // namespace

std::string ModelFileError::toString() const {
    return file + ": " + (offset ? "byte " + std::to_string(*offset) + ": " : std::string()) +
           message;
}

namespace {

// Opens `path` and checks everything but the weights. On success `file` is left open on it and
// `header` describes it; on failure result.error says why.
bool openAndCheck(const std::string& path, const ModelFile::LoadOptions& options, Fd& file,
                  st::Header& header, ModelFile::LoadResult& result) {
    auto fail = [&](std::string message, std::optional<std::uint64_t> offset = std::nullopt) {
        result.error = ModelFileError{path, offset, std::move(message)};
        return false;
    };
    file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (file.fd < 0)
        return fail(std::string("cannot open the model file: ") + std::strerror(errno));
    struct stat status {};
    if (::fstat(file.fd, &status) != 0)
        return fail(std::string("cannot read the model file: ") + std::strerror(errno));
    if (!S_ISREG(status.st_mode)) return fail("not a model file: it is not a regular file");
    const auto fileSize = std::uint64_t(status.st_size);

    auto describe = [](const st::FormatError& e) {
        switch (e.kind) {
            case st::FormatError::Kind::Truncated:
                return "the file is truncated: " + e.message;
            case st::FormatError::Kind::Trailing:
                return "the file is damaged: " + e.message;
            default:
                return "not a Mozart model file (or a damaged one): " + e.message;
        }
    };
    unsigned char prefix[8] = {};
    if (fileSize >= 8 && !readAt(file.fd, prefix, 8, 0))
        return fail(std::string("cannot read the model file: ") + std::strerror(errno));
    std::uint64_t headerLength = 0;
    if (auto e = st::readHeaderLength(prefix, fileSize, headerLength))
        return fail(describe(*e), e->offset);
    std::string json(headerLength, '\0');
    if (!readAt(file.fd, json.data(), json.size(), 8))
        return fail("the file is truncated inside its header", 8);
    if (auto e = st::parseHeader(json, headerLength, fileSize, header))
        return fail(describe(*e), e->offset);
    if (auto message = checkModelHeader(header, options, result.info); !message.empty())
        return fail(message);
    return true;
}

}  // namespace

ModelFile::LoadResult ModelFile::inspect(const std::string& path, const LoadOptions& options) {
    LoadResult result;
    Fd file(-1);
    st::Header header;
    openAndCheck(path, options, file, header, result);
    return result;
}

ModelFile::LoadResult ModelFile::load(const std::string& path, const LoadOptions& options) {
    // The header checks bound every size (ModelConfig::validate), but memory can still run out
    // on a small machine, and LibTorch reports its own failures by throwing: both become an
    // error naming the file instead of escaping to the caller's thread.
    try {
        return loadChecked(path, options);
    } catch (const std::bad_alloc&) {
        LoadResult result;
        result.error = ModelFileError{path, std::nullopt, "not enough memory to load the model"};
        return result;
    } catch (const std::exception& e) {
        LoadResult result;
        result.error = ModelFileError{path, std::nullopt, std::string("cannot load the model: ") + e.what()};
        return result;
    }
}

ModelFile::LoadResult ModelFile::loadChecked(const std::string& path, const LoadOptions& options) {
    LoadResult result;
    Fd file(-1);
    st::Header header;
    if (!openAndCheck(path, options, file, header, result)) return result;
    auto fail = [&](std::string message, std::uint64_t offset) -> LoadResult {
        result.error = ModelFileError{path, offset, std::move(message)};
        return std::move(result);
    };

    Transformer model(result.info.config);
    std::map<std::string, at::Tensor> params;
    for (const auto& p : model.namedParameters()) params[p.name] = p.tensor;
    at::NoGradGuard noGrad;
    std::vector<std::uint16_t> scratch;
    for (const auto& t : header.tensors) {
        auto target = params.at(t.name);  // checkModelHeader proved every name is known
        const std::uint64_t offset = header.dataStart() + t.begin;
        // A short read means the file shrank since it was checked.
        if (t.dtype == st::DType::F32) {
            if (!readAt(file.fd, target.data_ptr<float>(), t.byteSize(), offset))
                return fail("the file is truncated inside tensor " + inQuotes(t.name), offset);
        } else {
            scratch.resize(t.byteSize() / 2);
            if (!readAt(file.fd, scratch.data(), t.byteSize(), offset))
                return fail("the file is truncated inside tensor " + inQuotes(t.name), offset);
            target.copy_(at::from_blob(scratch.data(), target.sizes(), at::kBFloat16));
        }
        if (!at::isfinite(target).all().item<bool>())
            return fail("tensor " + inQuotes(t.name) + " holds NaN or infinite values", offset);
    }
    model.setTraining(false);
    result.model.emplace(std::move(model));
    return result;
}

std::optional<ModelFileError> ModelFile::save(const std::string& path, const Transformer& model,
                                              const std::string& tokenizerConfig,
                                              const SaveOptions& options) {
    auto fail = [&](std::string message) {
        return ModelFileError{path, std::nullopt, std::move(message)};
    };
    if (!nlohmann::json::accept(tokenizerConfig))
        return fail("the tokenizer configuration to store is not valid JSON");

    std::vector<st::TensorLayout> layout;
    std::vector<at::Tensor> data;
    for (const auto& p : model.namedParameters()) {
        at::Tensor t = p.tensor.detach();
        t = options.bfloat16 ? t.to(at::kBFloat16).contiguous() : t.to(at::kFloat).contiguous();
        layout.push_back({p.name, options.bfloat16 ? st::DType::BF16 : st::DType::F32,
                          std::vector<std::uint64_t>(t.sizes().begin(), t.sizes().end())});
        data.push_back(t);
    }
    std::map<std::string, std::string> metadata{
        {"format", kFormatName},
        {"format_version", std::to_string(kFormatVersion)},
        {"model_config", toJsonString(model.config(), -1)},
        {"tokenizer_config", tokenizerConfig}};
    if (std::int64_t(options.labels.size()) > model.config().conditioningLabels)
        return fail("the model has " + std::to_string(model.config().conditioningLabels) +
                    " conditioning labels but " + std::to_string(options.labels.size()) +
                    " names were given");
    if (!options.labels.empty()) metadata["labels"] = nlohmann::json(options.labels).dump();
    if (!options.extraTokens.empty()) metadata["extra_tokens"] = nlohmann::json(options.extraTokens).dump();
    for (const auto& [key, value] : options.notes) metadata["note." + key] = value;
    std::string header;
    try {
        header = st::serializeHeader(layout, metadata);
    } catch (const nlohmann::json::exception& e) {
        return fail(std::string("cannot write the header: ") + e.what());
    }

    // io::AtomicFile: a temporary file beside the target, fsynced, renamed, folder fsynced; the
    // file gets the mode the umask gives.
    io::AtomicFile out(path);
    std::string error;
    auto why = [&] {  // AtomicFile names the file; ModelFileError does that already
        const std::string prefix = path + ": ";
        return error.rfind(prefix, 0) == 0 ? error.substr(prefix.size()) : error;
    };
    if (!out.open(&error)) return fail("cannot create a temporary file in the target folder: " + why());
    bool ok = out.write(header, &error);
    for (std::size_t i = 0; ok && i < data.size(); ++i)
        ok = out.write(data[i].data_ptr(), std::size_t(data[i].nbytes()), &error);
    if (!ok || !out.commit(&error)) return fail("cannot write the model file: " + why());
    return std::nullopt;
}

}  // namespace mozart::model
