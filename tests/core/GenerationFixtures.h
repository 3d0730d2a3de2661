// GenerationFixtures: a tiny random-weights model on the rich REMI tokenizer (programs, tempos,
// time signatures, rests, chords, one stream), for the generation tests. Random weights make a
// valid checkpoint: the tests check structure and determinism, not musical quality.
#pragma once

#include <string>

#include "model/ModelConfig.h"
#include "model/Transformer.h"
#include "remi/RemiTokenizer.h"
#include "remi/TokenizerConfig.h"

namespace gentest {

inline mozart::model::ModelConfig tinyConfig(std::int64_t vocab, std::int64_t labels = 0) {
    mozart::model::ModelConfig c;
    c.vocabSize = vocab;
    c.width = 32;
    c.heads = 2;
    c.layers = 2;
    c.feedForward = 64;
    c.maxContext = 64;
    c.dropout = 0.0;
    c.conditioningLabels = labels;
    return c;
}

inline const mozart::remi::RemiTokenizer& richTokenizer() {
    static const mozart::remi::RemiTokenizer tokenizer(mozart::remi::TokenizerConfig::rich());
    return tokenizer;
}

inline mozart::model::Transformer tinyModel(std::uint64_t seed = 1, std::int64_t labels = 0) {
    mozart::model::Transformer model(
        tinyConfig(static_cast<std::int64_t>(richTokenizer().vocabulary().size()), labels), seed);
    model.setTraining(false);
    return model;
}

}  // namespace gentest
