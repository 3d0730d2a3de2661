#include "model/LoraAdapters.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include "model/TensorFile.h"

namespace mozart::model {

std::string modelFingerprint(const Transformer& model) {
    std::uint64_t h = 1469598103934665603ULL;
    auto mix = [&](const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ULL;
    };
    const std::string config = toJsonString(model.config(), -1);
    mix(config.data(), config.size());
    for (const auto& p : model.namedParameters()) {
        const at::Tensor t = p.tensor.detach().to(at::kFloat).contiguous();
        mix(t.data_ptr(), std::size_t(t.nbytes()));
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
}

std::vector<std::string> LoraAdapters::targetNames(const ModelConfig& config) {
    std::vector<std::string> names;
    for (std::int64_t i = 0; i < config.layers; ++i) {
        names.push_back("blocks." + std::to_string(i) + ".attn.qkv.weight");
        names.push_back("blocks." + std::to_string(i) + ".attn.out.weight");
    }
    return names;
}

LoraAdapters::LoraAdapters(const ModelConfig& config, std::int64_t rank, double alpha, std::uint64_t seed)
    : config_(config), rank_(rank), alpha_(alpha), targets_(targetNames(config)) {
    if (rank < 1 || !(alpha > 0)) throw std::invalid_argument("LoRA needs rank >= 1 and alpha > 0");
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    const std::int64_t D = config.width;
    for (const auto& name : targets_) {
        const std::int64_t out = name.find(".qkv.") != std::string::npos ? 3 * D : D;
        const double bound = 1.0 / std::sqrt(double(D));
        at::Tensor a = at::empty({rank, D}).uniform_(-bound, bound, gen);
        at::Tensor b = at::zeros({out, rank});
        parameters_.push_back({name + ".lora_a", a.requires_grad_(true)});
        parameters_.push_back({name + ".lora_b", b.requires_grad_(true)});
    }
}

void LoraAdapters::apply(Transformer& model) const {
    const auto& named = model.namedParameters();
    const double s = scale();
    for (std::size_t k = 0; k < targets_.size(); ++k) {
        for (const auto& p : named) {
            if (p.name != targets_[k]) continue;
            const at::Tensor& a = parameters_[2 * k].tensor;
            const at::Tensor& b = parameters_[2 * k + 1].tensor;
            model.setParameterOverride(p.name, at::addmm(p.tensor.detach(), b, a, 1.0, s));
            break;
        }
    }
}

void LoraAdapters::mergeInto(Transformer& model) const {
    at::NoGradGuard noGrad;
    model.clearParameterOverrides();
    const auto& named = model.namedParameters();
    for (std::size_t k = 0; k < targets_.size(); ++k)
        for (const auto& p : named)
            if (p.name == targets_[k]) {
                at::Tensor w = p.tensor;
                w.addmm_(parameters_[2 * k + 1].tensor.detach(), parameters_[2 * k].tensor.detach(), 1.0, scale());
            }
}

std::optional<ModelFileError> LoraAdapters::save(const std::string& path, const std::string& baseFingerprint) const {
    std::map<std::string, std::string> meta{{"format", kFormatName},
                                            {"format_version", std::to_string(kFormatVersion)},
                                            {"rank", std::to_string(rank_)},
                                            {"alpha", nlohmann::json(alpha_).dump()},
                                            {"base_model", baseFingerprint},
                                            {"model_config", toJsonString(config_, -1)}};
    return writeTensorFile(path, parameters_, meta);
}

LoraLoadResult LoraAdapters::load(const std::string& path, const ModelConfig& config) {
    LoraLoadResult result;
    auto fail = [&](std::string message) {
        result.error = ModelFileError{path, std::nullopt, std::move(message)};
        return result;
    };
    TensorFileContents file = readTensorFile(path);
    if (!file) {
        result.error = file.error;
        return result;
    }
    if (file.meta("format") != kFormatName) return fail("this is not a LoRA adapter file (format is not mozart-lora)");
    if (file.meta("format_version") != std::to_string(kFormatVersion))
        return fail("unsupported adapter format version \"" + file.meta("format_version") + "\"");
    ModelConfig stored;
    std::string why;
    if (!parseModelConfig(file.meta("model_config"), stored, &why))
        return fail("the adapters' model configuration is invalid: " + why);
    if (stored != config) return fail("the adapters were trained for a model of a different shape");
    LoraAdapters adapters;
    adapters.config_ = config;
    adapters.targets_ = targetNames(config);
    try {
        adapters.rank_ = std::stoll(file.meta("rank"));
        adapters.alpha_ = nlohmann::json::parse(file.meta("alpha")).get<double>();
    } catch (const std::exception&) {
        return fail("the adapter rank or alpha is missing or not a number");
    }
    if (adapters.rank_ < 1 || adapters.rank_ > config.width || !(adapters.alpha_ > 0))
        return fail("the adapter rank or alpha is out of range");
    if (file.tensors.size() != 2 * adapters.targets_.size())
        return fail("the file holds " + std::to_string(file.tensors.size()) + " tensors, expected " +
                    std::to_string(2 * adapters.targets_.size()));
    const std::int64_t D = config.width, r = adapters.rank_;
    for (const auto& name : adapters.targets_) {
        const std::int64_t out = name.find(".qkv.") != std::string::npos ? 3 * D : D;
        const at::Tensor* a = file.find(name + ".lora_a");
        const at::Tensor* b = file.find(name + ".lora_b");
        if (!a || !b) return fail("adapter tensors for " + name + " are missing");
        if (a->scalar_type() != at::kFloat || b->scalar_type() != at::kFloat)
            return fail("adapter tensors for " + name + " are not F32");
        if (a->sizes() != at::IntArrayRef{r, D} || b->sizes() != at::IntArrayRef{out, r})
            return fail("adapter tensors for " + name + " have the wrong shape");
        if (!at::isfinite(*a).all().item<bool>() || !at::isfinite(*b).all().item<bool>())
            return fail("adapter tensors for " + name + " hold NaN or infinite values");
        adapters.parameters_.push_back({name + ".lora_a", a->clone().requires_grad_(true)});
        adapters.parameters_.push_back({name + ".lora_b", b->clone().requires_grad_(true)});
    }
    result.baseFingerprint = file.meta("base_model");
    result.adapters = std::move(adapters);
    return result;
}

}  // namespace mozart::model
