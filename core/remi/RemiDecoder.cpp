// REMI decoding (RemiTokenizer::decode / decodeIds): tokens back into a Score, following MidiTok
// 3.0.6's REMI._tokens_to_score and MusicTokenizer.decode step for step, so a sequence decodes to
// the Score MidiTok would build. Where MidiTok would raise on malformed input (an id outside the
// vocabulary, a value that does not parse) we skip the token and count it instead; where it
// silently drops something (a Pitch without its Velocity/Duration, an unmatched PedalOff) we drop it
// too and count it. Deliberate differences, each only reachable with malformed input or
// configurations MidiTok itself mishandles:
// - Bar_<n> tokens (max_bar_embedding) start a bar like Bar_None (MidiTok ignores them, which
//   collapses every bar onto the first);
// - nothing is placed past kMaxDecodedTick, so huge Bar/Rest runs cannot make absurd scores;
// - tempos and time signatures are sorted by time (they only come out of order when Position
//   tokens go backwards).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "remi/MidiTokProgramNames.h"
#include "remi/RemiTimeline.h"
#include "remi/RemiTokenTable.h"
#include "remi/RemiTokenizer.h"

namespace mozart::remi {

namespace {

constexpr int kDefaultVelocity = 100;  // miditok.constants.DEFAULT_VELOCITY
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

bool fitsInScore(midi::Tick start, midi::Tick end) {
    return start >= 0 && start <= kMaxDecodedTick && end <= kMaxDecodedTick;
}

// Per-program values of MidiTok's dicts keyed by program (-1 .. 127).
template <typename T>
class PerProgram {
public:
    explicit PerProgram(T initial) { values_.fill(initial); }
    T& operator[](int program) { return values_[static_cast<std::size_t>(program + 1)]; }

private:
    std::array<T, 129> values_{};
};

// Decodes sequences one after the other into one Score, as the loop of _tokens_to_score does.
class ScoreAssembler {
public:
    ScoreAssembler(const TokenizerConfig& config, const RemiTokenTable& table)
        : config_(config), table_(table), features_(table.features()) {}

    void decodeSequence(std::size_t sequenceIndex, const std::vector<std::int32_t>& ids);
    DecodeResult finish();
    void setStreamTracks(const std::vector<StreamTrack>* tracks) { streamTracks_ = tracks; }

private:
    const TokenInfo& at(const std::vector<std::int32_t>& ids, std::size_t i) const {
        return table_.info(ids[i]);
    }
    void readFirstTimeSignature(const std::vector<std::int32_t>& ids);
    void startTrack(const std::vector<std::int32_t>& ids);
    // The track that receives events of `program` (one stream), else the sequence's track.
    midi::Track& trackFor(int program);
    void decodeNote(const std::vector<std::int32_t>& ids, std::size_t ti, const TokenInfo& info);
    void decodePedal(const std::vector<std::int32_t>& ids, std::size_t ti, const TokenInfo& info);

    const TokenizerConfig& config_;
    const RemiTokenTable& table_;
    const RemiFeatures& features_;
    int errors_ = 0;

    // Results
    std::vector<std::pair<int, midi::Track>> programTracks_;  // one stream, in creation order
    std::vector<midi::Track> sequenceTracks_;                  // one per sequence otherwise
    std::vector<midi::Tempo> tempos_;
    std::vector<midi::TimeSignature> timeSignatures_;

