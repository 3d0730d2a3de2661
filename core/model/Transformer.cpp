#include "model/Transformer.h"

#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/autocast_mode.h>
#include <c10/core/InferenceMode.h>

#include "model/Attention.h"
#include "model/Bf16Gemv.h"
#include "model/Dropout.h"
#include "model/FusedBlock.h"
#include "model/KvCache.h"
#include "model/SingleRowDecoder.h"

namespace mozart::model {

namespace {

// Handles to one block's tensors (sharing storage with Impl::params), so the hot loops never
// look names up.
using BlockParams = FusedBlockWeights;

// Under CPU bf16 autocast the blocks of forward() run as FusedBlock nodes: the same math with
// bf16 matrix products, which is what autocast asks for, minus its per-use weight casts and
// autograd's per-op temporaries.
bool bf16AutocastOn() {
    return at::autocast::is_cpu_enabled() &&
           at::autocast::get_autocast_cpu_dtype() == at::kBFloat16;
}

// The fixed table of "Attention is all you need", as the reference prototype builds it:
// even columns sin(pos * f_i), odd columns cos(pos * f_i), f_i = 10000^(-2i / width).
at::Tensor sinusoidalTable(std::int64_t positions, std::int64_t width) {
    auto pos = at::arange(positions, at::kFloat).unsqueeze(1);
    auto freq = at::exp(at::arange(0, width, 2, at::kFloat) * (-std::log(10000.0) / double(width)));
    auto table = at::zeros({positions, width}, at::kFloat);
    table.slice(1, 0, width, 2).copy_(at::sin(pos * freq));
    table.slice(1, 1, width, 2).copy_(at::cos(pos * freq));
    return table;
}

void requireLongTensor(const at::Tensor& t, std::int64_t dims, const char* what) {
    if (!t.defined() || t.dim() != dims || t.scalar_type() != at::kLong)
        throw std::invalid_argument(std::string("Transformer: ") + what +
                                    " must be an int64 tensor with " + std::to_string(dims) +
                                    " dimension(s)");
}

}  // namespace

struct Transformer::Impl {
    ModelConfig config;
    bool training = true;
    std::vector<NamedTensor> params;
    at::Tensor tokEmbed, posEmbed, labelEmbed, normW, normB, headW, headB;
    std::vector<BlockParams> blocks;
    at::Tensor sinusoid;  // [maxContext, width], only for sinusoidal positions
    bool decodeBf16 = false;
    mutable std::unordered_map<const void*, std::pair<at::Tensor, std::uint32_t>> reduced;
    bool singleRowKernel = true;
    mutable std::unique_ptr<SingleRowDecoder> rowDecoder;
    mutable SingleRowStep rowStep;

    explicit Impl(const ModelConfig& c, std::uint64_t seed) : config(c) {
        auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
        const double std = 0.02;
        const double residualStd = std / std::sqrt(2.0 * double(c.layers));
        for (const auto& spec : parameterSpecs(c)) {
            auto t = at::empty(spec.shape, at::kFloat);
            const auto& n = spec.name;
            auto endsWith = [&](const char* s) {
                const std::string suffix(s);
                return n.size() >= suffix.size() &&
                       n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
            };
            if (endsWith("norm1.weight") || endsWith("norm2.weight") || n == "norm.weight")
                t.fill_(1.0);
            else if (endsWith(".bias"))
                t.zero_();
            else if (endsWith("attn.out.weight") || endsWith("ffn.down.weight"))
                t.normal_(0.0, residualStd, gen);
            else
                t.normal_(0.0, std, gen);
            t.requires_grad_(true);
            params.push_back({n, t});
        }
        bind();
        if (c.positions == PositionEncoding::Sinusoidal)
            sinusoid = sinusoidalTable(c.maxContext, c.width);
    }

    // Tensors used in place of parameters (by index in params), e.g. W + B A for LoRA.
    std::unordered_map<std::size_t, at::Tensor> overrides;

