#include "data/TokenAugmentation.h"

#include <algorithm>
#include <map>

namespace mozart::data {

namespace {

const char* const kPitchClasses[12] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// "Pitch_60" -> 60; -1 when the rest is not a plain integer.
int numberAfter(const std::string& token, std::size_t prefixLength) {
    const std::string rest = token.substr(prefixLength);
    if (rest.empty() || rest.size() > 4) return -1000;
    std::size_t i = rest[0] == '-' ? 1 : 0;
    if (i == rest.size()) return -1000;
    for (std::size_t j = i; j < rest.size(); ++j)
        if (rest[j] < '0' || rest[j] > '9') return -1000;
    return std::stoi(rest);
}

}  // namespace

TokenAugmenter::TokenAugmenter(const remi::RemiTokenizer& tokenizer) {
    const auto& vocab = tokenizer.vocabulary();
    const auto& config = tokenizer.config();
    vocabSize_ = vocab.size();
    pitchOf_.assign(vocabSize_, -1);
    idOfPitch_.assign(128, -1);
    chordRootOf_.assign(vocabSize_, -1);
    chordQualityOf_.assign(vocabSize_, -1);
    velocityBinOf_.assign(vocabSize_, -1);
    programOf_.assign(vocabSize_, kNotProgram);
    pitchLow_ = config.pitchRange.first;
    pitchHigh_ = config.pitchRange.second;

    std::vector<std::pair<int, std::int32_t>> velocities;  // (value, id)
    std::map<std::string, int> qualities;
    for (std::size_t id = 0; id < vocabSize_; ++id) {
        const std::string& t = vocab.token(std::int32_t(id));
        if (startsWith(t, "Pitch_")) {
            const int p = numberAfter(t, 6);
            if (p >= 0 && p < 128) {
                pitchOf_[id] = std::int16_t(p);
                idOfPitch_[std::size_t(p)] = std::int32_t(id);
            }
        } else if (startsWith(t, "Velocity_")) {
            const int v = numberAfter(t, 9);
            if (v >= 0) velocities.emplace_back(v, std::int32_t(id));
        } else if (startsWith(t, "Program_")) {
            const int p = numberAfter(t, 8);
            if (p >= -1 && p < 128) programOf_[id] = std::int16_t(p);
        } else if (startsWith(t, "Chord_") && t.find(':') != std::string::npos) {
            const std::string root = t.substr(6, t.find(':') - 6);
            const auto pc = std::find(std::begin(kPitchClasses), std::end(kPitchClasses), root);
            if (pc == std::end(kPitchClasses)) continue;
            const std::string quality = t.substr(t.find(':') + 1);
            const int q = qualities.emplace(quality, int(qualities.size())).first->second;
            chordRootOf_[id] = std::int16_t(pc - std::begin(kPitchClasses));
            chordQualityOf_[id] = q;
        }
    }
    idOfChord_.assign(qualities.size() * 12, -1);
    for (std::size_t id = 0; id < vocabSize_; ++id)
        if (chordRootOf_[id] >= 0) idOfChord_[std::size_t(chordQualityOf_[id]) * 12 + std::size_t(chordRootOf_[id])] = std::int32_t(id);
    std::sort(velocities.begin(), velocities.end());
    for (std::size_t b = 0; b < velocities.size(); ++b) {
        velocityBinOf_[std::size_t(velocities[b].second)] = std::int16_t(b);
        idOfVelocityBin_.push_back(velocities[b].second);
    }
    velocityBins_ = int(velocities.size());

    if (config.usePitchIntervals) {
        cannotTranspose_ = "the tokenizer uses pitch-interval tokens, whose transposed range cannot be checked";
    } else if (!config.usePitchdrumTokens) {
        if (config.usePrograms)
            needsProgramContext_ = true;
        else
            cannotTranspose_ = "without PitchDrum tokens or programs, drum notes cannot be told from pitched ones";
    }
}

bool TokenAugmenter::canTranspose(std::string* why) const {
    if (why) *why = cannotTranspose_;
    return cannotTranspose_.empty();
}

bool TokenAugmenter::startsInDrums(const TokenSpan& before) const {
    for (std::size_t i = before.size(); i-- > 0;) {
        const std::int32_t id = before[i];
        if (id >= 0 && std::size_t(id) < vocabSize_ && programOf_[std::size_t(id)] != kNotProgram)
            return programOf_[std::size_t(id)] == -1;
    }
    return false;
}

ShiftRange TokenAugmenter::allowedShifts(const std::int64_t* ids, std::size_t count, bool drums, int maxShift) const {
    ShiftRange range;
    if (!canTranspose() || maxShift <= 0) return range;
    int low = 128, high = -1;
    for (std::size_t i = 0; i < count; ++i) {
        const std::int64_t id = ids[i];
        if (id < 0 || std::size_t(id) >= vocabSize_) continue;
        if (needsProgramContext_ && programOf_[std::size_t(id)] != kNotProgram) {
            drums = programOf_[std::size_t(id)] == -1;
            continue;
        }
        const int p = pitchOf_[std::size_t(id)];
        if (p < 0 || drums) continue;
        low = std::min(low, p);
        high = std::max(high, p);
    }
    if (high < 0) return range;  // nothing pitched: nothing to move
    range.lowest = std::max(-maxShift, std::min(0, pitchLow_ - low));
    range.highest = std::min(maxShift, std::max(0, pitchHigh_ - high));
    return range;
}

void TokenAugmenter::apply(std::int64_t* ids, std::size_t count, bool drums, int transpose, int velocityShift) const {
    const bool transposing = transpose != 0 && canTranspose();
    const bool shiftingVelocity = velocityShift != 0 && velocityBins_ > 0;
    if (!transposing && !shiftingVelocity) return;
    for (std::size_t i = 0; i < count; ++i) {
        const std::int64_t id = ids[i];
        if (id < 0 || std::size_t(id) >= vocabSize_) continue;
        const std::size_t u = std::size_t(id);
        if (needsProgramContext_ && programOf_[u] != kNotProgram) {
            drums = programOf_[u] == -1;
        } else if (transposing && pitchOf_[u] >= 0) {
            if (drums) continue;
            const int p = pitchOf_[u] + transpose;
            // allowedShifts guarantees the range; an id that is not there is left as it was.
            if (p >= 0 && p < 128 && idOfPitch_[std::size_t(p)] >= 0) ids[i] = idOfPitch_[std::size_t(p)];
        } else if (transposing && chordRootOf_[u] >= 0) {
            const int root = ((chordRootOf_[u] + transpose) % 12 + 12) % 12;
            const std::int32_t to = idOfChord_[std::size_t(chordQualityOf_[u]) * 12 + std::size_t(root)];
            if (to >= 0) ids[i] = to;
        } else if (shiftingVelocity && velocityBinOf_[u] >= 0) {
            const int bin = std::clamp(velocityBinOf_[u] + velocityShift, 0, velocityBins_ - 1);
            ids[i] = idOfVelocityBin_[std::size_t(bin)];
        }
    }
}

}  // namespace mozart::data