    // State of the sequence being decoded
    std::size_t sequenceIndex_ = 0;
    RemiTimeline time_;
    midi::Track currentTrack_;
    const std::vector<StreamTrack>* streamTracks_ = nullptr;  // per-sequence programs and names
    int currentProgram_ = 0;
    bool currentUsesDuration_ = true;
    PerProgram<int> previousPitchOnset_{-128};
    PerProgram<int> previousPitchChord_{-128};
    PerProgram<std::optional<midi::Tick>> activePedals_{std::nullopt};
    std::size_t consumedA_ = kNone;  // indices of Velocity/Duration tokens a note or pedal used
    std::size_t consumedB_ = kNone;
};

void ScoreAssembler::readFirstTimeSignature(const std::vector<std::int32_t>& ids) {
    if (features_.useTimeSignatures) {
        for (std::int32_t id : ids) {
            const TokenInfo& info = table_.info(id);
            if (info.kind == TokenKind::TimeSig) {
                timeSignatures_.push_back({0, info.value, info.denominator});
                break;
            }
            const TokenKind k = info.kind;
            if (k == TokenKind::Pitch || k == TokenKind::PitchDrum || k == TokenKind::Velocity ||
                k == TokenKind::Duration || k == TokenKind::PitchBend || k == TokenKind::Pedal) {
                break;
            }
        }
    }
    if (timeSignatures_.empty()) timeSignatures_.push_back({0, 4, 4});
}

void ScoreAssembler::startTrack(const std::vector<std::int32_t>& ids) {
    currentProgram_ = 0;
    if (features_.oneStream) {
        currentUsesDuration_ = features_.usesDuration(currentProgram_);
        return;
    }
    bool isDrum = false;
    if (features_.usePrograms) {
        for (std::int32_t id : ids) {
            const TokenInfo& info = table_.info(id);
            if (info.kind == TokenKind::Program) {
                currentProgram_ = info.value;
                if (currentProgram_ == -1) {
                    isDrum = true;
                    currentProgram_ = 0;
                }
                break;
            }
        }
    }
    currentTrack_ = midi::Track{};
    currentTrack_.program = currentProgram_;
    currentTrack_.isDrum = isDrum;
    currentTrack_.channel = isDrum ? 9 : 0;
    currentTrack_.name = midiTokProgramName(currentProgram_);
    currentUsesDuration_ = features_.usesDuration(currentProgram_);
}

midi::Track& ScoreAssembler::trackFor(int program) {
    if (!features_.oneStream) return currentTrack_;
    for (auto& [p, track] : programTracks_) {
        if (p == program) return track;
    }
    midi::Track track;
    track.program = program == -1 ? 0 : program;
    track.isDrum = program == -1;
    track.channel = track.isDrum ? 9 : 0;
    track.name = midiTokProgramName(program);
    programTracks_.emplace_back(program, std::move(track));
    return programTracks_.back().second;
}

void ScoreAssembler::decodeSequence(std::size_t sequenceIndex,
                                    const std::vector<std::int32_t>& ids) {
    sequenceIndex_ = sequenceIndex;
    if (sequenceIndex == 0) readFirstTimeSignature(ids);
    const midi::TimeSignature& ts = timeSignatures_.back();
    time_.start(table_.timing(), ts.numerator, ts.denominator);
    previousPitchOnset_ = PerProgram<int>{-128};
    previousPitchChord_ = PerProgram<int>{-128};
    activePedals_ = PerProgram<std::optional<midi::Tick>>{std::nullopt};
    consumedA_ = consumedB_ = kNone;
    startTrack(ids);

    for (std::size_t ti = 0; ti < ids.size(); ++ti) {
        const TokenInfo& info = at(ids, ti);
        switch (info.kind) {
        case TokenKind::Invalid:
            ++errors_;
            break;
        case TokenKind::Pad:
        case TokenKind::Bos:
        case TokenKind::Eos:
        case TokenKind::Mask:
        case TokenKind::OtherSpecial:
        case TokenKind::Ignored:
        case TokenKind::BarEnd:
        case TokenKind::Chord:  // chords are derived from the notes; nothing to rebuild
            break;
        case TokenKind::Bar:
            if (time_.tickAfterBar() > kMaxDecodedTick) {
                ++errors_;
            } else {
                time_.bar();
            }
            break;
        case TokenKind::Rest:
            if (time_.tickAfterRest(info.time) > kMaxDecodedTick) {
                ++errors_;
            } else {
                time_.rest(info.time);
            }
            break;
        case TokenKind::Position:
            time_.position(info.value);
            break;
        case TokenKind::Pitch:
        case TokenKind::PitchDrum:
        case TokenKind::PitchIntervalTime:
        case TokenKind::PitchIntervalChord:
            decodeNote(ids, ti, info);
            break;
        case TokenKind::Velocity:
        case TokenKind::Duration:
            if (ti != consumedA_ && ti != consumedB_) ++errors_;  // no note or pedal used it
            break;
        case TokenKind::Program:
            currentProgram_ = info.value;
            currentUsesDuration_ = features_.usesDuration(currentProgram_);
            if (!features_.oneStream && features_.programChanges) {
                currentTrack_.program = currentProgram_ == -1 ? 0 : currentProgram_;
                if (currentProgram_ == -1) {
                    currentTrack_.isDrum = true;
                    currentTrack_.channel = 9;
                }
            }
            break;
        case TokenKind::Tempo:
            if (!fitsInScore(time_.currentTick, time_.currentTick)) {
                ++errors_;
                break;
            }
            if (sequenceIndex_ == 0) tempos_.push_back({time_.currentTick, info.value});
            time_.noteEndsAt(time_.currentTick);
            break;
        case TokenKind::TimeSig: {
            const midi::Tick tick = time_.currentTick;
            if (time_.timeSignature(table_.timing(), info.value, info.denominator) &&
                sequenceIndex_ == 0) {
                timeSignatures_.push_back({tick, info.value, info.denominator});
            }
            break;
        }
        case TokenKind::Pedal:
        case TokenKind::PedalOff:
            decodePedal(ids, ti, info);
            break;
        case TokenKind::PitchBend:
            if (!fitsInScore(time_.currentTick, time_.currentTick)) {
                ++errors_;
                break;
            }
            trackFor(currentProgram_).pitchBends.push_back(
                {time_.currentTick, static_cast<std::int16_t>(info.value)});
            break;
        }
    }

    if (!features_.oneStream) {
        if (streamTracks_ && sequenceIndex_ < streamTracks_->size()) {
            const StreamTrack& s = (*streamTracks_)[sequenceIndex_];
            // With use_programs each stream names its own program; the name is all that is missing.
            if (!config_.usePrograms) {
                currentTrack_.program = s.program;
                currentTrack_.isDrum = s.isDrum;
                currentTrack_.channel = s.isDrum ? 9 : 0;
            }
            if (!s.name.empty()) currentTrack_.name = s.name;
        }
        const midi::Track& t = currentTrack_;
        if (!(t.notes.empty() && t.controls.empty() && t.pitchBends.empty())) {
            sequenceTracks_.push_back(std::move(currentTrack_));
        }
        currentTrack_ = midi::Track{};
    }
    // Pedals still held when the sequence ends are dropped, as in MidiTok.
}

void ScoreAssembler::decodeNote(const std::vector<std::int32_t>& ids, std::size_t ti,
                                const TokenInfo& info) {
    int pitch = info.value;
    if (info.kind == TokenKind::PitchIntervalTime) {
        pitch = previousPitchOnset_[currentProgram_] + info.value;
    } else if (info.kind == TokenKind::PitchIntervalChord) {
        pitch = previousPitchChord_[currentProgram_] + info.value;
    }
    if (pitch < features_.pitchMin || pitch > features_.pitchMax) {
        ++errors_;
        return;
    }
    // MidiTok updates the interval references even when the note turns out incomplete.
    if (info.kind != TokenKind::PitchIntervalChord) previousPitchOnset_[currentProgram_] = pitch;
    previousPitchChord_[currentProgram_] = pitch;

    // MidiTok looks at fixed offsets: Velocity right after, Duration after that.
    const std::size_t durationOffset = features_.useVelocities ? 2 : 1;
    int velocity = kDefaultVelocity;
    if (features_.useVelocities) {
        if (ti + 1 >= ids.size() || at(ids, ti + 1).kind != TokenKind::Velocity) {
            ++errors_;
            return;
        }
        velocity = at(ids, ti + 1).value;
    }
    midi::Tick duration = 0;
    if (currentUsesDuration_) {
        const std::size_t di = ti + durationOffset;
        if (di >= ids.size() || at(ids, di).kind != TokenKind::Duration) {
            ++errors_;
            return;
        }
        duration = at(ids, di).time.ticks(time_.ticksPerBeat);
    } else {
        // int(default_note_duration * ticks_per_beat)
        duration = std::max<midi::Tick>(
            0, static_cast<midi::Tick>(config_.defaultNoteDuration * time_.ticksPerBeat));
    }
    const midi::Tick start = time_.currentTick;
    if (!fitsInScore(start, start + duration)) {
        ++errors_;
        return;
    }
    if (features_.useVelocities) consumedA_ = ti + 1;
    if (currentUsesDuration_) consumedB_ = ti + durationOffset;
    trackFor(currentProgram_).notes.push_back(
        {start, duration, static_cast<std::uint8_t>(pitch), static_cast<std::uint8_t>(velocity)});
    time_.noteEndsAt(start + duration);
}

void ScoreAssembler::decodePedal(const std::vector<std::int32_t>& ids, std::size_t ti,
                                 const TokenInfo& info) {
    const int program = features_.usePrograms ? info.value : currentProgram_;
    const midi::Tick now = time_.currentTick;
    if (info.kind == TokenKind::PedalOff) {
        auto& active = activePedals_[program];
        if (!active || !fitsInScore(*active, now)) {
            ++errors_;
            return;
        }
        trackFor(program).pedals.push_back({*active, now - *active});
        active.reset();
        return;
    }
    if (features_.pedalDuration && ti + 1 < ids.size()) {
        const TokenInfo& next = at(ids, ti + 1);
        if (next.kind != TokenKind::Duration) {
            ++errors_;
            return;
        }
        const midi::Tick duration = next.time.ticks(time_.ticksPerBeat);
        if (!fitsInScore(now, now + duration)) {
            ++errors_;
            return;
        }
        consumedA_ = ti + 1;
        trackFor(program).pedals.push_back({now, duration});
        return;
    }
    // A Pedal without duration waits for its PedalOff (with pedal durations, MidiTok does this
    // for a Pedal that ends the sequence, and the pedal is then never closed).
    auto& active = activePedals_[program];
    if (active || features_.pedalDuration) {
        ++errors_;
        if (active) return;
    }
    active = now;
}

DecodeResult ScoreAssembler::finish() {
    DecodeResult result;
    midi::Score& score = result.score;
    score.ticksPerQuarter = table_.timing().ticksPerQuarter;
    if (features_.oneStream) {
        for (auto& [program, track] : programTracks_) score.tracks.push_back(std::move(track));
    } else {
        score.tracks = std::move(sequenceTracks_);
    }
    // MusicTokenizer.decode writes pedals as CC64 press/release pairs so files keep them.
    for (midi::Track& track : score.tracks) {
        if (track.pedals.empty()) continue;
        for (const midi::Pedal& pedal : track.pedals) {
            track.controls.push_back({pedal.start, 64, 127});
            track.controls.push_back({pedal.start + pedal.duration, 64, 0});
        }
        std::stable_sort(track.controls.begin(), track.controls.end(),
                         [](const midi::ControlChange& a, const midi::ControlChange& b) {
                             return std::tie(a.time, a.controller, a.value) <
                                    std::tie(b.time, b.controller, b.value);
                         });
    }
    auto byTime = [](const auto& a, const auto& b) { return a.time < b.time; };
    score.tempos = std::move(tempos_);
    std::stable_sort(score.tempos.begin(), score.tempos.end(), byTime);
    if (score.tempos.empty() || score.tempos.front().time != 0) {
        score.tempos.insert(score.tempos.begin(), midi::Tempo{0, table_.defaultTempoMicros()});
    }
    score.timeSignatures = std::move(timeSignatures_);
    std::stable_sort(score.timeSignatures.begin(), score.timeSignatures.end(), byTime);
    if (score.timeSignatures.empty() || score.timeSignatures.front().time != 0) {
        score.timeSignatures.insert(score.timeSignatures.begin(), midi::TimeSignature{0, 4, 4});
    }
    result.errors = errors_;
    return result;
}

}  // namespace

DecodeResult RemiTokenizer::decodeIds(const std::vector<std::vector<std::int32_t>>& ids,
                                      const std::vector<StreamTrack>* tracks) const {
    const RemiTokenTable table(config_, vocab_);
    ScoreAssembler assembler(config_, table);
    assembler.setStreamTracks(tracks);
    for (std::size_t si = 0; si < ids.size(); ++si) assembler.decodeSequence(si, ids[si]);
    return assembler.finish();
}

DecodeResult RemiTokenizer::decode(const std::vector<TokenSequence>& sequences,
                                   const std::vector<StreamTrack>* tracks) const {
    // Like MidiTok, token strings win when a sequence has them; ids are used otherwise.
    std::vector<std::vector<std::int32_t>> ids;
    ids.reserve(sequences.size());
    for (const TokenSequence& seq : sequences) {
        if (seq.tokens.empty()) {
            ids.push_back(seq.ids);
            continue;
        }
        std::vector<std::int32_t> mapped;
        mapped.reserve(seq.tokens.size());
        for (const std::string& token : seq.tokens) mapped.push_back(vocab_.id(token));
        ids.push_back(std::move(mapped));
    }
    return decodeIds(ids, tracks);
}

}  // namespace mozart::remi
