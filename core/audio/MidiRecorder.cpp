#include "audio/MidiRecorder.h"

#include <RtMidi.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <map>

#include "audio/MidiPorts.h"

namespace mozart::audio {

namespace {

std::int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

midi::Score scoreFromMidiMessages(const std::vector<TimedMidiMessage>& messages, const RecordingSettings& s) {
    midi::Score score;
    score.ticksPerQuarter = std::max(1, s.ticksPerQuarter);
    const double qpm = s.qpm > 0 ? s.qpm : 120.0;
    score.tempos.push_back({0, std::int32_t(std::lround(60'000'000.0 / qpm))});
    score.timeSignatures.push_back({0, 4, 4});
    auto toTick = [&](double seconds) {
        return midi::Tick(std::llround(std::max(0.0, seconds) * qpm / 60.0 * score.ticksPerQuarter));
    };

    std::map<std::pair<int, int>, std::size_t> trackOf;  // (channel, program) -> track index
    int program[16] = {};
    auto track = [&](int channel) -> midi::Track& {
        const auto key = std::make_pair(channel, program[channel]);
        auto it = trackOf.find(key);
        if (it == trackOf.end()) {
            midi::Track t;
            t.channel = channel;
            t.program = program[channel];
            t.isDrum = channel == 9;
            score.tracks.push_back(std::move(t));
            it = trackOf.emplace(key, score.tracks.size() - 1).first;
        }
        return score.tracks[it->second];
    };
    struct Open {
        midi::Tick start;
        std::uint8_t velocity;
        std::size_t track;
    };
    std::map<std::pair<int, int>, std::deque<Open>> open;  // (channel, key)
    std::map<int, midi::Tick> pedalDown;                   // channel -> press tick
    midi::Tick last = 0;

    for (const auto& m : messages) {
        if (m.bytes.empty() || m.bytes[0] < 0x80 || m.bytes[0] >= 0xF0) continue;
        const int status = m.bytes[0] & 0xF0, channel = m.bytes[0] & 0x0F;
        const int d1 = m.bytes.size() > 1 ? (m.bytes[1] & 0x7F) : 0;
        const int d2 = m.bytes.size() > 2 ? (m.bytes[2] & 0x7F) : 0;
        const midi::Tick tick = toTick(m.seconds);
        last = std::max(last, tick);
        if (status == 0x90 && d2 > 0) {
            midi::Track& t = track(channel);
            open[{channel, d1}].push_back({tick, std::uint8_t(d2), std::size_t(&t - score.tracks.data())});
        } else if (status == 0x80 || status == 0x90) {
            auto& q = open[{channel, d1}];
            if (q.empty()) continue;
            const Open o = q.front();
            q.pop_front();
            score.tracks[o.track].notes.push_back({o.start, tick - o.start, std::uint8_t(d1), o.velocity});
        } else if (status == 0xC0) {
            program[channel] = d1;
        } else if (status == 0xB0) {
            track(channel).controls.push_back({tick, std::uint8_t(d1), std::uint8_t(d2)});
            if (d1 == 64) {
                if (d2 >= 64 && !pedalDown.count(channel)) {
                    pedalDown[channel] = tick;
                } else if (d2 < 64 && pedalDown.count(channel)) {
                    track(channel).pedals.push_back({pedalDown[channel], tick - pedalDown[channel]});
                    pedalDown.erase(channel);
                }
            }
        } else if (status == 0xE0) {
            track(channel).pitchBends.push_back({tick, std::int16_t(((d2 << 7) | d1) - 8192)});
        }
    }
    for (auto& [key, q] : open)
        for (const Open& o : q)
            score.tracks[o.track].notes.push_back({o.start, last - o.start, std::uint8_t(key.second), o.velocity});
    for (const auto& [channel, start] : pedalDown) track(channel).pedals.push_back({start, last - start});
    for (auto& t : score.tracks)
        std::stable_sort(t.notes.begin(), t.notes.end(),
                         [](const midi::Note& a, const midi::Note& b) { return a.start < b.start; });
    return score;
}

std::unique_ptr<MidiRecorder> MidiRecorder::open(const std::string& portName, std::string* error) {
    if (std::string why = midiUnavailableReason(); !why.empty()) {
        *error = "cannot record from MIDI port \"" + portName + "\": " + why;
        return nullptr;
    }
    try {
        std::unique_ptr<MidiRecorder> r(new MidiRecorder);
        r->in_ = std::make_unique<RtMidiIn>(RtMidi::LINUX_ALSA, "Mozart Studio", 1000);
        std::vector<std::string> names;
        for (unsigned i = 0; i < r->in_->getPortCount(); ++i) names.push_back(r->in_->getPortName(i));
        const int index = findMidiPort(names, portName, "input", error);
        if (index < 0) return nullptr;
        r->name_ = names[std::size_t(index)];
        r->in_->ignoreTypes(true, true, true);  // sysex, clock, active sensing: not music
        r->in_->setCallback(&MidiRecorder::onMessage, r.get());
        r->in_->openPort(unsigned(index), "Mozart Studio in");
        return r;
    } catch (const RtMidiError& e) {
        *error = "cannot open MIDI input \"" + portName + "\": " + e.getMessage();
        return nullptr;
    }
}

MidiRecorder::~MidiRecorder() {
    if (in_) {
        in_->cancelCallback();
        in_->closePort();
    }
}

std::unique_ptr<MidiRecorder> MidiRecorder::unconnected(const std::string& name) {
    std::unique_ptr<MidiRecorder> r(new MidiRecorder);
    r->name_ = name;
    return r;
}

void MidiRecorder::onMessage(double delta, std::vector<unsigned char>* message, void* self) {
    if (!message) return;
    static_cast<MidiRecorder*>(self)->input(delta, std::vector<std::uint8_t>(message->begin(), message->end()));
}

void MidiRecorder::input(double deltaSeconds, const std::vector<std::uint8_t>& bytes) {
    TimedMidiMessage stored;
    std::function<void(const TimedMidiMessage&)> listener;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!recording_) return;
        // The first message is placed by the wall clock since start(); later ones by the sequencer's
        // own deltas, which do not suffer from this thread's scheduling.
        if (first_) {
            clock_ = double(nowNs() - startedNs_) / 1e9;
            first_ = false;
        } else {
            clock_ += std::max(0.0, deltaSeconds);
        }
        messages_.push_back({clock_, bytes});
        stored = messages_.back();
        listener = listener_;
    }
    if (listener) listener(stored);
}

void MidiRecorder::setListener(std::function<void(const TimedMidiMessage&)> listener) {
    std::lock_guard<std::mutex> lock(mutex_);
    listener_ = std::move(listener);
}

double MidiRecorder::elapsed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return double(nowNs() - startedNs_) / 1e9;
}

void MidiRecorder::start() {
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.clear();
    first_ = true;
    clock_ = 0.0;
    startedNs_ = nowNs();
    recording_ = true;
}

void MidiRecorder::stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    recording_ = false;
}

bool MidiRecorder::recording() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return recording_;
}

std::vector<TimedMidiMessage> MidiRecorder::messages() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return messages_;
}

std::size_t MidiRecorder::messageCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return messages_.size();
}

midi::Score MidiRecorder::score(const RecordingSettings& settings) const {
    return scoreFromMidiMessages(messages(), settings);
}

}  // namespace mozart::audio
