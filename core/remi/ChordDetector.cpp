#include "remi/ChordDetector.h"

#include <algorithm>
#include <cstdlib>

namespace mozart::remi {

namespace {
const char* const kPitchClasses[12] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
constexpr std::size_t kSimultaneousNotesLimit = 10;
}  // namespace

std::string DetectedChord::value() const {
    return withRoot ? std::string(kPitchClasses[root]) + ":" + qualityName : qualityName;
}

std::vector<DetectedChord> detectChords(const std::vector<PreNote>& notes,
                                        const std::vector<TicksPerBeatSection>& ticksPerBeat,
                                        const TokenizerConfig& config, int beatRes) {
    std::vector<DetectedChord> chords;
    if (notes.empty() || ticksPerBeat.empty()) return chords;
    std::size_t tpbIdx = 0;
    Tick tpbHalf = ticksPerBeat[0].ticksPerBeat / 2;
    double onsetOffset = static_cast<double>(ticksPerBeat[0].ticksPerBeat) / beatRes;

    std::size_t count = 0;
    Tick previousTick = -1;
    std::vector<const PreNote*> onset;
    std::vector<const PreNote*> chord;
    onset.reserve(kSimultaneousNotesLimit);
    while (count < notes.size()) {
        const PreNote& first = notes[count];
        if (first.time == previousTick) {
            ++count;
            continue;
        }
        while (tpbIdx < ticksPerBeat.size() && first.time >= ticksPerBeat[tpbIdx].endTick) {
            ++tpbIdx;
            if (tpbIdx >= ticksPerBeat.size()) break;  // MidiTok would raise IndexError
            tpbHalf = ticksPerBeat[tpbIdx].ticksPerBeat / 2;
            onsetOffset = static_cast<double>(ticksPerBeat[tpbIdx].ticksPerBeat) / beatRes;
        }

        // Notes among the next ten starting within the onset window of the first one.
        onset.clear();
        const std::size_t windowEnd = std::min(notes.size(), count + kSimultaneousNotesLimit);
        for (std::size_t i = count; i < windowEnd; ++i)
            if (static_cast<double>(notes[i].time) <= static_cast<double>(first.time) + onsetOffset)
                onset.push_back(&notes[i]);

        bool ambiguous = false;
        for (const PreNote* n : onset)
            if (std::llabs(n->end() - onset[0]->end()) > tpbHalf) ambiguous = true;
        if (ambiguous) {
            count += onset.size();
            continue;
        }
        if (first.end() - first.time <= tpbHalf) {
            const Tick t0 = onset[0]->time;
            onset.erase(std::remove_if(onset.begin(), onset.end(), [t0](const PreNote* n) { return n->time != t0; }),
                        onset.end());
        }
        chord.clear();
        for (const PreNote* n : onset)
            if (n->end() - onset[0]->end() <= tpbHalf) chord.push_back(n);

        if (chord.size() >= 3 && chord.size() <= 5 && chord.back()->pitch - chord.front()->pitch <= 24) {
            int quality = -1;
            for (std::size_t q = 0; q < config.chordMaps.size() && quality < 0; ++q) {
                const auto& intervals = config.chordMaps[q].second;
                if (intervals.size() != chord.size()) continue;
                bool same = true;
                for (std::size_t i = 0; i < chord.size() && same; ++i)
                    same = intervals[i] == chord[i]->pitch - chord[0]->pitch;
                if (same) quality = static_cast<int>(q);
            }
            if (config.chordUnknown || quality >= 0) {
                DetectedChord c;
                c.time = chord[0]->time;
                for (const PreNote* n : chord) c.time = std::min(c.time, n->time);
                c.quality = quality;
                c.notes = static_cast<int>(chord.size());
                c.root = ((first.pitch % 12) + 12) % 12;
                c.withRoot = config.chordTokensWithRootNote;
                c.qualityName = quality >= 0 ? config.chordMaps[static_cast<std::size_t>(quality)].first
                                             : "ukn" + std::to_string(chord.size());
                chords.push_back(std::move(c));
            }
        }
        Tick maxOnset = onset[0]->time;
        for (const PreNote* n : onset) maxOnset = std::max(maxOnset, n->time);
        previousTick = maxOnset;
        count += onset.size();
    }
    return chords;
}

}  // namespace mozart::remi
