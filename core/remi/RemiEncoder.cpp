#include "remi/RemiEncoder.h"

#include <algorithm>

#include "remi/MidiTokTimeAdjust.h"

namespace mozart::remi {

using miditok::floorDiv;
using miditok::ticksPerBeatFor;

namespace {

// Python's stable list.sort(key=time) on events that are mostly in order already: a natural
// merge sort (find the ascending runs, merge neighbours; std::merge keeps ties in order).
void stableSortByTime(std::vector<RemiEncoder::Event>& events) {
    using Event = RemiEncoder::Event;
    auto byTime = [](const Event& a, const Event& b) { return a.time < b.time; };
    std::vector<std::size_t> bounds{0};
    for (std::size_t i = 1; i < events.size(); ++i)
        if (events[i].time < events[i - 1].time) bounds.push_back(i);
    bounds.push_back(events.size());
    if (bounds.size() <= 2) return;
    std::vector<Event> buffer(events.size());
    while (bounds.size() > 2) {
        std::vector<std::size_t> merged{0};
        std::size_t k = 0;
        for (; k + 2 < bounds.size(); k += 2) {
            std::merge(events.begin() + static_cast<std::ptrdiff_t>(bounds[k]),
                       events.begin() + static_cast<std::ptrdiff_t>(bounds[k + 1]),
                       events.begin() + static_cast<std::ptrdiff_t>(bounds[k + 1]),
                       events.begin() + static_cast<std::ptrdiff_t>(bounds[k + 2]),
                       buffer.begin() + static_cast<std::ptrdiff_t>(bounds[k]), byTime);
            merged.push_back(bounds[k + 2]);
        }
        if (k + 1 < bounds.size()) {  // an odd run left over
            std::copy(events.begin() + static_cast<std::ptrdiff_t>(bounds[k]), events.end(),
                      buffer.begin() + static_cast<std::ptrdiff_t>(bounds[k]));
            merged.push_back(events.size());
        }
        events.swap(buffer);
        bounds.swap(merged);
    }
}

}  // namespace

RemiEncoder::RemiEncoder(const TokenizerConfig& config, const Vocabulary& vocab)
    : config_(config), vocab_(vocab), tables_(config_), preprocessor_(config_, tables_) {
    for (int p = 0; p < 128; ++p) {
        pitchId_[p] = vocab_.id("Pitch_" + std::to_string(p));
        pitchDrumId_[p] = vocab_.id("PitchDrum_" + std::to_string(p));
    }
    for (int v = 0; v < 256; ++v) velocityId_[v] = vocab_.id("Velocity_" + std::to_string(v));
    for (int i = 0;; ++i) {
        const std::int32_t id = vocab_.id("Position_" + std::to_string(i));
        if (id < 0) break;
        positionIds_.push_back(id);
    }
    for (int p = -1; p < 128; ++p) programIds_[p + 1] = vocab_.id("Program_" + std::to_string(p));
    static const char* const kRoots[12] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    for (const auto& [quality, intervals] : config_.chordMaps)
        for (const char* root : kRoots)
            chordIds_.push_back(vocab_.id(config_.chordTokensWithRootNote ? "Chord_" + std::string(root) + ":" + quality
                                                                         : "Chord_" + quality));
    barNoneId_ = vocab_.id("Bar_None");
    barEndId_ = vocab_.id("Bar_End");
    std::vector<int> tpbs;
    for (const auto& [den, tpb] : tables_.ticksPerBeatPerDenominator) tpbs.push_back(tpb);
    tpbs.push_back(tables_.timeDivision);
    for (int tpb : tpbs) {
        if (tpb <= 0) continue;
        if (std::none_of(durationTables_.begin(), durationTables_.end(),
                         [tpb](const TimeTable& t) { return t.ticksPerBeat == tpb; }))
            durationTables_.push_back(makeDurationTable(tpb));
        if (config_.useRests &&
            std::none_of(restTables_.begin(), restTables_.end(), [tpb](const TimeTable& t) { return t.ticksPerBeat == tpb; }))
            restTables_.push_back(makeRestTable(tpb));
    }
}

RemiEncoder::TimeTable RemiEncoder::makeDurationTable(int tpb) const {
    TimeTable t;
    t.ticksPerBeat = tpb;
    Tick maxTicks = 0;
    for (const auto& d : tables_.durations) maxTicks = std::max(maxTicks, d.ticks(tpb));
    t.idByTicks.assign(static_cast<std::size_t>(std::max<Tick>(maxTicks, 0)) + 1, -1);
    // {ticks: token}: with equal tick counts the later token wins, as in MidiTok's dict.
    for (const auto& d : tables_.durations) {
        const Tick ticks = d.ticks(tpb);
        if (ticks >= 0) t.idByTicks[static_cast<std::size_t>(ticks)] = vocab_.id("Duration_" + d.text());
    }
    return t;
}

RemiEncoder::TimeTable RemiEncoder::makeRestTable(int tpb) const {
    TimeTable t;
    t.ticksPerBeat = tpb;
    for (const auto& r : tables_.rests) {
        t.ticks.push_back(r.ticks(tpb));
        t.ids.push_back(vocab_.id("Rest_" + r.text()));
    }
    return t;
}

const RemiEncoder::TimeTable& RemiEncoder::durationTable(int tpb, std::vector<TimeTable>& local) const {
    for (const auto& t : durationTables_)
        if (t.ticksPerBeat == tpb) return t;
    for (const auto& t : local)
        if (t.ticksPerBeat == tpb) return t;
    local.push_back(makeDurationTable(tpb));
    return local.back();
}

const RemiEncoder::TimeTable& RemiEncoder::restTable(int tpb, std::vector<TimeTable>& local) const {
    for (const auto& t : restTables_)
        if (t.ticksPerBeat == tpb) return t;
    for (const auto& t : local)
        if (t.ticksPerBeat == tpb) return t;
    local.push_back(makeRestTable(tpb));
    return local.back();
}

std::int32_t RemiEncoder::positionToken(Tick pos, Scratch& scratch) const {
    if (pos >= 0 && static_cast<std::size_t>(pos) < positionIds_.size()) return positionIds_[static_cast<std::size_t>(pos)];
    return scratch.idOf(vocab_, "Position_" + std::to_string(pos));
}

void RemiEncoder::addTimeEvents(const std::vector<Event>& events, int tpq, std::vector<std::int32_t>& out,
                                Scratch& scratch) const {
    std::vector<TimeTable> localTables;
    int bar = -1;  // current_bar
    Tick barAtLastTsChange = 0;
    Tick previousTick = -1;
    Tick previousNoteEnd = 0;
    Tick tickAtLastTsChange = 0;
    Tick tickAtCurrentBar = 0;
    int tsNum = 4, tsDen = 4;
    if (config_.useTimeSignatures) {
        for (const auto& e : events)
            if (e.type == EventType::TimeSig) {
                tsNum = e.desc >> 8;
                tsDen = e.desc & 0xFF;
                break;
            }
    }
    Tick ticksPerBar = 0, ticksPerBeat = 0, ticksPerPos = 0;
    auto computeUnits = [&]() {
        ticksPerBeat = ticksPerBeatFor(tsDen, tpq);
        ticksPerBar = ticksPerBeat * tsNum;
        ticksPerPos = ticksPerBeat / tables_.maxNumPosPerBeat;
        // MidiTok divides by these (ZeroDivisionError); never let them be 0 here.
        if (ticksPerBar <= 0) ticksPerBar = 1;
        if (ticksPerPos <= 0) ticksPerPos = 1;
    };
    computeUnits();

    auto addNewBars = [&](Tick untilTime, EventType eventType) {
        const Tick newBars = barAtLastTsChange + floorDiv(untilTime - tickAtLastTsChange, ticksPerBar) - bar;
        for (Tick i = 0; i < newBars; ++i) {
            ++bar;
            tickAtCurrentBar = tickAtLastTsChange + (bar - barAtLastTsChange) * ticksPerBar;
            if (config_.useBarEndTokens && bar > 0)
                out.push_back(barEndId_ >= 0 ? barEndId_ : scratch.idOf(vocab_, "Bar_End"));
            if (config_.maxBarEmbedding)  // MidiTok numbers it current_bar + i (sic)
                out.push_back(scratch.idOf(vocab_, "Bar_" + std::to_string(bar + i)));
            else
                out.push_back(barNoneId_ >= 0 ? barNoneId_ : scratch.idOf(vocab_, "Bar_None"));
            if (config_.useTimeSignatures && !(eventType == EventType::TimeSig && i + 1 == newBars))
                out.push_back(timeSigToken(tsNum, tsDen, scratch));
        }
    };

    for (const auto& e : events) {
        if (e.time != previousTick) {
            if (config_.useRests) {
                const TimeTable& rests = restTable(static_cast<int>(ticksPerBeat), localTables);
                const Tick minRest = rests.ticks.empty() ? 0 : rests.ticks.front();
                if (!rests.ticks.empty() && e.time - previousNoteEnd >= minRest) {
                    previousTick = previousNoteEnd;
                    Tick remaining = e.time - previousTick;
                    while (remaining >= minRest) {
                        std::size_t index = rests.ticks.size();
                        for (std::size_t k = rests.ticks.size(); k-- > 0;)
                            if (rests.ticks[k] <= remaining) {
                                index = k;
                                break;
                            }
                        if (index == rests.ticks.size() || rests.ticks[index] <= 0) break;
                        out.push_back(rests.ids[index] >= 0 ? rests.ids[index]
                                                            : scratch.idOf(vocab_, "Rest_" + tables_.rests[index].text()));
                        remaining -= rests.ticks[index];
                        previousTick += rests.ticks[index];
                    }
                    // Bars crossed by the rests get no Bar token, but the bar count moves on.
                    const Tick realBar = barAtLastTsChange + floorDiv(previousTick - tickAtLastTsChange, ticksPerBar);
                    if (realBar > bar) {
                        if (bar == -1) bar = 0;
                        tickAtCurrentBar += (realBar - bar) * ticksPerBar;
                        bar = static_cast<int>(realBar);
                    }
                }
            }
            addNewBars(e.time, e.type);
            if (e.type != EventType::TimeSig)
                out.push_back(positionToken(floorDiv(e.time - tickAtCurrentBar, ticksPerPos), scratch));
            previousTick = e.time;
        }
        if (e.type == EventType::TimeSig) {
            barAtLastTsChange += floorDiv(e.time - tickAtLastTsChange, ticksPerBar);
            tickAtLastTsChange = e.time;
            tsNum = e.desc >> 8;
            tsDen = e.desc & 0xFF;
            computeUnits();
            previousTick -= 1;  // forces a Position token before the next event
        }
        out.push_back(e.token);
        switch (e.type) {
            case EventType::Pitch:
            case EventType::PitchDrum:
            case EventType::PitchIntervalTime:
            case EventType::PitchIntervalChord:
                previousNoteEnd = std::max<Tick>(previousNoteEnd, e.desc);
                break;
            case EventType::Program:
            case EventType::Tempo:
            case EventType::TimeSig:
            case EventType::Pedal:
            case EventType::PedalOff:
            case EventType::PitchBend:
            case EventType::Chord:
                previousNoteEnd = std::max<Tick>(previousNoteEnd, e.time);
                break;
            default:
                break;
        }
    }
    if (!events.empty() && previousNoteEnd > previousTick && config_.addTrailingBars)
        addNewBars(previousNoteEnd, events.back().type);
}

std::vector<std::vector<std::int32_t>> RemiEncoder::encodeIds(const midi::Score& score,
                                                              std::vector<std::vector<std::string>>* unknownTokens,
                                                              std::string* error) const {
    if (error) error->clear();
    const PreprocessedScore pre = preprocessor_.run(score);
    if (pre.end() > kMaxEncodedTick) {
        if (error)
            *error = "the score is too long to tokenize (it ends at tick " + std::to_string(pre.end()) + " at " +
                     std::to_string(pre.ticksPerQuarter) + " ticks per quarter)";
        if (unknownTokens) unknownTokens->assign(1, {});
        return {{}};
    }
    Scratch scratch;
    std::vector<Event> globals;
    addGlobalEvents(pre, globals, scratch);
    const auto ticksPerBeat = pre.ticksPerBeat(config_.useTimeSignatures);
    std::size_t noteCount = 0;
    for (const auto& track : pre.tracks) noteCount += track.notes.size();

    std::vector<std::vector<std::int32_t>> result;
    if (config_.oneTokenStreamForPrograms) {
        std::vector<Event> events;
        events.reserve(globals.size() + noteCount * 4);
        events = globals;
        for (const auto& track : pre.tracks) addTrackEvents(track, ticksPerBeat, events, scratch);
        stableSortByTime(events);
        if (config_.programChanges) insertProgramChanges(events, scratch);
        result.emplace_back();
        result.back().reserve(events.size() + events.size() / 2);
        addTimeEvents(events, pre.ticksPerQuarter, result.back(), scratch);
    } else {
        const std::size_t n = std::max<std::size_t>(1, pre.tracks.size());
        result.resize(n);
        std::vector<Event> events;
        for (std::size_t i = 0; i < n; ++i) {
            events = globals;
            if (i < pre.tracks.size()) addTrackEvents(pre.tracks[i], ticksPerBeat, events, scratch);
            stableSortByTime(events);
            auto& out = result[i];
            out.reserve(events.size() + events.size() / 2 + 1);
            if (config_.programChanges && i < pre.tracks.size())
                out.push_back(programToken(pre.tracks[i].midiTokProgram(), scratch));
            addTimeEvents(events, pre.ticksPerQuarter, out, scratch);
        }
    }

    if (unknownTokens) unknownTokens->assign(result.size(), {});
    for (std::size_t s = 0; s < result.size(); ++s) {
        for (std::size_t k = 0; k < result[s].size(); ++k) {
            std::int32_t& id = result[s][k];
            if (id >= 0) continue;
            if (unknownTokens) {
                auto& names = (*unknownTokens)[s];
                names.resize(result[s].size());
                names[k] = id <= -2 ? scratch.unknown[static_cast<std::size_t>(-2 - id)] : std::string("?");
            }
            id = -1;
        }
    }
    return result;
}

std::vector<TokenSequence> RemiEncoder::encode(const midi::Score& score, std::string* error) const {
    std::vector<std::vector<std::string>> unknown;
    auto ids = encodeIds(score, &unknown, error);
    std::vector<TokenSequence> out(ids.size());
    for (std::size_t s = 0; s < ids.size(); ++s) {
        auto& seq = out[s];
        seq.tokens.reserve(ids[s].size());
        for (std::size_t k = 0; k < ids[s].size(); ++k)
            seq.tokens.push_back(ids[s][k] >= 0 ? vocab_.token(ids[s][k]) : unknown[s][k]);
        seq.ids = std::move(ids[s]);
    }
    return out;
}

}  // namespace mozart::remi
