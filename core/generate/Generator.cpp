#include "generate/Generator.h"

#include <new>

#include <algorithm>
#include <chrono>

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include "generate/ConstraintMask.h"
#include "generate/TokenSampler.h"
#include "model/KvCache.h"
#include "model/ModelFile.h"
#include "model/Transformer.h"

namespace mozart::generate {

namespace {

using Clock = std::chrono::steady_clock;
using remi::TokenKind;
using Phase = remi::RemiGrammar::State::Phase;

constexpr std::int64_t kPrefillChunk = 64;  // positions per decode() while prefilling: cancel granularity
constexpr int kDefaultVelocity = 100;       // MidiTok's, for tokenizers without Velocity tokens
constexpr int kDefaultBars = 16;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// One variation's progress: grammar state, sampler, counters, tempo map, the note being read.
struct Sequence {
    remi::RemiGrammar::State state;
    TokenSampler sampler;
    SequenceResult result;
    std::vector<std::int32_t> fed;  // every token fed to the model (PAD after the end)
    std::vector<std::uint8_t> mask;
    int notesInBar = 0;
    int barLimit = 0;         // stop when a token would begin this bar (0-based); 0 = no limit
    int barBase = -1;         // bars begun after the prompt = currentBar - barBase
    midi::Tick tempoTick = 0;
    double tempoSeconds = 0.0;
    std::int32_t tempoMicros = 500000;
    double startSeconds = 0.0;
    double secondsLimit = 0.0;  // absolute; 0 = none
    int pendingPitch = -1, pendingProgram = 0, pendingVelocity = kDefaultVelocity;
    midi::Tick pendingStart = 0;
    bool finished = false;
    bool closeAtLimit = false;  // infilling: notes must end where the bars after the gap begin

    Sequence(const SamplingSettings& s, std::uint64_t seed, std::size_t vocab) : sampler(s, seed, vocab) {}
};

}  // namespace

struct Generator::Impl {
    const remi::RemiGrammar& grammar;
    const remi::RemiTokenTable& table;
    std::int32_t ticksPerQuarter;
    double defaultDuration;  // beats

    double secondsAt(const Sequence& s, midi::Tick tick) const {
        return s.tempoSeconds + double(tick - s.tempoTick) * s.tempoMicros / 1e6 / ticksPerQuarter;
    }

    int pitchOf(const remi::RemiGrammar::State& state, const remi::TokenInfo& info) const {
        const std::size_t slot = static_cast<std::size_t>(state.program + 1);
        switch (info.kind) {
        case TokenKind::PitchIntervalTime: return state.pitchOnset[slot] + info.value;
        case TokenKind::PitchIntervalChord: return state.pitchChord[slot] + info.value;
        default: return info.value;
        }
    }

