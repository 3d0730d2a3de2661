// CallAndResponse: a musician plays a phrase on a MIDI keyboard; after a pause of a chosen number
// of beats the model answers with a continuation of a chosen number of bars.
//
// The engine sees the keyboard as raw MIDI messages stamped in the recording's seconds (from
// MidiRecorder's listener in the studio; tests feed timed messages through the same recorder) and
// reads the phrase itself from the recording (`RecordingSource`, the whole recording as a Score at
// the settings' tempo and resolution). A phrase begins at the first key pressed after the previous
// phrase ended and ends when every key (and the sustain pedal, CC 64) is up and stays up for `pauseBeats`
// beats at `qpm`.
//
// To answer at once, generation starts speculatively the moment the last key goes up (the phrase
// so far is the prompt); a key pressed before the pause ends cancels it and the phrase goes on.
// When the pause ends the answer is handed over as soon as its bars are made, placed so that its
// first note starts where the pause ends. The answer is the generated bars after the phrase's last
// bar (notes the model adds to the phrase's own last bar are not part of it), `answerBars` of them.
//
// Threads: message() may be called from any thread (it only queues). The engine's own thread reads
// the clock (every 2 ms while a pause or a generation is pending), starts and cancels the
// Generator (which samples on its own worker thread) and calls every callback; callbacks must not
// destroy the engine (message() and answers() may be called from them). The destructor cancels generation and joins both threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "generate/GenerationSettings.h"
#include "midi/Score.h"

namespace mozart::generate {

struct LoadedModel;
class Generator;
struct GenerationResult;

struct CallAndResponseSettings {
    double pauseBeats = 2.0;   // silence after the last key goes up that ends a phrase
    int answerBars = 2;        // bars the model answers with
    double qpm = 120.0;        // the recording's tempo: beats of the pause, bars of the answer
    int ticksPerQuarter = 480; // the recording's resolution (RecordingSettings)
    int promptBars = 8;        // the model reads at most the phrase's last bars
    int program = 0;           // the answer's instrument (the model is held to it), -1 drums
    std::int64_t label = 0;    // conditioning label (composer) for conditioned models
    // Sampling and musical constraints; the length and the prompt are set by the engine. Exchange
    // i samples with seed + i.
    GenerationSettings generation;
};

// Empty when the settings make sense, else a sentence naming the field.
std::string validate(const CallAndResponseSettings& settings);

// One phrase and its answer, in the recording's ticks and seconds.
struct Exchange {
    int index = 0;                    // 0 for the first phrase
    double callStartSeconds = 0.0;    // first key down
    double callEndSeconds = 0.0;      // last key up
    double pauseEndSeconds = 0.0;     // callEnd + the pause: where the answer starts
    double readySeconds = 0.0;        // clock when the answer was handed over
    double generationSeconds = 0.0;   // wall time of its generation (it started at callEnd)
    midi::Tick answerStartTick = 0;   // the first answer note (at pauseEndSeconds)
    midi::Tick answerBarTick = 0;     // where the answer's first bar begins (may precede its first note)
    midi::Tick answerEndTick = 0;     // where its last bar ends
    int answerBars = 0;
    std::vector<midi::Tick> barTicks; // where each answer bar begins, then answerEndTick (the model
                                      // may change the meter: bars need not be equally long)
    int program = 0;
    std::vector<midi::Note> notes;    // the answer, absolute in the recording's ticks, by start
    std::string error;                // the model could not answer (notes empty)
    // Pause end -> answer handed over; 0 when it was ready before the pause ended.
    double latencySeconds() const { return readySeconds - pauseEndSeconds; }
};

class CallAndResponse {
public:
    enum class Phase { Listening, Playing, Pausing, Answering };
    using Clock = std::function<double()>;                // the recording's seconds now
    using RecordingSource = std::function<midi::Score()>; // the whole recording so far
    struct Callbacks {
        std::function<void(Phase)> phase;                 // engine thread
        std::function<void(const Exchange&)> answer;      // engine thread, at or after the pause end
    };

    // `model` must outlive the engine and is used by no one else meanwhile.
    CallAndResponse(LoadedModel& model, CallAndResponseSettings settings, RecordingSource recording, Clock clock,
                    Callbacks callbacks);
    ~CallAndResponse();
    CallAndResponse(const CallAndResponse&) = delete;
    CallAndResponse& operator=(const CallAndResponse&) = delete;

    // A channel message at `seconds` on the recording's clock, after it was recorded. Any thread.
    void message(double seconds, const std::uint8_t* bytes, std::size_t size);
    // Answers handed over so far. Any thread.
    int answers() const;

private:
    struct KeyEvent {
        double seconds;
        bool down;
        int key;  // channel * 128 + pitch, or kPedalKey + channel for the sustain pedal
    };
    static constexpr int kPedalKey = 16 * 128;
    void run();
    bool eventsWaiting() const;
    void handle(const KeyEvent& e, std::vector<Phase>& phases);
    void startSpeculation();
    void cancelGeneration();
    // Hands over the answer that is due when its generation has ended (or waits for it: `block`).
    bool finishIfDue(Exchange* out, bool block);
    Exchange makeExchange(const GenerationResult& result);
    void setPhase(Phase p, std::vector<Phase>& phases);

    LoadedModel& model_;
    const CallAndResponseSettings settings_;
    RecordingSource recording_;
    Clock clock_;
    Callbacks callbacks_;
    std::unique_ptr<Generator> generator_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<KeyEvent> events_;
    bool quit_ = false;
    int answers_ = 0;

    // Engine thread only.
    std::multiset<int> held_;
    Phase phase_ = Phase::Listening;
    double phraseStart_ = -1.0;  // seconds; < 0: no phrase yet
    double phraseEnd_ = 0.0;
    bool generating_ = false;    // a Generator run is going (speculative or due)
    bool due_ = false;           // the pause has ended; answer as soon as it is made
    double dueStart_ = 0.0, dueEnd_ = 0.0;  // the phrase being answered
    bool promptOpensNewBar_ = false;
    std::string speculationError_;           // why no generation could start for the phrase
    double generationStarted_ = 0.0;
    std::thread thread_;
};

}  // namespace mozart::generate
