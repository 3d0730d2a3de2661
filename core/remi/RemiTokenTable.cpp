#include "remi/RemiTokenTable.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <system_error>

namespace mozart::remi {

namespace {

bool parseInt(std::string_view text, std::int32_t& out) {
    if (text.empty()) return false;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(first, last, out);
    return ec == std::errc() && ptr == last;
}

bool parseDouble(std::string_view text, double& out) {
    if (text.empty()) return false;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(first, last, out);
    return ec == std::errc() && ptr == last && std::isfinite(out);
}

// "beats.positions.resolution"
bool parseBeatFraction(std::string_view text, BeatFraction& out) {
    const auto dot1 = text.find('.');
    if (dot1 == std::string_view::npos) return false;
    const auto dot2 = text.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos) return false;
    return parseInt(text.substr(0, dot1), out.beats) &&
           parseInt(text.substr(dot1 + 1, dot2 - dot1 - 1), out.positions) &&
           parseInt(text.substr(dot2 + 1), out.resolution) && out.beats >= 0 &&
           out.positions >= 0 && out.resolution > 0 && out.beats <= 100000 &&
           out.positions <= 100000 && out.resolution <= 100000;
}

bool isPowerOfTwo(std::int32_t v) { return v > 0 && (v & (v - 1)) == 0; }

TokenInfo classify(const std::string& token, const TokenizerConfig& config) {
    TokenInfo info;
    if (std::find(config.specialTokens.begin(), config.specialTokens.end(), token) !=
        config.specialTokens.end()) {
        const std::string_view type = std::string_view(token).substr(0, token.find('_'));
        info.kind = type == "PAD"    ? TokenKind::Pad
                    : type == "BOS"  ? TokenKind::Bos
                    : type == "EOS"  ? TokenKind::Eos
                    : type == "MASK" ? TokenKind::Mask
                                     : TokenKind::OtherSpecial;
        return info;
    }
    const auto sep = token.find('_');
    // MidiTok splits "Type_Value" with split("_"): anything else is not a REMI token.
    if (sep == std::string::npos || token.find('_', sep + 1) != std::string::npos) return info;
    const std::string_view type = std::string_view(token).substr(0, sep);
    const std::string_view value = std::string_view(token).substr(sep + 1);

    auto intKind = [&](TokenKind kind, std::int32_t lo, std::int32_t hi) {
        std::int32_t v = 0;
        if (parseInt(value, v) && v >= lo && v <= hi) {
            info.kind = kind;
            info.value = v;
        }
    };
    constexpr std::int32_t kIntMax = std::numeric_limits<std::int32_t>::max();
    if (type == "Bar") {
        if (value == "None") {
            info.kind = TokenKind::Bar;
            info.value = -1;
        } else if (value == "End") {
            info.kind = TokenKind::BarEnd;
        } else {
            intKind(TokenKind::Bar, 0, kIntMax);
        }
    } else if (type == "Position") {
        intKind(TokenKind::Position, 0, 1 << 20);
    } else if (type == "Pitch") {
        intKind(TokenKind::Pitch, 0, 127);
    } else if (type == "PitchDrum") {
        intKind(TokenKind::PitchDrum, 0, 127);
    } else if (type == "PitchIntervalTime") {
        intKind(TokenKind::PitchIntervalTime, -127, 127);
    } else if (type == "PitchIntervalChord") {
        intKind(TokenKind::PitchIntervalChord, -127, 127);
    } else if (type == "Velocity") {
        intKind(TokenKind::Velocity, 0, 127);
    } else if (type == "Program") {
        intKind(TokenKind::Program, -1, 127);
    } else if (type == "Pedal" || type == "PedalOff") {
        // Without programs MidiTok writes Pedal_0 and ignores the value when decoding.
        intKind(type == "Pedal" ? TokenKind::Pedal : TokenKind::PedalOff, -1, 127);
    } else if (type == "PitchBend") {
        intKind(TokenKind::PitchBend, -8192, 8191);
    } else if (type == "Duration" || type == "Rest") {
        if (parseBeatFraction(value, info.time)) {
            info.kind = type == "Duration" ? TokenKind::Duration : TokenKind::Rest;
        }
    } else if (type == "Tempo") {
        double qpm = 0;
        if (parseDouble(value, qpm) && qpm >= 1.0 && qpm <= 1e6) {
            info.kind = TokenKind::Tempo;
            info.value = tempoMicrosFromQpm(qpm);
        }
    } else if (type == "TimeSig") {
        const auto slash = value.find('/');
        std::int32_t num = 0, den = 0;
        if (slash != std::string_view::npos && parseInt(value.substr(0, slash), num) &&
            parseInt(value.substr(slash + 1), den) && num > 0 && num <= 1024 &&
            isPowerOfTwo(den) && den <= 1024) {
            info.kind = TokenKind::TimeSig;
            info.value = num;
            info.denominator = den;
        }
    } else if (type == "Chord") {
        info.kind = TokenKind::Chord;
    } else {
        info.kind = TokenKind::Ignored;  // e.g. attribute-control tokens (ACBar..., ACTrack...)
    }
    return info;
}

}  // namespace