    // Points the named shortcuts at the tensors in `params`, or at their overrides.
    void bind() {
        std::size_t i = 0;
        auto next = [&]() -> at::Tensor {
            const auto index = i++;
            if (auto o = overrides.find(index); o != overrides.end()) return o->second;
            return params.at(index).tensor;
        };
        tokEmbed = next();
        if (config.positions == PositionEncoding::Learned) posEmbed = next();
        if (config.conditioned()) labelEmbed = next();
        blocks.clear();
        for (std::int64_t l = 0; l < config.layers; ++l) {
            BlockParams b;
            b.norm1W = next(), b.norm1B = next(), b.qkvW = next(), b.qkvB = next();
            b.outW = next(), b.outB = next(), b.norm2W = next(), b.norm2B = next();
            b.upW = next(), b.upB = next(), b.downW = next(), b.downB = next();
            blocks.push_back(std::move(b));
        }
        normW = next();
        normB = next();
        headW = config.tieEmbeddings ? tokEmbed : next();
        headB = next();
    }

    at::Tensor dropout(const at::Tensor& x) const {
        return fastDropout(x, config.dropout, training);
    }

    // Input vectors for `tokens` at positions start.. (after the label prefix when withPrefix).
    at::Tensor embed(const at::Tensor& tokens, const at::Tensor& labels, std::int64_t start,
                     bool withPrefix) const {
        const auto T = tokens.size(1);
        auto x = at::embedding(tokEmbed, tokens);
        if (config.scaleEmbedding) x = x * std::sqrt(double(config.width));
        at::Tensor label;
        if (config.conditioned()) {
            requireLongTensor(labels, 1, "labels");
            if (labels.size(0) != tokens.size(0))
                throw std::invalid_argument("Transformer: labels must have one entry per sequence");
            label = at::embedding(labelEmbed, labels).unsqueeze(1);  // [B, 1, D]
            if (config.conditioning == Conditioning::Added) x = x + label;
        }
        if (withPrefix) x = at::cat({label, x}, 1);
        const auto n = T + (withPrefix ? 1 : 0);
        const auto& table = config.positions == PositionEncoding::Learned ? posEmbed : sinusoid;
        x = x + table.narrow(0, start, n);
        return config.embeddingDropout ? dropout(x) : x;
    }

    // One block over x [B, n, D] at positions start..start+n. Without a cache the n positions
    // are the whole sequence; with one, keys and values of earlier positions come from it.
    at::Tensor block(std::size_t l, at::Tensor x, KvCache* cache, std::int64_t start) const {
        const auto& p = blocks[l];
        const auto B = x.size(0), n = x.size(1), D = config.width, H = config.heads;
        const auto hd = config.headDim();

        auto h = at::layer_norm(x, {D}, p.norm1W, p.norm1B, config.normEpsilon);
        // One matrix product for q, k and v; unbind (not select) so the backward pass stacks
        // three gradients instead of zero-filling the whole qkv tensor three times.
        auto qkv = project(h, p.qkvW, p.qkvB, cache)
                       .view({B, n, 3, H, hd})
                       .permute({2, 0, 3, 1, 4})
                       .unbind(0);
        const auto &q = qkv[0], &k = qkv[1], &v = qkv[2];  // [B, H, n, hd]
        at::Tensor attn;
        if (!cache) {
            attn = causalAttention(q, k, v, config.dropout, training);
        } else {
            auto keys = cache->keys(std::int64_t(l)), values = cache->values(std::int64_t(l));
            keys.narrow(2, start, n).copy_(k);
            values.narrow(2, start, n).copy_(v);
            attn = cachedAttention(q, keys.narrow(2, 0, start + n), values.narrow(2, 0, start + n),
                                   start);
        }
        attn = attn.transpose(1, 2).reshape({B, n, D});
        x = x + dropout(project(attn, p.outW, p.outB, cache));

        h = at::layer_norm(x, {D}, p.norm2W, p.norm2B, config.normEpsilon);
        h = project(h, p.upW, p.upB, cache);
        h = config.activation == Activation::Gelu ? at::gelu(h) : at::relu(h);
        h = fastDropout(h, config.feedForwardDropout, training);  // nn.TransformerEncoderLayer's
        return x + dropout(project(h, p.downW, p.downB, cache));
    }

