#include "tokens/TokenNoteMap.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace mozart::ui {

namespace {

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

int numberAfter(const std::string& s, std::size_t at) {
    try {
        return std::stoi(s.substr(at));
    } catch (...) {
        return 0;
    }
}

}  // namespace

TokenNoteMap TokenNoteMap::build(const std::vector<std::string>& tokens, const std::vector<midi::Note>& notes,
                                 int ticksPerQuarter) {
    TokenNoteMap map;
    map.noteOfToken.assign(tokens.size(), -1);
    map.tokensOfNote.assign(notes.size(), {});
    const double tpq = std::max(1, ticksPerQuarter);
    // Unpaired notes per pitch, sorted by start in beats.
    std::map<int, std::vector<std::pair<double, int>>> byPitch;
    for (int i = 0; i < int(notes.size()); ++i) byPitch[notes[std::size_t(i)].pitch].push_back({notes[std::size_t(i)].start / tpq, i});
    for (auto& [p, list] : byPitch) std::sort(list.begin(), list.end());

    const double positionsPerBeat = 8.0;  // MidiTok's default finest resolution (beat_res up to 8)
    double barStart = -1, barBeats = 4.0, position = 0;
    int currentNote = -1;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const std::string& t = tokens[k];
        if (startsWith(t, "Bar_")) {
            barStart = barStart < 0 ? 0 : barStart + barBeats;
            position = 0;
            currentNote = -1;
        } else if (startsWith(t, "TimeSig_")) {
            const auto slash = t.find('/');
            if (slash != std::string::npos) {
                const int num = numberAfter(t, 8), den = numberAfter(t, slash + 1);
                if (num > 0 && den > 0) barBeats = num * 4.0 / den;
            }
        } else if (startsWith(t, "Position_")) {
            position = numberAfter(t, 9) / positionsPerBeat;
            currentNote = -1;
        } else if (startsWith(t, "Pitch_") || startsWith(t, "PitchDrum_")) {
            const int pitch = numberAfter(t, t.find('_') + 1);
            const double time = std::max(0.0, barStart) + position;
            currentNote = -1;
            auto it = byPitch.find(pitch);
            if (it != byPitch.end() && !it->second.empty()) {
                auto& list = it->second;
                auto best = list.end();
                double bestDist = 1e300;
                for (auto c = std::lower_bound(list.begin(), list.end(), std::make_pair(time - 1.0, -1));
                     c != list.end(); ++c) {
                    const double d = std::abs(c->first - time);
                    if (d < bestDist) {
                        best = c;
                        bestDist = d;
                    }
                    if (c->first > time + 1.0) break;
                }
                if (best != list.end() && bestDist <= 1.0) {
                    currentNote = best->second;
                    list.erase(best);
                }
            }
            if (currentNote >= 0) {
                map.noteOfToken[k] = currentNote;
                map.tokensOfNote[std::size_t(currentNote)].push_back(int(k));
            }
        } else if ((startsWith(t, "Velocity_") || startsWith(t, "Duration_")) && currentNote >= 0) {
            map.noteOfToken[k] = currentNote;
            map.tokensOfNote[std::size_t(currentNote)].push_back(int(k));
        } else {
            currentNote = -1;
        }
    }
    return map;
}

}  // namespace mozart::ui