std::int32_t tempoMicrosFromQpm(double qpm) {
    return static_cast<std::int32_t>(std::round(60000000.0 / qpm));
}

std::int32_t RemiTiming::ticksPerBeat(std::int32_t denominator) const {
    const std::int32_t ratio = denominator > 0 ? maxDenominator / denominator : 0;
    return std::max<std::int32_t>(1, maxPositionsPerBeat * ratio);
}

std::int32_t RemiTiming::ticksPerPosition(std::int32_t denominator) const {
    return std::max<std::int32_t>(1, ticksPerBeat(denominator) / maxPositionsPerBeat);
}

std::int32_t RemiTiming::ticksPerBar(std::int32_t numerator, std::int32_t denominator) const {
    // compute_ticks_per_beat: the quarter-note time division scaled by 4 / denominator.
    const std::int64_t beat =
        denominator == 4 ? ticksPerQuarter
                         : (denominator > 0 ? std::int64_t{ticksPerQuarter} * 4 / denominator : 0);
    return static_cast<std::int32_t>(std::clamp<std::int64_t>(beat * numerator, 1, 1 << 24));
}

bool RemiFeatures::usesDuration(int program) const {
    const int index = program + 1;
    return index >= 0 && index < static_cast<int>(durationPrograms.size()) &&
           durationPrograms[static_cast<std::size_t>(index)];
}

RemiTokenTable::RemiTokenTable(const TokenizerConfig& config, const Vocabulary& vocab) {
    features_.usePrograms = config.usePrograms;
    features_.oneStream = config.oneTokenStreamForPrograms && config.usePrograms;
    features_.programChanges = config.programChanges && config.usePrograms;
    features_.useVelocities = config.useVelocities;
    features_.useTimeSignatures = config.useTimeSignatures;
    features_.pedalDuration = config.sustainPedalDuration && config.useSustainPedals;
    features_.usePitchdrumTokens = config.usePitchdrumTokens;
    features_.pitchMin = config.pitchRange.first;
    features_.pitchMax = config.pitchRange.second;
    features_.durationPrograms.assign(129, false);
    for (int p : config.useNoteDurationPrograms) {
        if (p >= -1 && p <= 127) features_.durationPrograms[static_cast<std::size_t>(p + 1)] = true;
    }

    if (!config.beatRes.empty()) {
        timing_.maxPositionsPerBeat = 1;
        for (const auto& range : config.beatRes) {
            timing_.maxPositionsPerBeat = std::max(timing_.maxPositionsPerBeat, range.resolution);
        }
    }
    // Bounded so that no product of timing values can overflow, whatever the configuration.
    timing_.maxPositionsPerBeat = std::clamp(timing_.maxPositionsPerBeat, 1, 1 << 12);
    timing_.maxDenominator = 4;
    if (config.useTimeSignatures) {
        int maxDen = 0;
        for (const auto& [den, nums] : config.timeSignatureRange) {
            if (!nums.empty() && isPowerOfTwo(den)) maxDen = std::max(maxDen, den);
        }
        if (maxDen > 0) timing_.maxDenominator = std::min(maxDen, 1 << 10);
    }
    timing_.ticksPerQuarter = timing_.ticksPerBeat(4);

    const auto& tokens = vocab.tokens();
    infos_.reserve(tokens.size());
    for (std::size_t id = 0; id < tokens.size(); ++id) {
        infos_.push_back(classify(tokens[id], config));
        idsByKind_[static_cast<int>(infos_.back().kind)].push_back(static_cast<std::int32_t>(id));
    }
    features_.barEndTokens = !idsByKind_[static_cast<int>(TokenKind::BarEnd)].empty();

    // default_tempo: tempos[argmin |tempo - 120|], the first on ties, compared in qpm.
    if (config.useTempos) {
        double best = std::numeric_limits<double>::infinity();
        for (std::int32_t id : idsByKind_[static_cast<int>(TokenKind::Tempo)]) {
            const std::string& token = tokens[static_cast<std::size_t>(id)];
            double qpm = 0;
            parseDouble(std::string_view(token).substr(token.find('_') + 1), qpm);
            if (std::abs(qpm - 120.0) < best) {
                best = std::abs(qpm - 120.0);
                defaultTempoMicros_ = tempoMicrosFromQpm(qpm);
            }
        }
    }
}

}  // namespace mozart::remi
