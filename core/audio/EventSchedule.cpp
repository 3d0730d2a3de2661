#include "audio/EventSchedule.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

namespace mozart::audio {

namespace {

constexpr int kDrumChannel = 9;
constexpr int kChannels = 16;

std::uint8_t clamp7(int v) { return std::uint8_t(std::clamp(v, 0, 127)); }

// Gives every track a channel; see the header for the rules.
std::vector<int> allocateChannels(const midi::Score& score) {
    const std::size_t n = score.tracks.size();
    std::vector<int> channel(n, 0);
    std::vector<std::size_t> melodic;
    for (std::size_t i = 0; i < n; ++i) {
        if (score.tracks[i].isDrum)
            channel[i] = kDrumChannel;
        else
            melodic.push_back(i);
    }
    // Tracks with notes first: when channels run short, silent tracks are the ones to share.
    std::stable_partition(melodic.begin(), melodic.end(),
                          [&](std::size_t i) { return !score.tracks[i].notes.empty(); });
    std::vector<int> free;
    for (int c = 0; c < kChannels; ++c)
        if (c != kDrumChannel) free.push_back(c);

    if (melodic.size() <= free.size()) {
        std::set<int> used;
        std::vector<std::size_t> unplaced;
        for (std::size_t i : melodic) {
            const int wanted = score.tracks[i].channel;
            if (wanted >= 0 && wanted < kChannels && wanted != kDrumChannel && !used.count(wanted)) {
                channel[i] = wanted;
                used.insert(wanted);
            } else {
                unplaced.push_back(i);
            }
        }
        auto next = free.begin();
        for (std::size_t i : unplaced) {
            while (used.count(*next)) ++next;
            channel[i] = *next;
            used.insert(*next);
        }
        return channel;
    }
    // More tracks than channels: one channel per program while they last, then round-robin.
    std::map<int, int> channelOfProgram;
    std::size_t roundRobin = 0;
    for (std::size_t i : melodic) {
        const int program = score.tracks[i].program;
        auto it = channelOfProgram.find(program);
        if (it != channelOfProgram.end()) {
            channel[i] = it->second;
        } else if (channelOfProgram.size() < free.size()) {
            const int c = free[channelOfProgram.size()];
            channelOfProgram[program] = c;
            channel[i] = c;
        } else {
            channel[i] = free[roundRobin++ % free.size()];
        }
    }
    return channel;
}

struct Builder {
    const midi::TempoMap& tempo;
    const EventSchedule& schedule;
    std::vector<ScheduledEvent>& out;

    std::int64_t frame(midi::Tick tick) const { return schedule.toFrame(tempo.seconds(tick)); }

