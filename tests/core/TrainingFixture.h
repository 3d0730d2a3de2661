// TrainingFixture: a tiny MIDI folder (two composers, a dozen generated melodies) opened as a
// TrainingCorpus with the default tokenizer, and a tiny model for it (width 32, 2 layers,
// context 64), for the trainer tests.
#pragma once

#include <QtCore>

#include "TinyMidiFolder.h"
#include "model/ModelConfig.h"
#include "train/TrainerConfig.h"
#include "train/TrainingCorpus.h"

namespace trainfix {

inline void writeFolder(const QTemporaryDir& dir, int pieces = 12) {
    for (int i = 0; i < pieces; ++i)
        tiny::write(tiny::path(dir, QString("%1/piece%2.mid").arg(i % 2 ? "Mozart" : "Haydn").arg(i)),
                    tiny::melody(i, 48 + 8 * i));
}

inline mozart::train::TrainingCorpus openCorpus(const std::string& folder, std::size_t window = 32) {
    mozart::train::CorpusOptions o;
    o.folder = folder;
    o.windowLength = window;
    o.split.train = 0.7;
    o.split.validation = 0.3;
    o.split.test = 0.0;
    std::string error;
    auto corpus = mozart::train::TrainingCorpus::open(o, &error);
    if (!corpus) qFatal("cannot open the tiny corpus: %s", error.c_str());
    return std::move(*corpus);
}

inline mozart::model::ModelConfig tinyModel(std::int64_t vocab, std::int64_t labels = 0) {
    mozart::model::ModelConfig c;
    c.vocabSize = vocab;
    c.width = 32;
    c.heads = 4;
    c.layers = 2;
    c.feedForward = 64;
    c.maxContext = 64;
    c.dropout = 0.1;
    c.conditioningLabels = labels;
    return c;
}

inline mozart::train::TrainerConfig tinyTrainer() {
    mozart::train::TrainerConfig c;
    c.learningRate = 2e-3;
    c.minLearningRate = 2e-4;
    c.warmupSteps = 2;
    c.decaySteps = 20;
    c.batchSize = 4;
    c.sequenceLength = 32;
    c.maxSteps = 8;
    c.validationEvery = 4;
    c.validationBatches = 2;
    c.checkpointEvery = 0;
    c.keepCheckpoints = 2;
    return c;
}

}  // namespace trainfix