    at::Tensor head(at::Tensor x, bool dropPrefix, bool decoding) const {
        x = at::layer_norm(x, {config.width}, normW, normB, config.normEpsilon);
        if (dropPrefix) x = x.narrow(1, 1, x.size(1) - 1);
        return project(x, headW, headB, decoding);
    }

    // x W^T + b. For a single row (decoding one sequence) as a matrix-vector product: OpenBLAS
    // 0.3.21 (Debian 12) runs an M=1 sgemm as a full GEMM that re-packs the whole weight
    // matrix on every call, while gemv streams it once; with decodeBf16, from a bf16 copy.
    // Several rows while decoding (a prompt's prefill) with decodeBf16: one bf16 matrix
    // product from the same bf16 copy, on oneDNN's AVX512-BF16 kernels (several times the
    // float32 rate), so a long prompt is read about as fast as training reads a batch.
    at::Tensor project(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b,
                       bool decoding) const {
        const bool reduced = decoding && decodeBf16 && !training && !at::GradMode::is_enabled() &&
                             x.scalar_type() == at::kFloat && w.scalar_type() == at::kFloat;
        if (reduced && x.numel() != x.size(-1))
            return at::linear(x.to(at::kBFloat16), reducedWeight(w), b.to(at::kBFloat16)).to(at::kFloat);
        if (x.numel() != x.size(-1) || x.scalar_type() != w.scalar_type())
            return at::linear(x, w, b);
        auto shape = x.sizes().vec();
        shape.back() = w.size(0);
        if (decoding && decodeBf16 && !training && !at::GradMode::is_enabled())
            return bf16Gemv(reducedWeight(w), x.reshape({-1}), b).view(shape);
        return at::addmv(b, w, x.reshape({-1})).view(shape);
    }

