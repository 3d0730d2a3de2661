// The event half of RemiEncoder: MidiTok's _create_global_events, _create_track_events and
// _insert_program_change_events, in MidiTok's order so that the stable time sort that follows
// gives MidiTok's token order.
#include <cmath>
#include <cstdlib>

#include "remi/ChordDetector.h"
#include "remi/PythonNumerics.h"
#include "remi/RemiEncoder.h"

namespace mozart::remi {

std::int32_t RemiEncoder::Scratch::idOf(const Vocabulary& vocab, const std::string& token) {
    const std::int32_t id = vocab.id(token);
    if (id >= 0) return id;
    unknown.push_back(token);
    return -1 - static_cast<std::int32_t>(unknown.size());
}

std::int32_t RemiEncoder::programToken(int program, Scratch& scratch) const {
    if (program >= -1 && program < 128 && programIds_[program + 1] >= 0) return programIds_[program + 1];
    return scratch.idOf(vocab_, "Program_" + std::to_string(program));
}

std::int32_t RemiEncoder::timeSigToken(int num, int den, Scratch& scratch) const {
    return scratch.idOf(vocab_, "TimeSig_" + std::to_string(num) + "/" + std::to_string(den));
}

void RemiEncoder::addGlobalEvents(const PreprocessedScore& score, std::vector<Event>& events,
                                  Scratch& scratch) const {
    if (config_.useTimeSignatures) {
        for (const auto& ts : score.timeSignatures) {
            Event e;
            e.type = EventType::TimeSig;
            e.time = eventTime(ts.time);
            e.desc = (ts.numerator & 0xFFFF) << 8 | (ts.denominator & 0xFF);
            e.token = timeSigToken(ts.numerator, ts.denominator, scratch);
            events.push_back(e);
        }
    }
    if (config_.useTempos) {
        for (const auto& tp : score.tempos) {
            Event e;
            e.type = EventType::Tempo;
            e.time = eventTime(tp.time);
            // round(tempo.tempo, 2) on symusic's qpm = 6e7 / mspq, printed as a Python float
            const double qpm = 60000000.0 / static_cast<double>(tp.mspq);
            e.token = scratch.idOf(vocab_, "Tempo_" + tempoText(python::pythonRound(qpm, 2)));
            events.push_back(e);
        }
    }
}

void RemiEncoder::addTrackEvents(const PreTrack& track, const std::vector<TicksPerBeatSection>& ticksPerBeat,
                                 std::vector<Event>& events, Scratch& scratch) const {
    const int program = track.midiTokProgram();
    const bool useDurations = config_.usesNoteDurations(program);
    const bool programBeforeEach = config_.usePrograms && !config_.programChanges;
    std::vector<TimeTable> localTables;
    localTables.reserve(ticksPerBeat.size());  // references into it stay valid
    std::vector<const TimeTable*> sectionTables(ticksPerBeat.size(), nullptr);
    const std::int32_t programId = config_.usePrograms ? programToken(program, scratch) : -1;
    auto programEvent = [&](Tick time, Tick desc) {
        Event e;
        e.type = EventType::Program;
        e.time = eventTime(time);
        e.desc = eventTime(desc);
        e.program = static_cast<std::int16_t>(program);
        e.token = programId;
        return e;
    };
    auto sectionOf = [&ticksPerBeat](Tick time, std::size_t idx) {
        while (idx + 1 < ticksPerBeat.size() && time >= ticksPerBeat[idx].endTick) ++idx;
        return idx;
    };
    auto durationToken = [&](Tick time, Tick duration, std::size_t idx) {
        const std::size_t section = sectionOf(time, idx);
        if (!sectionTables[section])
            sectionTables[section] = &durationTable(ticksPerBeat[section].ticksPerBeat, localTables);
        const TimeTable& table = *sectionTables[section];
        if (duration >= 0 && static_cast<std::size_t>(duration) < table.idByTicks.size() &&
            table.idByTicks[static_cast<std::size_t>(duration)] >= 0)
            return table.idByTicks[static_cast<std::size_t>(duration)];
        // Not a duration of the vocabulary (MidiTok raises KeyError); keep a readable token.
        return scratch.idOf(vocab_, "Duration_" + std::to_string(duration) + "ticks");
    };

    if (config_.useSustainPedals) {
        // MidiTok writes the track's program as the value; without programs only Pedal_0 exists
        // (and MidiTok would fail on any other program), so the value is 0 then.
        const int value = config_.usePrograms ? program : 0;
        const std::int32_t pedalId = scratch.idOf(vocab_, "Pedal_" + std::to_string(value));
        const std::int32_t pedalOffId =
            config_.sustainPedalDuration ? -1 : scratch.idOf(vocab_, "PedalOff_" + std::to_string(value));
        std::size_t pedalTpbIdx = 0;
        for (const auto& pedal : track.pedals) {
            Event e;
            e.type = EventType::Pedal;
            e.time = eventTime(pedal.start);
            e.program = static_cast<std::int16_t>(program);
            e.token = pedalId;
            events.push_back(e);
            if (config_.sustainPedalDuration) {
                Event d;
                d.type = EventType::Duration;
                d.time = eventTime(pedal.start);
                d.program = static_cast<std::int16_t>(program);
                pedalTpbIdx = sectionOf(pedal.start, pedalTpbIdx);
                d.token = durationToken(pedal.start, pedal.duration, pedalTpbIdx);
                events.push_back(d);
            } else {
                Event off;
                off.type = EventType::PedalOff;
                off.time = eventTime(pedal.start + pedal.duration);
                off.program = static_cast<std::int16_t>(program);
                off.token = pedalOffId;
                events.push_back(off);
            }
        }
    }

    if (config_.usePitchBends) {
        for (const auto& bend : track.pitchBends) {
            if (programBeforeEach) events.push_back(programEvent(bend.time, 0));
            Event e;
            e.type = EventType::PitchBend;
            e.time = eventTime(bend.time);
            e.program = static_cast<std::int16_t>(program);
            e.token = scratch.idOf(vocab_, "PitchBend_" + std::to_string(bend.value));
            events.push_back(e);
        }
    }

    if (config_.useChords && !track.isDrum) {
        for (const auto& chord : detectChords(track.notes, ticksPerBeat, config_, tables_.firstBeatRes)) {
            if (programBeforeEach) events.push_back(programEvent(chord.time, 0));
            Event e;
            e.type = EventType::Chord;
            e.time = eventTime(chord.time);
            e.program = static_cast<std::int16_t>(program);
            e.token = chord.quality >= 0 ? chordIds_[static_cast<std::size_t>(chord.quality) * 12 +
                                                     static_cast<std::size_t>(config_.chordTokensWithRootNote ? chord.root : 0)]
                                         : -1;
            if (e.token < 0) e.token = scratch.idOf(vocab_, "Chord_" + chord.value());
            events.push_back(e);
        }
    }

    const bool drumTokens = config_.usePitchdrumTokens && track.isDrum;
    const bool intervals = config_.usePitchIntervals && !track.isDrum;
    std::size_t tpbIdx = 0;
    Tick maxTimeInterval = 0;
    if (config_.usePitchIntervals)
        maxTimeInterval = static_cast<Tick>(
            std::nearbyint(ticksPerBeat[0].ticksPerBeat * config_.pitchIntervalsMaxTimeDist));
    Tick previousOnset = -maxTimeInterval - 1;
    int previousPitchOnset = -128;
    int previousPitchChord = -128;
    events.reserve(events.size() + track.notes.size() * 4);
    for (const auto& note : track.notes) {
        if (programBeforeEach) events.push_back(programEvent(note.time, note.end()));

        bool absolutePitch = true;
        if (intervals) {
            if (note.time >= ticksPerBeat[tpbIdx].endTick && tpbIdx + 1 < ticksPerBeat.size()) {
                ++tpbIdx;
                maxTimeInterval = static_cast<Tick>(
                    std::nearbyint(ticksPerBeat[tpbIdx].ticksPerBeat * config_.pitchIntervalsMaxTimeDist));
            }
            Event e;
            e.time = eventTime(note.time);
            e.desc = eventTime(note.end());
            e.program = static_cast<std::int16_t>(program);
            if (note.time != previousOnset) {
                if (note.time - previousOnset <= maxTimeInterval &&
                    std::abs(note.pitch - previousPitchOnset) <= config_.maxPitchInterval) {
                    e.type = EventType::PitchIntervalTime;
                    e.token = scratch.idOf(vocab_, "PitchIntervalTime_" + std::to_string(note.pitch - previousPitchOnset));
                    events.push_back(e);
                    absolutePitch = false;
                }
                previousPitchOnset = previousPitchChord = note.pitch;
            } else {
                if (std::abs(note.pitch - previousPitchChord) <= config_.maxPitchInterval) {
                    e.type = EventType::PitchIntervalChord;
                    e.token = scratch.idOf(vocab_, "PitchIntervalChord_" + std::to_string(note.pitch - previousPitchChord));
                    events.push_back(e);
                    absolutePitch = false;
                } else {
                    previousPitchOnset = note.pitch;
                }
                previousPitchChord = note.pitch;
            }
            previousOnset = note.time;
        }

        if (absolutePitch) {
            Event e;
            e.type = drumTokens ? EventType::PitchDrum : EventType::Pitch;
            e.time = eventTime(note.time);
            e.desc = eventTime(note.end());
            e.program = static_cast<std::int16_t>(program);
            const std::size_t p = static_cast<std::size_t>(note.pitch & 127);
            e.token = drumTokens ? pitchDrumId_[p] : pitchId_[p];
            if (e.token < 0)
                e.token = scratch.idOf(vocab_, (drumTokens ? "PitchDrum_" : "Pitch_") + std::to_string(note.pitch));
            events.push_back(e);
        }
        if (config_.useVelocities) {
            Event e;
            e.type = EventType::Velocity;
            e.time = eventTime(note.time);
            e.program = static_cast<std::int16_t>(program);
            e.token = velocityId_[static_cast<std::size_t>(note.velocity & 255)];
            if (e.token < 0) e.token = scratch.idOf(vocab_, "Velocity_" + std::to_string(note.velocity));
            events.push_back(e);
        }
        if (useDurations) {
            Event e;
            e.type = EventType::Duration;
            e.time = eventTime(note.time);
            e.program = static_cast<std::int16_t>(program);
            e.token = durationToken(note.time, note.duration, tpbIdx);
            events.push_back(e);
        }
    }
}

void RemiEncoder::insertProgramChanges(std::vector<Event>& events, Scratch& scratch) const {
    // A Program token before each event whose program differs from the last program-bearing
    // event; tempo / time signature / pedal events (and a pedal's Duration) do not count.
    std::vector<std::size_t> at;  // indices (in the original list) that get a Program before them
    bool havePrevious = false;
    int previousProgram = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        const bool excluded = e.type == EventType::Pedal || e.type == EventType::PedalOff ||
                              e.type == EventType::TimeSig || e.type == EventType::Tempo ||
                              (e.type == EventType::Duration && i > 0 && events[i - 1].type == EventType::Pedal);
        if (!excluded && (!havePrevious || e.program != previousProgram)) {
            previousProgram = e.program;
            havePrevious = true;
            at.push_back(i);
        }
    }
    if (at.empty()) return;
    // Shift in place from the back.
    const std::size_t oldSize = events.size();
    events.resize(oldSize + at.size());
    std::size_t write = events.size();
    std::size_t read = oldSize;
    for (std::size_t k = at.size(); k-- > 0;) {
        while (read > at[k]) events[--write] = events[--read];
        const Event& target = events[write];
        Event p;
        p.type = EventType::Program;
        p.time = target.time;
        p.program = target.program;
        p.token = programToken(target.program, scratch);
        events[--write] = p;
    }
}

}  // namespace mozart::remi