    // Moves `s` past `id` (when the grammar accepts it), keeping the counters; completed notes go
    // to `emit`. Returns false when the grammar rejects the token.
    template <typename Emit>
    bool accept(Sequence& s, std::int32_t id, Emit&& emit) const {
        const remi::TokenInfo& info = table.info(id);
        remi::RemiGrammar::State next = s.state;
        if (!grammar.advance(next, id)) return false;
        const remi::RemiGrammar::State& before = s.state;
        if (next.time.currentBar != before.time.currentBar) s.notesInBar = 0;
        auto finishNote = [&](midi::Tick duration) {
            if (s.pendingPitch < 0) return;
            GeneratedNote n;
            n.program = s.pendingProgram;
            n.note.start = s.pendingStart;
            n.note.duration = duration;
            n.note.pitch = static_cast<std::uint8_t>(std::clamp(s.pendingPitch, 0, 127));
            n.note.velocity = static_cast<std::uint8_t>(std::clamp(s.pendingVelocity, 1, 127));
            n.seconds = secondsAt(s, s.pendingStart);
            s.pendingPitch = -1;
            ++s.result.notes;
            emit(n);
        };
        const midi::Tick defaultTicks = static_cast<midi::Tick>(defaultDuration * next.time.ticksPerBeat);
        switch (info.kind) {
        case TokenKind::Pitch:
        case TokenKind::PitchDrum:
        case TokenKind::PitchIntervalTime:
        case TokenKind::PitchIntervalChord:
            ++s.notesInBar;
            s.pendingPitch = pitchOf(before, info);
            s.pendingProgram = before.program;
            s.pendingStart = before.time.currentTick;
            s.pendingVelocity = kDefaultVelocity;
            if (next.phase == Phase::InEvents) finishNote(defaultTicks);
            break;
        case TokenKind::Velocity:
            s.pendingVelocity = info.value;
            if (next.phase == Phase::InEvents) finishNote(defaultTicks);
            break;
        case TokenKind::Duration:
            if (before.phase == Phase::AfterVelocity || before.phase == Phase::AfterPitch) {
                finishNote(info.time.ticks(before.time.ticksPerBeat));
            }
            break;
        case TokenKind::Tempo:
            s.tempoSeconds = secondsAt(s, before.time.currentTick);
            s.tempoTick = before.time.currentTick;
            s.tempoMicros = info.value;
            break;
        default:
            break;
        }
        s.state = next;
        return true;
    }

    // Infilling: a note of the gap may not sound into the kept bars after it (their
    // Rest tokens count from the end of the longest note, so the join would break the grammar).
    // Masks the Duration tokens that would; keeps the shortest when all would.
    void closeDurations(Sequence& s) const {
        if (!s.closeAtLimit) return;
        // The gap keeps the meter it opens with, so its bars end where the kept bars begin.
        const auto& time = s.state.time;
        for (std::int32_t id : table.idsOfKind(TokenKind::TimeSig)) {
            const remi::TokenInfo& info = table.info(id);
            if (info.value != time.tsNumerator || info.denominator != time.tsDenominator)
                s.mask[static_cast<std::size_t>(id)] = 0;
        }
        const Phase phase = s.state.phase;
        if (!s.closeAtLimit || s.barLimit <= 0 || (phase != Phase::AfterVelocity && phase != Phase::AfterPitch)) return;
        const midi::Tick limit = time.tickAtCurrentBar + midi::Tick(s.barLimit - time.currentBar) * time.ticksPerBar;
        std::int32_t shortest = -1;
        midi::Tick shortestTicks = 0;
        bool anyLeft = false;
        for (std::int32_t id : table.idsOfKind(TokenKind::Duration)) {
            auto& allowed = s.mask[static_cast<std::size_t>(id)];
            if (!allowed) continue;
            const midi::Tick ticks = table.info(id).time.ticks(time.ticksPerBeat);
            if (shortest < 0 || ticks < shortestTicks) shortest = id, shortestTicks = ticks;
            if (time.currentTick + ticks > limit) allowed = 0;
            else anyLeft = true;
        }
        if (!anyLeft && shortest >= 0) s.mask[static_cast<std::size_t>(shortest)] = 1;
    }