    // decode() of one token of one sequence through SingleRowDecoder, or an undefined tensor
    // when some tensor is not laid out as its loops need (e.g. a strided override).
    at::Tensor decodeSingleRow(const at::Tensor& tokens, const at::Tensor& labels,
                               KvCache& cache) const {
        const auto& c = config;
        const auto& table = c.positions == PositionEncoding::Learned ? posEmbed : sinusoid;
        bool plain = tokEmbed.is_contiguous() && table.is_contiguous() && normW.is_contiguous() &&
                     normB.is_contiguous() && headB.is_contiguous() &&
                     (!labelEmbed.defined() || labelEmbed.is_contiguous());
        for (const auto& b : blocks)
            plain = plain && b.norm1W.is_contiguous() && b.norm1B.is_contiguous() &&
                    b.qkvB.is_contiguous() && b.outB.is_contiguous() &&
                    b.norm2W.is_contiguous() && b.norm2B.is_contiguous() &&
                    b.upB.is_contiguous() && b.downB.is_contiguous();
        if (!plain) return {};
        // Same checks and errors as the embedding lookups of the general path.
        const std::int64_t token = tokens.data_ptr<std::int64_t>()[0];
        TORCH_CHECK(token >= 0 && token < c.vocabSize, "Transformer::decode: token id ", token,
                    " out of range 0..", c.vocabSize - 1);
        auto& s = rowStep;
        s.labelRow = nullptr;
        if (c.conditioned()) {
            requireLongTensor(labels, 1, "labels");
            if (labels.size(0) != tokens.size(0))
                throw std::invalid_argument("Transformer: labels must have one entry per sequence");
            const std::int64_t label = labels.data_ptr<std::int64_t>()[0];
            TORCH_CHECK(label >= 0 && label < c.conditioningLabels, "Transformer::decode: label ",
                        label, " out of range 0..", c.conditioningLabels - 1);
            // A prefix label is already in the cache, as position 0.
            if (c.conditioning == Conditioning::Added)
                s.labelRow = labelEmbed.data_ptr<float>() + label * c.width;
        }
        if (!rowDecoder) rowDecoder = std::make_unique<SingleRowDecoder>(c, cache.capacity());
        const auto start = cache.length();
        s.tokenRow = tokEmbed.data_ptr<float>() + token * c.width;
        s.embedScale = c.scaleEmbedding ? float(std::sqrt(double(c.width))) : 1.0f;
        s.positionRow = table.data_ptr<float>() + start * c.width;
        s.position = start;
        auto bf16 = [&](const at::Tensor& w) {
            return reinterpret_cast<const std::uint16_t*>(reducedWeight(w).data_ptr());
        };
        // The cache's storage is [layers, 2, batch, heads, capacity, headDim]; batch is 1.
        const std::int64_t layerSize = c.heads * cache.capacity() * c.headDim();
        float* storage = cache.keys(0).data_ptr<float>();
        s.layers.resize(blocks.size());
        for (std::size_t l = 0; l < blocks.size(); ++l) {
            const auto& b = blocks[l];
            auto& r = s.layers[l];
            r.norm1W = b.norm1W.data_ptr<float>(), r.norm1B = b.norm1B.data_ptr<float>();
            r.qkvB = b.qkvB.data_ptr<float>(), r.outB = b.outB.data_ptr<float>();
            r.norm2W = b.norm2W.data_ptr<float>(), r.norm2B = b.norm2B.data_ptr<float>();
            r.upB = b.upB.data_ptr<float>(), r.downB = b.downB.data_ptr<float>();
            r.qkvW = bf16(b.qkvW), r.outW = bf16(b.outW), r.upW = bf16(b.upW);
            r.downW = bf16(b.downW);
            r.keys = storage + std::int64_t(2 * l) * layerSize;
            r.values = r.keys + layerSize;
        }
        s.normW = normW.data_ptr<float>(), s.normB = normB.data_ptr<float>();
        s.headB = headB.data_ptr<float>();
        s.headW = bf16(headW);
        auto logits = at::empty({1, 1, c.vocabSize}, at::TensorOptions().dtype(at::kFloat));
        s.logits = logits.data_ptr<float>();
        rowDecoder->run(s);
        return logits;
    }

    // The bf16 copy of weight w, made again whenever w changed since (its version counter
    // moves on every in-place update, e.g. an optimizer step between two previews).
    const at::Tensor& reducedWeight(const at::Tensor& w) const {
        auto& [copy, version] = reduced[w.unsafeGetTensorImpl()];
        if (!copy.defined() || version != w._version()) {
            copy = w.detach().to(at::kBFloat16).contiguous();
            version = w._version();
        }
        return copy;
    }
};

Transformer::Transformer(const ModelConfig& config, std::uint64_t seed) {
    if (auto msg = config.validate(); !msg.empty())
        throw std::invalid_argument("Transformer: " + msg);
    impl_ = std::make_unique<Impl>(config, seed);
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

const ModelConfig& Transformer::config() const { return impl_->config; }
void Transformer::setTraining(bool training) { impl_->training = training; }
bool Transformer::isTraining() const { return impl_->training; }
void Transformer::setDecodeBf16(bool on) {
    impl_->decodeBf16 = on;
    if (!on) impl_->reduced.clear();
}
bool Transformer::decodeBf16() const { return impl_->decodeBf16; }
void Transformer::setSingleRowKernel(bool on) { impl_->singleRowKernel = on; }
bool Transformer::singleRowKernel() const { return impl_->singleRowKernel; }
const std::vector<NamedTensor>& Transformer::namedParameters() const { return impl_->params; }

void Transformer::setParameterOverride(const std::string& name, const at::Tensor& value) {
    auto& params = impl_->params;
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i].name != name) continue;
        if (!value.defined() || value.sizes() != params[i].tensor.sizes() ||
            value.scalar_type() != params[i].tensor.scalar_type())
            throw std::invalid_argument("Transformer::setParameterOverride: " + name +
                                        " needs a float32 tensor of the parameter's shape");
        impl_->overrides[i] = value;
        impl_->reduced.clear();
        impl_->bind();
        return;
    }
    throw std::invalid_argument("Transformer::setParameterOverride: no parameter named " + name);
}

