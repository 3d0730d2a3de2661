#include "train/TrainerConfig.h"

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

namespace mozart::train {

#define MOZART_TRAINER_FIELDS(X)                                                               \
    X(learningRate, "learning_rate")                                                           \
    X(minLearningRate, "min_learning_rate")                                                    \
    X(warmupSteps, "warmup_steps")                                                             \
    X(decaySteps, "decay_steps")                                                               \
    X(weightDecay, "weight_decay")                                                             \
    X(beta1, "beta1")                                                                          \
    X(beta2, "beta2")                                                                          \
    X(epsilon, "epsilon")                                                                      \
    X(gradientClip, "gradient_clip")                                                           \
    X(labelSmoothing, "label_smoothing")                                                       \
    X(structureLossWeight, "structure_loss_weight")                                            \
    X(padId, "pad_id")                                                                         \
    X(batchSize, "batch_size")                                                                 \
    X(sequenceLength, "sequence_length")                                                       \
    X(accumulationSteps, "accumulation_steps")                                                 \
    X(bf16, "bf16")                                                                            \
    X(maxSteps, "max_steps")                                                                   \
    X(maxMinutes, "max_minutes")                                                               \
    X(validationEvery, "validation_every")                                                     \
    X(validationBatches, "validation_batches")                                                 \
    X(checkpointEvery, "checkpoint_every")                                                     \
    X(keepCheckpoints, "keep_checkpoints")                                                     \
    X(seed, "seed")                                                                            \
    X(transpose, "transpose")                                                                  \
    X(velocityShift, "velocity_shift")                                                         \
    X(fimRate, "fim_rate")                                                                     \
    X(loraRank, "lora_rank")                                                                   \
    X(loraAlpha, "lora_alpha")

std::string TrainerConfig::validate() const {
    if (!(learningRate > 0) || !std::isfinite(learningRate)) return "learning_rate must be > 0";
    if (!(minLearningRate >= 0) || minLearningRate > learningRate)
        return "min_learning_rate must be between 0 and learning_rate";
    if (warmupSteps < 0) return "warmup_steps must be >= 0";
    if (decaySteps < 0) return "decay_steps must be >= 0";
    if (!(weightDecay >= 0)) return "weight_decay must be >= 0";
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
        return "beta1 and beta2 must be in [0, 1)";
    if (!(epsilon > 0)) return "epsilon must be > 0";
    if (!(gradientClip >= 0)) return "gradient_clip must be >= 0";
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) return "label_smoothing must be in [0, 1)";
    if (!(structureLossWeight >= 0)) return "structure_loss_weight must be >= 0";
    if (batchSize < 1) return "batch_size must be >= 1";
    if (sequenceLength < 1) return "sequence_length must be >= 1";
    if (accumulationSteps < 1 || batchSize % accumulationSteps != 0)
        return "accumulation_steps must be >= 1 and divide batch_size";
    if (maxSteps < 1) return "max_steps must be >= 1";
    if (!(maxMinutes >= 0)) return "max_minutes must be >= 0";
    if (validationEvery < 0 || validationBatches < 0) return "validation_every and validation_batches must be >= 0";
    if (checkpointEvery < 0) return "checkpoint_every must be >= 0";
    if (keepCheckpoints < 0) return "keep_checkpoints must be >= 0";
    if (!(fimRate >= 0 && fimRate <= 1)) return "fim_rate must be between 0 and 1";
    if (fimRate > 0 && structureLossWeight > 0)
        return "fim_rate and structure_loss_weight exclude each other (the grammar cannot follow rearranged windows)";
    if (loraRank < 0) return "lora_rank must be >= 0";
    if (transpose < 0 || transpose > 24 || velocityShift < 0 || velocityShift > 32)
        return "transpose must be 0..24 and velocity_shift 0..32";
    if (!(loraAlpha > 0)) return "lora_alpha must be > 0";
    return {};
}

bool TrainerConfig::operator==(const TrainerConfig& o) const {
#define X(field, key) if (!(field == o.field)) return false;
    MOZART_TRAINER_FIELDS(X)
#undef X
    return true;
}

void to_json(nlohmann::json& j, const TrainerConfig& c) {
    j = nlohmann::json::object();
#define X(field, key) j[key] = c.field;
    MOZART_TRAINER_FIELDS(X)
#undef X
}

void from_json(const nlohmann::json& j, TrainerConfig& c) {
    if (!j.is_object()) throw nlohmann::json::type_error::create(302, "trainer config must be a JSON object", &j);
    static const std::set<std::string> known = {
#define X(field, key) key,
        MOZART_TRAINER_FIELDS(X)
#undef X
    };
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!known.count(it.key()))
            throw nlohmann::json::other_error::create(501, "unknown key \"" + it.key() + "\"", &j);
    c = TrainerConfig{};
#define X(field, key) \
    if (j.contains(key)) j.at(key).get_to(c.field);
    MOZART_TRAINER_FIELDS(X)
#undef X
}

std::string toJsonString(const TrainerConfig& c, int indent) {
    nlohmann::json j = c;
    return j.dump(indent);
}

bool parseTrainerConfig(const std::string& text, TrainerConfig& out, std::string* error) {
    try {
        TrainerConfig c = nlohmann::json::parse(text).get<TrainerConfig>();
        if (auto why = c.validate(); !why.empty()) {
            if (error) *error = why;
            return false;
        }
        out = c;
        return true;
    } catch (const std::exception& e) {
        if (error) *error = e.what();
        return false;
    }
}

double learningRateAt(const TrainerConfig& c, std::int64_t step) {
    if (step < c.warmupSteps) return c.learningRate * double(step + 1) / double(c.warmupSteps);
    if (c.decaySteps <= c.warmupSteps) return c.learningRate;
    const double progress =
        std::min(1.0, double(step - c.warmupSteps) / double(c.decaySteps - c.warmupSteps));
    const double pi = 3.14159265358979323846;
    return c.minLearningRate +
           (c.learningRate - c.minLearningRate) * 0.5 * (1.0 + std::cos(pi * progress));
}

}  // namespace mozart::train
