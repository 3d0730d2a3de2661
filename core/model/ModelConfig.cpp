#include "model/ModelConfig.h"

#include <nlohmann/json.hpp>

#include <set>

namespace mozart::model {

namespace {

const char* toString(Activation a) { return a == Activation::Gelu ? "gelu" : "relu"; }
const char* toString(PositionEncoding p) {
    return p == PositionEncoding::Learned ? "learned" : "sinusoidal";
}
const char* toString(Conditioning c) { return c == Conditioning::Added ? "added" : "prefix"; }

template <class E>
E parseEnum(const nlohmann::json& j, const char* key,
            std::initializer_list<std::pair<const char*, E>> options) {
    const std::string s = j.at(key).get<std::string>();
    for (const auto& [name, value] : options)
        if (s == name) return value;
    std::string allowed;
    for (const auto& [name, value] : options)
        allowed += std::string(allowed.empty() ? "" : ", ") + name;
    throw nlohmann::json::other_error::create(
        501, std::string("\"") + key + "\" is \"" + s + "\" but must be one of: " + allowed, &j);
}

const std::set<std::string>& knownKeys() {
    static const std::set<std::string> keys{
        "vocab_size",          "width",        "heads",          "layers",      "feed_forward",
        "max_context",         "dropout",      "activation",     "positions",   "scale_embedding",
        "conditioning_labels", "conditioning", "tie_embeddings", "norm_epsilon",
        "embedding_dropout",   "feed_forward_dropout"};
    return keys;
}

}  // namespace

std::string ModelConfig::validate() const {
    auto positive = [](std::int64_t v, const char* name, std::int64_t limit) -> std::string {
        if (v <= 0)
            return std::string(name) + " must be positive (it is " + std::to_string(v) + ")";
        if (v > limit)
            return std::string(name) + " is " + std::to_string(v) + ", more than the supported " +
                   std::to_string(limit);
        return {};
    };
    // Limits keep every derived size (and every shape product in a model file) far from overflow.
    for (auto msg : {positive(vocabSize, "vocab_size", 1 << 24), positive(width, "width", 1 << 16),
                     positive(heads, "heads", 1 << 10), positive(layers, "layers", 1 << 10),
                     positive(feedForward, "feed_forward", 1 << 18),
                     positive(maxContext, "max_context", 1 << 20)})
        if (!msg.empty()) return msg;
    if (width % heads != 0)
        return "width " + std::to_string(width) + " is not a multiple of heads " +
               std::to_string(heads);
    if (positions == PositionEncoding::Sinusoidal && width % 2 != 0)
        return "sinusoidal positions need an even width (it is " + std::to_string(width) + ")";
    if (!(dropout >= 0.0 && dropout < 1.0))
        return "dropout must be in [0, 1) (it is " + std::to_string(dropout) + ")";
    if (!(feedForwardDropout >= 0.0 && feedForwardDropout < 1.0))
        return "feed_forward_dropout must be in [0, 1) (it is " +
               std::to_string(feedForwardDropout) + ")";
    if (conditioningLabels < 0 || conditioningLabels > (1 << 20))
        return "conditioning_labels must be between 0 and 1048576 (it is " +
               std::to_string(conditioningLabels) + ")";
    if (maxTokens() < 1)
        return "max_context leaves no room for tokens after the conditioning prefix";
    if (!(normEpsilon > 0.0 && normEpsilon < 1.0))
        return "norm_epsilon must be in (0, 1) (it is " + std::to_string(normEpsilon) + ")";
    // Each field within its limit can still multiply into more memory than any machine has; a
    // file from a stranger must not make us try (std::bad_alloc, or worse, swapping to death).
    auto gib = [](std::int64_t bytes) { return std::to_string((bytes + (1LL << 30) - 1) >> 30) + " GiB"; };
    if (weightBytes() > kMaxWeightBytes)
        return "vocab_size " + std::to_string(vocabSize) + ", width " + std::to_string(width) + ", layers " +
               std::to_string(layers) + ", feed_forward " + std::to_string(feedForward) + " and max_context " +
               std::to_string(maxContext) + " make a model of " + gib(weightBytes()) +
               ", more than the supported " + gib(kMaxWeightBytes);
    if (kvCacheBytesPerSequence() > kMaxKvCacheBytes)
        return "max_context " + std::to_string(maxContext) + " x layers " + std::to_string(layers) + " x width " +
               std::to_string(width) + " need a KV cache of " + gib(kvCacheBytesPerSequence()) +
               " per sequence, more than the supported " + gib(kMaxKvCacheBytes);
    return {};
}

std::int64_t ModelConfig::weightBytes() const {
    // Formula of parameterSpecs() without building the list (validate() runs before it may).
    const std::int64_t D = width, F = feedForward, V = vocabSize;
    std::int64_t n = V * D + V + 2 * D + layers * (4 * D * D + 2 * F * D + 9 * D + F);
    n += maxContext * D;  // learned table, or the computed sinusoidal one
    n += conditioningLabels * D;
    if (!tieEmbeddings) n += V * D;
    return n * 4;  // float32
}

std::int64_t ModelConfig::kvCacheBytesPerSequence() const { return 2 * layers * maxContext * width * 4; }

bool ModelConfig::operator==(const ModelConfig& o) const {
    return vocabSize == o.vocabSize && width == o.width && heads == o.heads && layers == o.layers &&
           feedForward == o.feedForward && maxContext == o.maxContext && dropout == o.dropout &&
           activation == o.activation && positions == o.positions &&
           scaleEmbedding == o.scaleEmbedding && conditioningLabels == o.conditioningLabels &&
           conditioning == o.conditioning && tieEmbeddings == o.tieEmbeddings &&
           normEpsilon == o.normEpsilon && embeddingDropout == o.embeddingDropout &&
           feedForwardDropout == o.feedForwardDropout;
}

void to_json(nlohmann::json& j, const ModelConfig& c) {
    j = nlohmann::json{{"vocab_size", c.vocabSize},
                       {"width", c.width},
                       {"heads", c.heads},
                       {"layers", c.layers},
                       {"feed_forward", c.feedForward},
                       {"max_context", c.maxContext},
                       {"dropout", c.dropout},
                       {"activation", toString(c.activation)},
                       {"positions", toString(c.positions)},
                       {"scale_embedding", c.scaleEmbedding},
                       {"conditioning_labels", c.conditioningLabels},
                       {"conditioning", toString(c.conditioning)},
                       {"tie_embeddings", c.tieEmbeddings},
                       {"norm_epsilon", c.normEpsilon}};
    // Written only when they differ from the defaults, so that a model without them has the same
    // JSON as before they existed (and older builds, which refuse unknown keys, still read it).
    const ModelConfig d;
    if (c.embeddingDropout != d.embeddingDropout) j["embedding_dropout"] = c.embeddingDropout;
    if (c.feedForwardDropout != d.feedForwardDropout)
        j["feed_forward_dropout"] = c.feedForwardDropout;
}

void from_json(const nlohmann::json& j, ModelConfig& c) {
    if (!j.is_object())
        throw nlohmann::json::type_error::create(302, "model config must be a JSON object", &j);
    for (const auto& item : j.items())
        if (!knownKeys().count(item.key()))
            throw nlohmann::json::other_error::create(
                501, "unknown model config key \"" + item.key() + "\"", &j);
    ModelConfig d;  // defaults for absent keys
    // Integers must be integers: get<int64_t>() would silently truncate 2.5 to 2.
    auto integer = [&](const char* key, std::int64_t fallback) -> std::int64_t {
        if (!j.contains(key)) return fallback;
        const auto& v = j.at(key);
        if (!v.is_number_integer())
            throw nlohmann::json::type_error::create(
                302, std::string("\"") + key + "\" must be an integer", &j);
        return v.get<std::int64_t>();
    };
    auto number = [&](const char* key, double fallback) -> double {
        if (!j.contains(key)) return fallback;
        const auto& v = j.at(key);
        if (!v.is_number())
            throw nlohmann::json::type_error::create(
                302, std::string("\"") + key + "\" must be a number", &j);
        return v.get<double>();
    };
    auto boolean = [&](const char* key, bool fallback) -> bool {
        if (!j.contains(key)) return fallback;
        const auto& v = j.at(key);
        if (!v.is_boolean())
            throw nlohmann::json::type_error::create(
                302, std::string("\"") + key + "\" must be true or false", &j);
        return v.get<bool>();
    };
    c.vocabSize = integer("vocab_size", d.vocabSize);
    c.width = integer("width", d.width);
    c.heads = integer("heads", d.heads);
    c.layers = integer("layers", d.layers);
    c.feedForward = integer("feed_forward", d.feedForward);
    c.maxContext = integer("max_context", d.maxContext);
    c.dropout = number("dropout", d.dropout);
    c.activation =
        j.contains("activation")
            ? parseEnum<Activation>(j, "activation",
                                    {{"gelu", Activation::Gelu}, {"relu", Activation::Relu}})
            : d.activation;
    c.positions = j.contains("positions")
                      ? parseEnum<PositionEncoding>(j, "positions",
                                                    {{"learned", PositionEncoding::Learned},
                                                     {"sinusoidal", PositionEncoding::Sinusoidal}})
                      : d.positions;
    c.scaleEmbedding = boolean("scale_embedding", d.scaleEmbedding);
    c.conditioningLabels = integer("conditioning_labels", d.conditioningLabels);
    c.conditioning = j.contains("conditioning")
                         ? parseEnum<Conditioning>(
                               j, "conditioning",
                               {{"added", Conditioning::Added}, {"prefix", Conditioning::Prefix}})
                         : d.conditioning;
    c.tieEmbeddings = boolean("tie_embeddings", d.tieEmbeddings);
    c.normEpsilon = number("norm_epsilon", d.normEpsilon);
    c.embeddingDropout = boolean("embedding_dropout", d.embeddingDropout);
    c.feedForwardDropout = number("feed_forward_dropout", d.feedForwardDropout);
}

std::string toJsonString(const ModelConfig& c, int indent) {
    return nlohmann::json(c).dump(indent);
}

bool parseModelConfig(const std::string& text, ModelConfig& out, std::string* error) {
    auto fail = [&](const std::string& msg) {
        if (error) *error = msg;
        return false;
    };
    ModelConfig c;
    try {
        c = nlohmann::json::parse(text).get<ModelConfig>();
    } catch (const nlohmann::json::exception& e) {
        return fail(std::string("model config: ") + e.what());
    }
    if (auto msg = c.validate(); !msg.empty()) return fail("model config: " + msg);
    out = c;
    return true;
}

std::int64_t ParameterSpec::numel() const {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

std::vector<ParameterSpec> parameterSpecs(const ModelConfig& c) {
    const std::int64_t D = c.width, F = c.feedForward, V = c.vocabSize;
    std::vector<ParameterSpec> specs;
    specs.push_back({"tok_embed.weight", {V, D}});
    if (c.positions == PositionEncoding::Learned)
        specs.push_back({"pos_embed.weight", {c.maxContext, D}});
    if (c.conditioned()) specs.push_back({"label_embed.weight", {c.conditioningLabels, D}});
    for (std::int64_t i = 0; i < c.layers; ++i) {
        const std::string p = "blocks." + std::to_string(i) + ".";
        specs.push_back({p + "norm1.weight", {D}});
        specs.push_back({p + "norm1.bias", {D}});
        specs.push_back({p + "attn.qkv.weight", {3 * D, D}});
        specs.push_back({p + "attn.qkv.bias", {3 * D}});
        specs.push_back({p + "attn.out.weight", {D, D}});
        specs.push_back({p + "attn.out.bias", {D}});
        specs.push_back({p + "norm2.weight", {D}});
        specs.push_back({p + "norm2.bias", {D}});
        specs.push_back({p + "ffn.up.weight", {F, D}});
        specs.push_back({p + "ffn.up.bias", {F}});
        specs.push_back({p + "ffn.down.weight", {D, F}});
        specs.push_back({p + "ffn.down.bias", {D}});
    }
    specs.push_back({"norm.weight", {D}});
    specs.push_back({"norm.bias", {D}});
    if (!c.tieEmbeddings) specs.push_back({"head.weight", {V, D}});
    specs.push_back({"head.bias", {V}});
    return specs;
}

std::int64_t parameterCount(const ModelConfig& c) {
    std::int64_t n = 0;
    for (const auto& s : parameterSpecs(c)) n += s.numel();
    return n;
}

}  // namespace mozart::model