void Transformer::clearParameterOverrides() {
    impl_->overrides.clear();
    impl_->reduced.clear();
    impl_->bind();
}

std::vector<at::Tensor> Transformer::parameters() const {
    std::vector<at::Tensor> out;
    out.reserve(impl_->params.size());
    for (const auto& p : impl_->params) out.push_back(p.tensor);
    return out;
}

at::Tensor Transformer::forward(const at::Tensor& tokens, const at::Tensor& labels) const {
    const auto& c = impl_->config;
    requireLongTensor(tokens, 2, "tokens");
    if (tokens.size(0) < 1 || tokens.size(1) < 1 || tokens.size(1) > c.maxTokens())
        throw std::invalid_argument("Transformer::forward: " + std::to_string(tokens.size(1)) +
                                    " tokens per sequence, expected 1.." +
                                    std::to_string(c.maxTokens()));
    const bool prefix = c.prefixLength() > 0;
    auto x = impl_->embed(tokens, labels, 0, prefix);
    const bool fused = bf16AutocastOn() &&
                       c.width <= kFusedBlockMaxPositions && x.size(1) <= kFusedBlockMaxPositions;
    FusedBlockOptions options;
    options.heads = c.heads;
    options.normEpsilon = c.normEpsilon;
    options.dropout = c.dropout;
    options.feedForwardDropout = c.feedForwardDropout;
    options.training = impl_->training;
    options.activation = c.activation;
    for (std::size_t l = 0; l < impl_->blocks.size(); ++l)
        x = fused ? fusedBlock(x, impl_->blocks[l], options) : impl_->block(l, x, nullptr, 0);
    return impl_->head(x, prefix, false);
}

at::Tensor Transformer::decode(const at::Tensor& tokens, KvCache& cache,
                               const at::Tensor& labels) const {
    // Lighter than NoGradGuard: ops skip the autograd and view-tracking dispatch entirely,
    // which matters when one step is ~150 small ops.
    c10::InferenceMode inference;
    const auto& c = impl_->config;
    requireLongTensor(tokens, 2, "tokens");
    if (tokens.size(0) != cache.batch())
        throw std::invalid_argument("Transformer::decode: " + std::to_string(tokens.size(0)) +
                                    " sequences for a cache of batch " +
                                    std::to_string(cache.batch()));
    if (tokens.size(1) < 1) throw std::invalid_argument("Transformer::decode: no tokens");
    const bool prefix = c.prefixLength() > 0 && cache.length() == 0;
    const auto start = cache.length();
    const auto n = tokens.size(1) + (prefix ? 1 : 0);
    if (n > cache.freePositions())
        throw std::out_of_range("Transformer::decode: " + std::to_string(n) +
                                " positions do not fit in the " +
                                std::to_string(cache.freePositions()) + " left in the cache");
    // The same condition as project()'s bf16 path.
    if (n == 1 && !prefix && cache.batch() == 1 && impl_->singleRowKernel && impl_->decodeBf16 &&
        !impl_->training && !at::GradMode::is_enabled()) {
        auto logits = impl_->decodeSingleRow(tokens, labels, cache);
        if (logits.defined()) {
            cache.advance(1);
            return logits;
        }
    }
    auto x = impl_->embed(tokens, labels, start, prefix);
    for (std::size_t l = 0; l < impl_->blocks.size(); ++l) x = impl_->block(l, x, &cache, start);
    cache.advance(n);
    return impl_->head(x, prefix, true);
}

}  // namespace mozart::model
