// ModelConfig: the shape of a decoder-only Transformer (sizes, positions, conditioning, dropout)
// as named fields, with a JSON form that lives inside model files and run folders, a check that
// says in words what is wrong with a config, and the exact list of parameter tensors (names and
// shapes) such a model has. No LibTorch here: the model file validator and the UI can use it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace mozart::model {

enum class Activation { Gelu, Relu };

// Learned: a trained table of maxContext vectors (saved in the model file).
// Sinusoidal: the fixed table of "Attention is all you need" (computed, not saved).
enum class PositionEncoding { Learned, Sinusoidal };

// How a conditioning label (composer, style) enters the model.
// Added: its embedding is added to every position's input.
// Prefix: its embedding is a virtual first token at position 0 that every token can attend to;
//         it takes one place of the context, so at most maxContext - 1 tokens fit.
enum class Conditioning { Added, Prefix };

struct ModelConfig {
    std::int64_t vocabSize = 564;
    std::int64_t width = 256;  // d_model
    std::int64_t heads = 8;    // width must be a multiple of heads
    std::int64_t layers = 8;
    std::int64_t feedForward = 1024;  // inner width of each block's MLP
    std::int64_t maxContext = 512;    // positions, including a conditioning prefix if any
    double dropout = 0.1;             // attention weights, both residual branches, embeddings
    // Dropout on the embeddings' sum (token + position + label) before the first block, with
    // probability `dropout`. Off in the reference's nn.TransformerEncoder model.
    bool embeddingDropout = true;
    // Dropout inside the feed-forward, on the activation's output before the down projection:
    // the fourth site of PyTorch's nn.TransformerEncoderLayer (its _ff_block). 0: none, as in
    // every model before this field existed.
    double feedForwardDropout = 0.0;
    Activation activation = Activation::Gelu;
    PositionEncoding positions = PositionEncoding::Learned;
    // Multiply token embeddings by sqrt(width) (the reference prototype's choice).
    bool scaleEmbedding = false;
    std::int64_t conditioningLabels = 0;  // 0: unconditioned; else labels are 0 .. n-1
    Conditioning conditioning = Conditioning::Added;
    bool tieEmbeddings = true;  // output head reuses the token embedding matrix
    double normEpsilon = 1e-5;

    std::int64_t headDim() const { return heads > 0 ? width / heads : 0; }
    bool conditioned() const { return conditioningLabels > 0; }
    // Positions taken by the conditioning prefix (0 or 1).
    std::int64_t prefixLength() const {
        return conditioned() && conditioning == Conditioning::Prefix ? 1 : 0;
    }
    // Most tokens one sequence may hold.
    std::int64_t maxTokens() const { return maxContext - prefixLength(); }

    // Empty when the config describes a model we can build, else one sentence naming the field.
    // Besides each field's own limit it bounds what the fields make together: the float32
    // weights (kMaxWeightBytes) and one sequence's KV cache (kMaxKvCacheBytes).
    std::string validate() const;

    static constexpr std::int64_t kMaxWeightBytes = 8LL << 30;   // 2^31 float32 parameters
    static constexpr std::int64_t kMaxKvCacheBytes = 4LL << 30;  // keys + values, all layers, float32
    // Bytes of the float32 weights (parameters plus a sinusoidal table) and of one sequence's
    // KV cache at full context. Exact for a config whose fields are within their own limits.
    std::int64_t weightBytes() const;
    std::int64_t kvCacheBytesPerSequence() const;

    bool operator==(const ModelConfig& o) const;
    bool operator!=(const ModelConfig& o) const { return !(*this == o); }
};

// JSON: snake_case keys, enums as strings. Reading fills absent keys with the defaults above and
// refuses unknown keys and wrong types (a typo must not silently become a default).
void to_json(nlohmann::json& j, const ModelConfig& c);
void from_json(const nlohmann::json& j, ModelConfig& c);  // throws nlohmann::json::exception

std::string toJsonString(const ModelConfig& c, int indent = 2);
// Parses and validates; on failure returns false and puts a sentence in *error.
bool parseModelConfig(const std::string& text, ModelConfig& out, std::string* error);

// One learnable tensor of the model, in the order the Transformer registers them.
struct ParameterSpec {
    std::string name;  // e.g. "blocks.0.attn.qkv.weight"
    std::vector<std::int64_t> shape;
    std::int64_t numel() const;
};

// The exact parameter set a Transformer built from `c` has; the model file must match it.
std::vector<ParameterSpec> parameterSpecs(const ModelConfig& c);
std::int64_t parameterCount(const ModelConfig& c);

}  // namespace mozart::model