    // Whether taking `id` would carry `s` past its length in bars or seconds.
    bool wouldOverrun(const Sequence& s, std::int32_t id) const {
        if (s.barLimit <= 0 && s.secondsLimit <= 0) return false;
        const TokenKind kind = table.info(id).kind;
        if (kind != TokenKind::Bar && kind != TokenKind::Rest && kind != TokenKind::Position &&
            kind != TokenKind::TimeSig) {
            return false;
        }
        remi::RemiGrammar::State next = s.state;
        if (!grammar.advance(next, id)) return false;
        if (s.barLimit > 0 && next.time.currentBar >= s.barLimit) return true;
        return s.secondsLimit > 0 && secondsAt(s, next.time.currentTick) >= s.secondsLimit - 1e-9;
    }
};

Generator::Generator(model::Transformer& model, const remi::RemiTokenizer& tokenizer)
    : model_(model), tokenizer_(tokenizer), grammar_(tokenizer.config(), tokenizer.vocabulary()) {
    model_.setTraining(false);
}

Generator::~Generator() {
    cancel();
    if (worker_.joinable()) worker_.join();
}

void Generator::setTokenCallback(std::function<void(int, std::int32_t)> callback) { onToken_ = std::move(callback); }
void Generator::setNoteCallback(std::function<void(const GeneratedNote&)> callback) { onNote_ = std::move(callback); }

void Generator::start(GenerationRequest request) {
    if (worker_.joinable()) worker_.join();
    cancel_.store(false);
    running_.store(true);
    worker_ = std::thread([this, request = std::move(request)] {
        // Nothing may escape a worker thread (std::terminate): out of memory or a LibTorch
        // error becomes the result's error.
        try {
            workerResult_ = run(request);
        } catch (const std::bad_alloc&) {
            workerResult_ = GenerationResult{};
            workerResult_.error = "generation stopped: out of memory";
        } catch (const std::exception& e) {
            workerResult_ = GenerationResult{};
            workerResult_.error = std::string("generation stopped: ") + e.what();
        }
        running_.store(false);
    });
}

GenerationResult Generator::wait() {
    if (worker_.joinable()) worker_.join();
    return std::move(workerResult_);
}

GenerationResult Generator::run(const GenerationRequest& request) {
    const auto t0 = Clock::now();
    const GenerationSettings& settings = request.settings;
    GenerationResult out;
    if (std::string problem = validate(settings); !problem.empty()) {
        out.error = problem;
        return out;
    }
    const model::ModelConfig& config = model_.config();
    // The model may know tokens of our own after the tokenizer's (infilling markers): they are
    // fed through modelPrompt, never sampled (the masks leave them at 0).
    const std::size_t vocab = static_cast<std::size_t>(config.vocabSize);
    if (grammar_.vocabularySize() > vocab || vocab - grammar_.vocabularySize() > model::ModelFile::kMaxExtraTokens) {
        out.error = "the model's vocabulary (" + std::to_string(vocab) + ") is not the tokenizer's (" +
                    std::to_string(grammar_.vocabularySize()) + ")";
        return out;
    }
    if (request.prompt.empty()) {
        out.error = "the prompt is empty";
        return out;
    }
    for (std::int32_t id : request.modelPrompt) {
        if (id < 0 || std::size_t(id) >= vocab) {
            out.error = "the model prompt holds token id " + std::to_string(id) + ", outside the model's vocabulary";
            return out;
        }
    }
    if (!request.modelPrompt.empty() && request.modelPrompt.size() >= std::size_t(config.maxTokens())) {
        out.error = "the infilling context (" + std::to_string(request.modelPrompt.size()) +
                    " tokens) does not fit the model's context of " + std::to_string(config.maxTokens());
        return out;
    }
    const remi::RemiTokenTable& table = grammar_.table();
    Impl impl{grammar_, table, table.timing().ticksPerQuarter, tokenizer_.config().defaultNoteDuration};
    ConstraintMask constraints(grammar_, settings.constraints, settings.grammar);
    LengthSettings length = settings.length;
    if (length.bars == 0 && length.seconds <= 0 && length.tokens == 0) length.bars = kDefaultBars;

    const int batch = settings.variations;
    std::vector<Sequence> seqs;
    seqs.reserve(static_cast<std::size_t>(batch));
    for (int b = 0; b < batch; ++b) {
        seqs.emplace_back(settings.sampling, variationSeed(settings.sampling.seed, b), vocab);
        Sequence& s = seqs.back();
        s.state = grammar_.initialState();
        s.tempoMicros = request.tempoMicros;
        s.result.ids = request.prompt;
        s.result.ids.reserve(request.prompt.size() + 4096);
        s.result.promptLength = request.prompt.size();
        s.fed = request.modelPrompt.empty() ? request.prompt : request.modelPrompt;
        s.closeAtLimit = !request.modelPrompt.empty();
        s.mask.assign(vocab, 0);
        for (std::int32_t id : request.prompt) impl.accept(s, id, [](const GeneratedNote&) {});
        s.pendingPitch = -1;
        // The prompt's tempo map ends in the request's tempo (tokenizers without Tempo tokens).
        s.tempoSeconds = impl.secondsAt(s, s.state.time.currentTick);
        s.tempoTick = s.state.time.currentTick;
        s.tempoMicros = request.tempoMicros;
        s.result.notes = 0;
        const int bar0 = s.state.time.currentBar;
        s.barBase = request.promptOpensNewBar ? bar0 - 1 : bar0;
        if (length.bars > 0) s.barLimit = s.barBase + 1 + length.bars;
        s.startSeconds = impl.secondsAt(s, s.state.time.currentTick);
        if (length.seconds > 0) s.secondsLimit = s.startSeconds + length.seconds;
    }
    const bool endAllowed = false;  // every request has a length: EOS would cut it short

    c10::InferenceMode inference;
    model::KvCache cache(config, batch);
    at::Tensor labels;
    if (config.conditioned()) labels = at::full({batch}, request.label, at::kLong);

    // Feeds rows [from, to) of every sequence's `fed` into the cache in chunks; returns the
    // logits of the last position as [batch, vocab] float, or an undefined tensor on cancel.
    auto prefill = [&](std::size_t from, std::size_t to) -> at::Tensor {
        at::Tensor last;
        for (std::size_t begin = from; begin < to; begin += kPrefillChunk) {
            if (cancel_.load(std::memory_order_relaxed)) return {};
            const std::size_t n = std::min<std::size_t>(kPrefillChunk, to - begin);
            at::Tensor chunk = at::empty({batch, static_cast<std::int64_t>(n)}, at::kLong);
            auto* data = chunk.data_ptr<std::int64_t>();
            for (int b = 0; b < batch; ++b) {
                for (std::size_t i = 0; i < n; ++i) data[b * n + i] = seqs[static_cast<std::size_t>(b)].fed[begin + i];
            }
            at::Tensor logits = model_.decode(chunk, cache, labels);
            last = logits.select(1, static_cast<std::int64_t>(n) - 1);
        }
        return last.to(at::kFloat).contiguous();
    };

    // A prompt longer than the context starts as the sliding window would leave it: its last half
    // context (the grammar state has seen all of it).
    const std::size_t window = static_cast<std::size_t>(config.maxTokens());
    const std::size_t fedPrompt = seqs.front().fed.size();
    const std::size_t promptStart = fedPrompt >= window ? fedPrompt - window / 2 : 0;
    if (promptStart > 0) ++out.windowSlides;
    at::Tensor logits = prefill(promptStart, fedPrompt);
    out.prefillSeconds = since(t0);
    const std::int32_t pad = table.idsOfKind(TokenKind::Pad).empty() ? 0 : table.idsOfKind(TokenKind::Pad).front();
    const std::int32_t eos = table.idsOfKind(TokenKind::Eos).empty() ? -1 : table.idsOfKind(TokenKind::Eos).front();
    at::Tensor step = at::empty({batch, 1}, at::kLong);
    std::vector<std::int32_t> chosen(static_cast<std::size_t>(batch), pad);
    for (auto& s : seqs) s.result.newNotes.reserve(1024);
    auto emit = [&](int b) {
        return [&, b](const GeneratedNote& note) {
            if (out.firstNoteSeconds < 0) out.firstNoteSeconds = since(t0);
            auto& notes = seqs[static_cast<std::size_t>(b)].result.newNotes;
            notes.push_back(note);
            notes.back().variation = b;
            if (onNote_) onNote_(notes.back());
        };
    };

    while (logits.defined() && !cancel_.load(std::memory_order_relaxed)) {
        const float* rows = logits.data_ptr<float>();
        bool anyActive = false;
        for (int b = 0; b < batch; ++b) {
            Sequence& s = seqs[static_cast<std::size_t>(b)];
            chosen[static_cast<std::size_t>(b)] = pad;
            if (s.finished) continue;
            const std::size_t allowed = constraints.fill(s.state, s.notesInBar, endAllowed, s.mask);
            s.mask.resize(vocab, 0);  // the model's own extra tokens stay masked
            impl.closeDurations(s);
            std::int32_t id = allowed == 0 ? -1 : s.sampler.sample(rows + b * vocab, s.mask.data());
            // A Bar past the length ends the piece; a Rest or Position past it is refused and
            // another token drawn, so a long rest cannot end a piece before it began.
            while (id >= 0 && impl.wouldOverrun(s, id) && table.info(id).kind != TokenKind::Bar) {
                s.mask[static_cast<std::size_t>(id)] = 0;
                id = s.sampler.sample(rows + b * vocab, s.mask.data());
            }
            if (id < 0 || impl.wouldOverrun(s, id)) {
                s.finished = true;
                continue;
            }
            s.result.ids.push_back(id);
            ++out.newTokens;
            if (!impl.accept(s, id, emit(b))) ++s.result.grammarErrors;
            if (onToken_) onToken_(b, id);
            chosen[static_cast<std::size_t>(b)] = id;
            const std::size_t generated = s.result.ids.size() - s.result.promptLength;
            if (id == eos || id == pad || (length.tokens > 0 && generated >= static_cast<std::size_t>(length.tokens))) {
                s.finished = true;
            }
            anyActive = true;
        }
        if (!anyActive) break;
        bool allFinished = true;
        for (const auto& s : seqs) allFinished = allFinished && s.finished;
        if (allFinished) break;
        for (int b = 0; b < batch; ++b) seqs[static_cast<std::size_t>(b)].fed.push_back(chosen[static_cast<std::size_t>(b)]);
        if (cache.freePositions() < 1) {
            // Sliding window: the last half of the context again, from position 0.
            const std::size_t keep = static_cast<std::size_t>(config.maxTokens() / 2);
            const std::size_t total = seqs.front().fed.size();
            cache.clear();
            ++out.windowSlides;
            logits = prefill(total - keep, total);
        } else {
            auto* data = step.data_ptr<std::int64_t>();
            for (int b = 0; b < batch; ++b) data[b] = chosen[static_cast<std::size_t>(b)];
            logits = model_.decode(step, cache, labels).select(1, 0);
            if (logits.scalar_type() != at::kFloat || !logits.is_contiguous()) logits = logits.to(at::kFloat).contiguous();
        }
    }
    out.cancelled = cancel_.load(std::memory_order_relaxed);
    for (auto& s : seqs) {
        s.result.bars = std::max(0, s.state.time.currentBar - s.barBase);
        const midi::Tick end = std::max(s.state.time.currentTick, s.state.time.previousNoteEnd);
        s.result.seconds = std::max(0.0, impl.secondsAt(s, end) - s.startSeconds);
        out.sequences.push_back(std::move(s.result));
    }
    out.wallSeconds = since(t0);
    return out;
}

midi::Score sequenceToScore(const remi::RemiTokenizer& tokenizer, const std::vector<std::int32_t>& ids,
                            int program, std::int32_t outputTempoMicros) {
    std::vector<remi::StreamTrack> tracks;
    const remi::TokenizerConfig& config = tokenizer.config();
    const bool perTrack = !(config.usePrograms && config.oneTokenStreamForPrograms);
    if (perTrack) {
        remi::StreamTrack track;
        track.program = program < 0 ? 0 : program;
        track.isDrum = program < 0;
        tracks.push_back(track);
    }
    remi::DecodeResult decoded = tokenizer.decodeIds({ids}, perTrack ? &tracks : nullptr);
    if (outputTempoMicros > 0) {
        decoded.score.tempos.clear();
        decoded.score.tempos.push_back(midi::Tempo{0, outputTempoMicros});
    }
    return decoded.score;
}

}  // namespace mozart::generate
