// PrototypeShape: the model shape of the Python prototype (shared/bench/seed_reference.py's
// defaults) in our block layout, which `mozart bench train` and `mozart bench generate` measure
// against it: sinusoidal positions, scaled embedding, separate head, ReLU, dropout 0.1.
#pragma once

#include <cstdint>

#include "model/ModelConfig.h"

namespace mozart::cli {

inline model::ModelConfig prototypeShape(std::int64_t vocab = 564) {
    model::ModelConfig c;
    c.vocabSize = vocab;
    c.width = 256;
    c.heads = 8;
    c.layers = 8;
    c.feedForward = 2048;
    c.maxContext = 512;
    c.dropout = 0.1;
    c.positions = model::PositionEncoding::Sinusoidal;
    c.scaleEmbedding = true;
    c.tieEmbeddings = false;
    c.activation = model::Activation::Relu;
    return c;
}

}  // namespace mozart::cli
