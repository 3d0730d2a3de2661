#include "remi/Vocabulary.h"

#include <cstdio>

#include "remi/PythonNumerics.h"
#include "remi/TokenValueTables.h"

namespace mozart::remi {

namespace {

// Attribute-control tokens, in the order MusicTokenizer._initialize_attribute_controls adds them.
void addAttributeControlTokens(const TokenizerConfig& c, std::vector<std::string>& out) {
    auto polyphony = [&out, &c](const char* minType, const char* maxType) {
        for (const char* type : {minType, maxType})
            for (int v = c.acPolyphonyMin; v <= c.acPolyphonyMax; ++v)
                out.push_back(std::string(type) + "_" + std::to_string(v));
    };
    static const char* const kDurations[] = {"Whole", "Half", "Quarter", "Eight", "Sixteenth", "ThirtySecond"};
    if (c.acPolyphonyTrack) polyphony("ACTrackOnsetPolyphonyMin", "ACTrackOnsetPolyphonyMax");
    if (c.acPolyphonyBar) polyphony("ACBarOnsetPolyphonyMin", "ACBarOnsetPolyphonyMax");
    if (c.acPitchClassBar)
        for (int i = 0; i < 12; ++i) out.push_back("ACBarPitchClass_" + std::to_string(i));
    if (c.acNoteDensityTrack) {
        for (const char* type : {"ACTrackNoteDensityMin", "ACTrackNoteDensityMax"})
            for (int i = c.acNoteDensityTrackMin; i < c.acNoteDensityTrackMax; ++i)
                out.push_back(std::string(type) + "_" + std::to_string(i));
        out.push_back("ACTrackNoteDensityMin_" + std::to_string(c.acNoteDensityTrackMax) + "+");
        out.push_back("ACTrackNoteDensityMax_" + std::to_string(c.acNoteDensityTrackMax) + "+");
    }
    if (c.acNoteDensityBar) {
        for (int i = 0; i < c.acNoteDensityBarMax; ++i) out.push_back("ACBarNoteDensity_" + std::to_string(i));
        out.push_back("ACBarNoteDensity_" + std::to_string(c.acNoteDensityBarMax) + "+");
    }
    if (c.acNoteDurationBar)
        for (const char* d : kDurations)
            for (int v : {0, 1}) out.push_back(std::string("ACBarNoteDuration") + d + "_" + std::to_string(v));
    if (c.acNoteDurationTrack)
        for (const char* d : kDurations)
            for (int v : {0, 1}) out.push_back(std::string("ACTrackNoteDuration") + d + "_" + std::to_string(v));
    if (c.acRepetitionTrack) {
        for (double bin : python::linspace(0, 1, c.acRepetitionTrackNumBins)) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "ACTrackRepetition_%.2f", bin);
            out.push_back(buf);
        }
    }
}

}  // namespace

Vocabulary::Vocabulary(const TokenizerConfig& config) {
    const TokenValueTables tables(config);
    std::vector<std::string> base;

    // REMI._create_base_vocabulary
    if (config.maxBarEmbedding) {
        for (int i = 0; i < *config.maxBarEmbedding; ++i) base.push_back("Bar_" + std::to_string(i));
    } else {
        base.push_back("Bar_None");
    }
    if (config.useBarEndTokens) base.push_back("Bar_End");

    // _add_note_tokens_to_vocab_list (Pitch + Velocity + Duration)
    for (int p = config.pitchRange.first; p <= config.pitchRange.second; ++p) base.push_back("Pitch_" + std::to_string(p));
    for (int v : tables.velocities) base.push_back("Velocity_" + std::to_string(v));
    if (config.usingNoteDurationTokens() || config.sustainPedalDuration)
        for (const auto& d : tables.durations) base.push_back("Duration_" + d.text());

    int maxBeats = 0;
    for (const auto& ts : tables.timeSignatures) maxBeats = std::max(maxBeats, ts.first);
    const int positions = tables.maxNumPosPerBeat * maxBeats;
    for (int i = 0; i < positions; ++i) base.push_back("Position_" + std::to_string(i));

    // _add_additional_tokens_to_vocab_list
    if (config.usePitchIntervals)
        for (const char* type : {"PitchIntervalTime", "PitchIntervalChord"})
            for (int i = -config.maxPitchInterval; i <= config.maxPitchInterval; ++i)
                base.push_back(std::string(type) + "_" + std::to_string(i));
    if (config.usePitchdrumTokens)
        for (int p = config.drumsPitchRange.first; p <= config.drumsPitchRange.second; ++p)
            base.push_back("PitchDrum_" + std::to_string(p));
    for (const auto& chord : tables.chordTokens) base.push_back(chord);
    for (const auto& r : tables.rests) base.push_back("Rest_" + r.text());
    for (double t : tables.tempos) base.push_back("Tempo_" + tempoText(t));
    if (config.usePrograms)
        for (int p : config.programs) base.push_back("Program_" + std::to_string(p));
    if (config.useTimeSignatures)
        for (const auto& [num, den] : tables.timeSignatures)
            base.push_back("TimeSig_" + std::to_string(num) + "/" + std::to_string(den));
    if (config.useSustainPedals) {
        if (config.usePrograms) {
            for (int p : config.programs) base.push_back("Pedal_" + std::to_string(p));
            if (!config.sustainPedalDuration)
                for (int p : config.programs) base.push_back("PedalOff_" + std::to_string(p));
        } else {
            base.push_back("Pedal_0");
            if (!config.sustainPedalDuration) base.push_back("PedalOff_0");
        }
    }
    for (int v : tables.pitchBends) base.push_back("PitchBend_" + std::to_string(v));

    // MusicTokenizer.__create_vocabulary: special tokens first; add_to_vocab skips duplicates.
    auto add = [this](const std::string& token) {
        if (ids_.count(token)) return;
        ids_.emplace(token, static_cast<std::int32_t>(tokens_.size()));
        tokens_.push_back(token);
    };
    for (const auto& t : config.specialTokens) add(t);
    for (const auto& t : base) add(t);
    // Attribute controls are disabled (by MidiTok) with one token stream.
    if (!config.oneTokenStreamForPrograms) {
        std::vector<std::string> ac;
        addAttributeControlTokens(config, ac);
        for (const auto& t : ac) add(t);
    }
}

std::int32_t Vocabulary::id(const std::string& token) const {
    const auto it = ids_.find(token);
    return it == ids_.end() ? -1 : it->second;
}

const std::string& Vocabulary::token(std::int32_t id) const {
    static const std::string empty;
    if (id < 0 || static_cast<std::size_t>(id) >= tokens_.size()) return empty;
    return tokens_[static_cast<std::size_t>(id)];
}

}  // namespace mozart::remi
