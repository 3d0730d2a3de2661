// GenerationJob: the steps between checked settings and written files that `mozart generate` and
// the studio's Generate panel share, so that the same model, seed and settings give the same piece
// in both: loading a model with its tokenizer, resolving the composer label, reading and checking
// the MIDI prompt, building the prompt tokens, turning a generated sequence into the piece (with
// its recipe inside) and writing the piece with its recipe beside it. The Generator in between
// runs wherever the caller wants (the CLI waits for it; the studio streams its notes).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "generate/Generator.h"
#include "generate/PromptBuilder.h"
#include "generate/Recipe.h"
#include "midi/Score.h"
#include "model/ModelFile.h"
#include "remi/RemiTokenizer.h"

namespace mozart::generate {

// A model ready to generate with. Not copyable: the Generator keeps references to net and tokenizer.
struct LoadedModel {
    std::string file;          // absolute path
    std::string checkpointId;  // SHA-256 of the file (recipes name the model by it)
    model::ModelFileInfo info;
    std::unique_ptr<model::Transformer> net;
    std::unique_ptr<remi::RemiTokenizer> tokenizer;
    std::unique_ptr<remi::RemiGrammar> grammar;  // the tokenizer's (for prompts and its time grid)
    int ticksPerQuarter() const;
};

// Reads and checks the whole file; nullptr with `error` (naming the file) on failure. Never throws.
std::unique_ptr<LoadedModel> loadModel(const std::string& file, std::string* error);

struct PreparedGeneration {
    GenerationSettings settings;            // the prompt file's digest filled in
    GenerationRequest request;              // for Generator::start/run
    Prompt prompt;
    std::optional<midi::Score> promptScore; // the file continued, when there is one
};

// Resolves the composer, reads the prompt file (refusing one that changed since a recipe was
// written) and builds the prompt. nullopt with `error` (a sentence) when something is wrong.
std::optional<PreparedGeneration> prepareGeneration(const LoadedModel& model, GenerationSettings settings,
                                                    std::string* error);

// Compute threads and the bf16 decode path for a run of these settings (one thread is fastest
// for decoding a few rows on two cores; bf16 only for a single sequence, see Generator.h).
void configureForRun(LoadedModel& model, const GenerationSettings& settings);

Recipe recipeOf(const LoadedModel& model, const GenerationSettings& settings, int variation);

// The piece of one generated sequence, its recipe inside as a text event (as `mozart generate`
// writes it): the prompt file's notes kept exactly, or the decoded tokens for a new piece.
midi::Score pieceOf(const LoadedModel& model, const PreparedGeneration& prepared, const SequenceResult& sequence,
                    const Recipe& recipe);

// FILE.mid -> FILE.json
std::string recipePathFor(const std::string& midiPath);
// Writes the MIDI file and its recipe beside it, each atomically. False with `error` on failure.
bool writePiece(const midi::Score& piece, const Recipe& recipe, const std::string& midiPath, std::string* error);

// How much music a piece holds, up to the end of its last note (trailing empty bars not counted).
struct MusicLength {
    int bars = 0;
    double seconds = 0.0;
    int notes = 0;
};
MusicLength musicLength(const midi::Score& score);

}  // namespace mozart::generate
