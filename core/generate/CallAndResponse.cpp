#include "generate/CallAndResponse.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "generate/GenerationJob.h"
#include "generate/Generator.h"
#include "generate/PromptBuilder.h"

namespace mozart::generate {

std::string validate(const CallAndResponseSettings& s) {
    if (!(s.pauseBeats > 0.0 && s.pauseBeats <= 64.0)) return "the pause must be more than 0 and at most 64 beats";
    if (s.answerBars < 1 || s.answerBars > 64) return "the answer must be 1 to 64 bars long";
    if (!(s.qpm >= 10.0 && s.qpm <= 400.0)) return "the tempo must be 10 to 400 beats per minute";
    if (s.ticksPerQuarter < 1 || s.ticksPerQuarter > 32767) return "the recording's resolution must be 1 to 32767 ticks";
    if (s.promptBars < 1 || s.promptBars > 256) return "the model may read 1 to 256 bars of the phrase";
    if (s.program < -1 || s.program > 127) return "the answer's instrument must be a General MIDI program or drums";
    return validate(s.generation);
}

CallAndResponse::CallAndResponse(LoadedModel& model, CallAndResponseSettings settings, RecordingSource recording,
                                 Clock clock, Callbacks callbacks)
    : model_(model),
      settings_(std::move(settings)),
      recording_(std::move(recording)),
      clock_(std::move(clock)),
      callbacks_(std::move(callbacks)),
      generator_(std::make_unique<Generator>(*model.net, *model.tokenizer)) {
    thread_ = std::thread([this] { run(); });
}

CallAndResponse::~CallAndResponse() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void CallAndResponse::message(double seconds, const std::uint8_t* bytes, std::size_t size) {
    if (size < 3) return;
    const int status = bytes[0] & 0xF0, channel = bytes[0] & 0x0F;
    const bool pedal = status == 0xB0 && (bytes[1] & 0x7F) == 64;  // sustain: holds the phrase open
    if (status != 0x80 && status != 0x90 && !pedal) return;
    const bool down = pedal ? (bytes[2] & 0x7F) >= 64 : status == 0x90 && (bytes[2] & 0x7F) > 0;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        events_.push_back({seconds, down, pedal ? kPedalKey + channel : channel * 128 + (bytes[1] & 0x7F)});
    }
    wake_.notify_all();
}

bool CallAndResponse::eventsWaiting() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return !events_.empty();
}

int CallAndResponse::answers() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return answers_;
}

void CallAndResponse::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    const double pauseSeconds = settings_.pauseBeats * 60.0 / settings_.qpm;
    while (!quit_) {
        // Only a pending pause or generation needs the clock; otherwise sleep until a key.
        if (phase_ == Phase::Pausing || generating_ || due_) {
            wake_.wait_for(lock, std::chrono::milliseconds(2), [this] { return quit_ || !events_.empty(); });
        } else {
            wake_.wait(lock, [this] { return quit_ || !events_.empty(); });
        }
        if (quit_) break;
        std::deque<KeyEvent> events;
        events.swap(events_);
        lock.unlock();

        std::vector<Phase> phases;
        std::vector<Exchange> ready;
        for (const KeyEvent& e : events) {
            // A phrase ending while the last answer is still being made: that answer first.
            if (!e.down && due_ && held_.size() == 1 && held_.count(e.key)) {
                Exchange ex;
                if (finishIfDue(&ex, true)) ready.push_back(std::move(ex));
            }
            handle(e, phases);
        }
        // Keys that arrived while these were handled come first: they may continue the phrase.
        if (phase_ == Phase::Pausing && clock_() >= phraseEnd_ + pauseSeconds && !eventsWaiting()) {
            due_ = true;
            dueStart_ = phraseStart_;
            dueEnd_ = phraseEnd_;
            phraseStart_ = -1.0;
            setPhase(Phase::Answering, phases);
        }
        Exchange ex;
        if (due_ && finishIfDue(&ex, false)) ready.push_back(std::move(ex));
        if (!ready.empty() && !due_ && phase_ == Phase::Answering) setPhase(Phase::Listening, phases);

        for (Phase p : phases)
            if (callbacks_.phase) callbacks_.phase(p);
        for (const Exchange& x : ready) {
            {
                std::lock_guard<std::mutex> count(mutex_);
                ++answers_;
            }
            if (callbacks_.answer) callbacks_.answer(x);
        }
        lock.lock();
    }
    lock.unlock();
    cancelGeneration();
}

