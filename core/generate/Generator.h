// Generator: samples REMI token sequences from a Transformer through its KV cache, one or several
// variations at once (one batch, one TokenSampler and seed per variation), with the REMI grammar
// and the musical constraints applied as masks before each draw.
//
// A task object: a GenerationRequest in, a GenerationResult out. run() blocks and calls the
// callbacks on the thread that runs it; start() runs it on the generator's own worker thread
// (the callbacks then come from that thread) and wait() returns the result. cancel() may be
// called from any thread; the worker notices within one decode step or one prefill chunk of 64
// positions (a few ms for the studio's model) and returns what it has, flagged `cancelled`.
//
// Pieces longer than the model's context go on with a sliding window: when the cache is full,
// the last half of the context is fed again from position 0 (absolute positions, learned or
// sinusoidal, cannot be shifted inside the cache) and sampling continues. A prompt longer than the
// context starts the same way, from its last half context. Re-feeding half a
// context every half a context costs about one extra token per generated token in prefill
// arithmetic, done as one batched matrix product, far cheaper than a step each.
//
// Determinism: the same request (seed, settings, prompt) on the same model file gives the same
// tokens; the samplers own their random numbers. Batched variations compute in float32; a single
// sequence uses the model's bf16 decode copies when the caller turned setDecodeBf16 on, so a
// variation equals a single run only when both compute alike (recipes record the batch size).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "generate/GenerationSettings.h"
#include "midi/Score.h"
#include "remi/RemiGrammar.h"
#include "remi/RemiTokenizer.h"

namespace mozart::model { class Transformer; }

namespace mozart::generate {

struct GenerationRequest {
    GenerationSettings settings;
    std::vector<std::int32_t> prompt;  // ids, from buildPrompt()
    // What the model reads instead of `prompt` when it differs (infilling: the bars before and
    // after the gap in the fill-in-the-middle layout, see InfillingPrompt.h); the grammar,
    // the lengths and the returned ids still follow `prompt`, which the gap continues.
    std::vector<std::int32_t> modelPrompt;
    bool promptOpensNewBar = false;
    std::int32_t tempoMicros = 500000;  // where the prompt ends
    std::int64_t label = 0;             // conditioning label, for conditioned models
};

struct GeneratedNote {
    int variation = 0;
    int program = 0;       // -1 = drums
    midi::Note note;       // in the tokenizer's ticks (decoded scores' resolution)
    double seconds = 0.0;  // start, from the start of the piece
};

struct SequenceResult {
    std::vector<std::int32_t> ids;  // prompt + generated (an EOS ends a sequence that stopped by itself)
    std::size_t promptLength = 0;
    int bars = 0;                   // bars begun after the prompt
    int notes = 0;                  // notes generated
    double seconds = 0.0;           // music generated, by the tempo map
    int grammarErrors = 0;          // generated tokens the grammar rejects (only without the mask)
    std::vector<GeneratedNote> newNotes;  // the generated notes, as streamed
};

struct GenerationResult {
    std::vector<SequenceResult> sequences;  // one per variation
    bool cancelled = false;
    std::string error;                      // empty on success
    std::int64_t newTokens = 0;             // over all variations
    std::int64_t windowSlides = 0;
    double prefillSeconds = 0.0;            // wall time of the first prefill
    double firstNoteSeconds = -1.0;         // wall time from start to the first completed note
    double wallSeconds = 0.0;
};

class Generator {
public:
    // Both must outlive the generator. The model is switched to eval mode.
    Generator(model::Transformer& model, const remi::RemiTokenizer& tokenizer);
    ~Generator();

    // Called on the thread running run(): each sampled token / each completed note.
    void setTokenCallback(std::function<void(int variation, std::int32_t id)> callback);
    void setNoteCallback(std::function<void(const GeneratedNote&)> callback);

    GenerationResult run(const GenerationRequest& request);

    // Runs `request` on the worker thread; wait() joins it and hands over the result.
    void start(GenerationRequest request);
    GenerationResult wait();
    // Any thread.
    void cancel() { cancel_.store(true, std::memory_order_relaxed); }
    bool running() const { return running_.load(); }

    const remi::RemiGrammar& grammar() const { return grammar_; }

private:
    struct Impl;
    model::Transformer& model_;
    const remi::RemiTokenizer& tokenizer_;
    remi::RemiGrammar grammar_;
    std::function<void(int, std::int32_t)> onToken_;
    std::function<void(const GeneratedNote&)> onNote_;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> running_{false};
    std::thread worker_;
    GenerationResult workerResult_;
};

// The piece a sequence stands for: decoded tokens, with the program of per-track tokenizers and
// the tempo of tokenizers without Tempo tokens (outputTempoMicros > 0) filled in.
midi::Score sequenceToScore(const remi::RemiTokenizer& tokenizer, const std::vector<std::int32_t>& ids,
                            int program, std::int32_t outputTempoMicros);

}  // namespace mozart::generate