    void add(ScheduledEvent::Type type, midi::Tick tick, int channel, int d1, int d2, int track) {
        ScheduledEvent e;
        e.frame = frame(tick);
        e.type = type;
        e.channel = std::uint8_t(channel);
        e.data1 = clamp7(d1);
        e.data2 = clamp7(d2);
        e.track = std::uint16_t(track);
        out.push_back(e);
    }
};

// Drops note-offs that would cut a key another note on the same channel still holds.
void holdOverlappingKeys(std::vector<ScheduledEvent>& events) {
    std::array<std::array<int, 128>, kChannels> held{};
    std::vector<ScheduledEvent> kept;
    kept.reserve(events.size());
    for (const auto& e : events) {
        if (e.type == ScheduledEvent::Type::NoteOn) {
            ++held[e.channel][e.data1];
        } else if (e.type == ScheduledEvent::Type::NoteOff) {
            int& count = held[e.channel][e.data1];
            if (count > 1) {
                --count;
                continue;
            }
            count = 0;
        }
        kept.push_back(e);
    }
    events.swap(kept);
}

}  // namespace

EventSchedule::EventSchedule(const midi::Score& score, double sampleRate)
    : sampleRate_(sampleRate > 0 ? sampleRate : 44100.0) {
    const midi::TempoMap tempo(score);
    trackChannels_ = allocateChannels(score);

    // A channel whose tracks want different programs switches before each note.
    std::array<std::set<int>, kChannels> programsOnChannel;
    for (std::size_t i = 0; i < score.tracks.size(); ++i)
        programsOnChannel[trackChannels_[i]].insert(std::clamp(score.tracks[i].program, 0, 127));

    Builder b{tempo, *this, events_};
    using T = ScheduledEvent::Type;
    for (std::size_t i = 0; i < score.tracks.size(); ++i) {
        const midi::Track& track = score.tracks[i];
        const int ch = trackChannels_[i];
        const int t = int(i);
        const bool switching = programsOnChannel[ch].size() > 1;
        if (!switching) b.add(T::Program, 0, ch, track.program, 0, t);

        bool hasSustain = false;
        for (const auto& c : track.controls) {
            // Banks are ours to choose (drums on 128 through the channel type): a file's bank
            // selects would send FluidSynth looking for presets a GM SoundFont lacks.
            if (c.controller == 0 || c.controller == 32) continue;
            if (c.controller == 64) hasSustain = true;
            b.add(T::Control, c.time, ch, c.controller, c.value, t);
        }
        if (!hasSustain) {
            // A Score made from tokens carries its pedals only as Pedal spans.
            for (const auto& p : track.pedals) {
                b.add(T::Control, p.start, ch, 64, 127, t);
                b.add(T::Control, p.start + p.duration, ch, 64, 0, t);
            }
        }
        for (const auto& pb : track.pitchBends) {
            b.add(T::PitchBend, pb.time, ch, 0, 0, t);
            events_.back().bend = std::int16_t(std::clamp<int>(pb.value, -8192, 8191));
        }
        for (const auto& n : track.notes) {
            if (n.duration <= 0 || n.velocity == 0) continue;
            b.add(T::NoteOn, n.start, ch, n.pitch, n.velocity, t);
            if (switching) events_.back().program = std::int8_t(std::clamp(track.program, 0, 127));
            b.add(T::NoteOff, n.end(), ch, n.pitch, 0, t);
            // A note too short to last one frame still sounds: its note-off comes a frame later.
            if (events_.back().frame <= events_[events_.size() - 2].frame)
                events_.back().frame = events_[events_.size() - 2].frame + 1;
        }
    }
    std::stable_sort(events_.begin(), events_.end(), [](const ScheduledEvent& a, const ScheduledEvent& c) {
        if (a.frame != c.frame) return a.frame < c.frame;
        return a.type < c.type;
    });
    holdOverlappingKeys(events_);
    endFrame_ = toFrame(tempo.seconds(score.endTick()));
    if (!events_.empty()) endFrame_ = std::max(endFrame_, events_.back().frame);
}

std::int64_t EventSchedule::toFrame(double seconds) const {
    return std::int64_t(std::llround(seconds * sampleRate_));
}

std::size_t EventSchedule::firstAtOrAfter(std::int64_t frame) const {
    auto it = std::lower_bound(events_.begin(), events_.end(), frame,
                               [](const ScheduledEvent& e, std::int64_t f) { return e.frame < f; });
    return std::size_t(it - events_.begin());
}

std::vector<ScheduledEvent> EventSchedule::stateBefore(std::int64_t frame) const {
    std::array<int, kChannels> program;
    program.fill(-1);
    std::array<std::array<int, 128>, kChannels> controller;
    for (auto& c : controller) c.fill(-1);
    std::array<int, kChannels> bend;
    bend.fill(INT32_MIN);
    const std::size_t end = firstAtOrAfter(frame);
    for (std::size_t i = 0; i < end; ++i) {
        const auto& e = events_[i];
        switch (e.type) {
        case ScheduledEvent::Type::Program: program[e.channel] = e.data1; break;
        case ScheduledEvent::Type::Control: controller[e.channel][e.data1] = e.data2; break;
        case ScheduledEvent::Type::PitchBend: bend[e.channel] = e.bend; break;
        case ScheduledEvent::Type::NoteOn:
            if (e.program >= 0) program[e.channel] = e.program;
            break;
        case ScheduledEvent::Type::NoteOff: break;
        }
    }
    std::vector<ScheduledEvent> state;
    for (int ch = 0; ch < kChannels; ++ch) {
        ScheduledEvent e;
        e.frame = frame;
        e.channel = std::uint8_t(ch);
        if (program[ch] >= 0) {
            e.type = ScheduledEvent::Type::Program;
            e.data1 = std::uint8_t(program[ch]);
            state.push_back(e);
        }
        // Channel mode messages (120..127) act once; they are not a state to restore.
        for (int cc = 0; cc < 120; ++cc) {
            if (controller[ch][cc] < 0) continue;
            e.type = ScheduledEvent::Type::Control;
            e.data1 = std::uint8_t(cc);
            e.data2 = std::uint8_t(controller[ch][cc]);
            state.push_back(e);
        }
        if (bend[ch] != INT32_MIN) {
            e.type = ScheduledEvent::Type::PitchBend;
            e.data1 = e.data2 = 0;
            e.bend = std::int16_t(bend[ch]);
            state.push_back(e);
        }
    }
    return state;
}

std::vector<std::uint8_t> midiBytes(const ScheduledEvent& e) {
    const std::uint8_t ch = e.channel & 0x0F;
    switch (e.type) {
    case ScheduledEvent::Type::Program: return {std::uint8_t(0xC0 | ch), e.data1};
    case ScheduledEvent::Type::Control: return {std::uint8_t(0xB0 | ch), e.data1, e.data2};
    case ScheduledEvent::Type::PitchBend: {
        const int v = std::clamp(e.bend + 8192, 0, 16383);
        return {std::uint8_t(0xE0 | ch), std::uint8_t(v & 0x7F), std::uint8_t(v >> 7)};
    }
    case ScheduledEvent::Type::NoteOff: return {std::uint8_t(0x80 | ch), e.data1, 0};
    case ScheduledEvent::Type::NoteOn: return {std::uint8_t(0x90 | ch), e.data1, e.data2};
    }
    return {};
}

}  // namespace mozart::audio