void CallAndResponse::handle(const KeyEvent& e, std::vector<Phase>& phases) {
    const bool pedal = e.key >= kPedalKey;
    if (e.down) {
        if (pedal && held_.count(e.key)) return;  // a continuous pedal's next value
        held_.insert(e.key);
        if (pedal && phraseStart_ < 0) return;    // the pedal alone begins no phrase
        if (phase_ == Phase::Pausing) cancelGeneration();  // the phrase goes on
        if (phraseStart_ < 0) phraseStart_ = e.seconds;
        setPhase(Phase::Playing, phases);
        return;
    }
    const auto it = held_.find(e.key);
    if (it == held_.end()) return;  // a key held down before listening began
    held_.erase(it);
    if (!held_.empty() || phraseStart_ < 0) return;
    phraseEnd_ = e.seconds;
    setPhase(Phase::Pausing, phases);
    startSpeculation();
}

void CallAndResponse::setPhase(Phase p, std::vector<Phase>& phases) {
    if (p == phase_) return;
    // A pending answer keeps the status "answering" until it is handed over.
    phase_ = p;
    phases.push_back(p);
}

namespace {

midi::Tick toTick(double seconds, double qpm, int ticksPerQuarter) {
    return midi::Tick(std::llround(std::max(0.0, seconds) * qpm / 60.0 * ticksPerQuarter));
}

// The notes begun at or after `from`, moved to start at 0 (tempo and meter kept).
midi::Score phraseFrom(midi::Score score, midi::Tick from) {
    std::vector<midi::Track> kept;
    for (auto& track : score.tracks) {
        std::vector<midi::Note> notes;
        for (const auto& n : track.notes)
            if (n.start >= from) notes.push_back({n.start - from, n.duration, n.pitch, n.velocity});
        if (notes.empty()) continue;
        track.notes = std::move(notes);
        track.controls.clear();
        track.pedals.clear();
        track.pitchBends.clear();
        kept.push_back(std::move(track));
    }
    score.tracks = std::move(kept);
    return score;
}

}  // namespace

void CallAndResponse::startSpeculation() {
    cancelGeneration();
    speculationError_.clear();
    const midi::Score phrase =
        phraseFrom(recording_(), toTick(phraseStart_, settings_.qpm, settings_.ticksPerQuarter));
    if (phrase.tracks.empty()) {
        speculationError_ = "the phrase has no notes";
        return;
    }
    PromptSettings promptSettings;
    promptSettings.lastBars = settings_.promptBars;
    const Prompt prompt = buildPrompt(*model_.tokenizer, *model_.grammar, promptSettings, &phrase);
    if (!prompt.error.empty()) {
        speculationError_ = "the phrase cannot be read by the model: " + prompt.error;
        return;
    }
    GenerationRequest request;
    request.settings = settings_.generation;
    request.settings.length = {};
    request.settings.length.bars = settings_.answerBars;
    request.settings.variations = 1;
    request.settings.prompt = {};  // the phrase is given as tokens, not as a file
    request.settings.sampling.seed = settings_.generation.sampling.seed + std::uint64_t(answers());
    request.settings.constraints.programs = {settings_.program};
    request.prompt = prompt.ids;
    request.promptOpensNewBar = prompt.opensNewBar;
    request.tempoMicros = prompt.tempoMicros;
    request.label = settings_.label;
    promptOpensNewBar_ = prompt.opensNewBar;
    configureForRun(model_, request.settings);
    generationStarted_ = clock_();
    generator_->start(std::move(request));
    generating_ = true;
}

void CallAndResponse::cancelGeneration() {
    if (!generating_) return;
    generator_->cancel();
    generator_->wait();
    generating_ = false;
}

bool CallAndResponse::finishIfDue(Exchange* out, bool block) {
    if (!due_) return false;
    if (generating_ && !block && generator_->running()) return false;
    GenerationResult result;
    if (generating_) {
        result = generator_->wait();
        generating_ = false;
    } else {
        result.error = speculationError_.empty() ? "nothing to answer" : speculationError_;
    }
    due_ = false;
    *out = makeExchange(result);
    out->readySeconds = std::max(clock_(), out->pauseEndSeconds);
    return true;
}

}  // namespace mozart::generate

