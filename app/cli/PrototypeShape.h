// PrototypeShape: the model shape of the Python prototype (shared/bench/seed_reference.py's
// defaults) in our block layout, which `mozart bench train` and `mozart bench generate` measure
// against it: sinusoidal positions, scaled embedding, separate head, ReLU, dropout 0.1.
//
// Dropout sites: the reference builds its layers from PyTorch 1.13's nn.TransformerEncoderLayer
// (torch/nn/modules/transformer.py), which in training drops out in four places per layer, all
// with p = 0.1:
//   1. the attention weights (MultiheadAttention(dropout=dropout), after the softmax);
//   2. the attention's output projection, before the residual sum (_sa_block: dropout1);
//   3. inside the feed-forward, on the activation's output before linear2 (_ff_block: dropout);
//   4. the feed-forward's output, before the residual sum (_ff_block: dropout2);
// and nowhere else: its model adds the positions to the scaled embeddings without dropout. Ours
// has the same four per block (1, 2 and 4 are `dropout`, 3 is `feedForwardDropout`) and none on
// the embeddings (`embeddingDropout` off), in both the float32 and the fused bf16 path
// (tests/core/tst_dropoutsites counts them). One difference in layout stays: our blocks are
// pre-norm, the reference's post-norm (same parameters, same work).
#pragma once

#include <cstdint>

#include "model/ModelConfig.h"

namespace mozart::cli {

// nn.TransformerEncoderLayer's dropout sites per layer (listed above).
constexpr int kReferenceDropoutSitesPerLayer = 4;

inline model::ModelConfig prototypeShape(std::int64_t vocab = 564) {
    model::ModelConfig c;
    c.vocabSize = vocab;
    c.width = 256;
    c.heads = 8;
    c.layers = 8;
    c.feedForward = 2048;
    c.maxContext = 512;
    c.dropout = 0.1;
    c.feedForwardDropout = 0.1;
    c.embeddingDropout = false;
    c.positions = model::PositionEncoding::Sinusoidal;
    c.scaleEmbedding = true;
    c.tieEmbeddings = false;
    c.activation = model::Activation::Relu;
    return c;
}

}  // namespace mozart::cli