namespace mozart::generate {

namespace {

// Where each of the `bars` bars after the prompt begins in the tokens' time, and where the last
// ends (bars + 1 ticks; the model may change the meter on the way); empty when the model ended
// before beginning the first. Bars the model did not reach go on in its last meter.
std::vector<midi::Tick> answerBarTicks(const remi::RemiGrammar& grammar, const SequenceResult& seq,
                                       bool promptOpensNewBar, int bars) {
    remi::RemiGrammar::State state = grammar.initialState();
    for (std::size_t i = 0; i < seq.promptLength && i < seq.ids.size(); ++i) grammar.advance(state, seq.ids[i]);
    const int first = state.time.currentBar + (promptOpensNewBar ? 0 : 1);
    std::vector<midi::Tick> out;
    for (std::size_t i = seq.promptLength; i < seq.ids.size() && int(out.size()) <= bars; ++i) {
        if (!grammar.advance(state, seq.ids[i])) break;
        // A Rest may cross several bars at once: each of them begins one bar length apart.
        const int bar = state.time.currentBar;
        for (int b = first + int(out.size()); b <= bar && int(out.size()) <= bars; ++b)
            out.push_back(state.time.tickAtCurrentBar - midi::Tick(bar - b) * state.time.ticksPerBar);
    }
    if (out.empty()) return out;
    while (int(out.size()) <= bars) out.push_back(out.back() + std::max(1, state.time.ticksPerBar));
    return out;
}

}  // namespace

Exchange CallAndResponse::makeExchange(const GenerationResult& result) {
    Exchange ex;
    ex.index = answers();
    ex.callStartSeconds = dueStart_;
    ex.callEndSeconds = dueEnd_;
    ex.pauseEndSeconds = dueEnd_ + settings_.pauseBeats * 60.0 / settings_.qpm;
    ex.generationSeconds = result.wallSeconds;
    ex.answerBars = settings_.answerBars;
    ex.program = settings_.program;
    const midi::Tick pauseEnd = toTick(ex.pauseEndSeconds, settings_.qpm, settings_.ticksPerQuarter);
    ex.answerStartTick = ex.answerBarTick = ex.answerEndTick = pauseEnd;
    if (!result.error.empty() || result.sequences.empty()) {
        ex.error = result.error.empty() ? "the model gave no answer" : result.error;
        return ex;
    }
    const SequenceResult& seq = result.sequences.front();
    const std::vector<midi::Tick> bars = answerBarTicks(*model_.grammar, seq, promptOpensNewBar_, settings_.answerBars);
    if (bars.empty()) {
        ex.error = "the model ended before answering";
        return ex;
    }
    const midi::Tick barTick = bars.front(), endTick = bars.back();
    std::vector<midi::Note> notes;  // the answer's bars, in the tokens' ticks
    for (const GeneratedNote& g : seq.newNotes)
        if (g.note.start >= barTick && g.note.start < endTick) notes.push_back(g.note);
    std::stable_sort(notes.begin(), notes.end(),
                     [](const midi::Note& a, const midi::Note& b) { return a.start < b.start; });
    // Tokens' ticks -> the recording's: the first note lands where the pause ends.
    const double scale = double(settings_.ticksPerQuarter) / std::max(1, model_.ticksPerQuarter());
    auto scaled = [scale](midi::Tick t) { return midi::Tick(std::llround(double(t) * scale)); };
    const midi::Tick lead = notes.empty() ? 0 : notes.front().start - barTick;
    ex.answerBarTick = pauseEnd - scaled(lead);
    ex.answerEndTick = ex.answerBarTick + scaled(endTick - barTick);
    for (midi::Tick t : bars) ex.barTicks.push_back(ex.answerBarTick + scaled(t - barTick));
    for (const midi::Note& n : notes) {
        midi::Note out = n;
        out.start = ex.answerBarTick + scaled(n.start - barTick);
        out.duration = std::max<midi::Tick>(1, std::min(scaled(n.duration), ex.answerEndTick - out.start));
        ex.notes.push_back(out);
    }
    if (ex.notes.empty()) ex.error = "the model answered with silence";
    return ex;
}

}  // namespace mozart::generate
