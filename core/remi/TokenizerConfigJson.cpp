// MidiTok tokenizer.json <-> TokenizerConfig. Reading follows MidiTok's _load_from_json +
// TokenizerConfig.from_dict (unknown config keys become additional_params); writing follows
// json.dump(tokenizer.to_dict(), indent=4): same keys, same order, same value formats.
#include "remi/TokenizerConfig.h"

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "remi/TokenizerLimits.h"

namespace mozart::remi {

using Json = nlohmann::ordered_json;

namespace {

bool isPowerOfTwo(int v) { return v > 0 && (v & (v - 1)) == 0; }

// --- JSON reading helpers: each returns false and fills `error` on a wrong type. ---

struct Reader {
    std::string* error;

    bool fail(const std::string& key, const std::string& what) {
        if (error) *error = "tokenizer config: \"" + key + "\" " + what;
        return false;
    }
    bool getBool(const Json& v, const std::string& key, bool& out) {
        if (!v.is_boolean()) return fail(key, "must be true or false");
        out = v.get<bool>();
        return true;
    }
    bool getInt(const Json& v, const std::string& key, int& out) {
        // get<int>() would silently wrap 4294967297 to 1: an integer out of int's range is refused.
        if (v.is_number_unsigned()) {
            if (v.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<int>::max()))
                return fail(key, "holds " + v.dump() + ", out of range");
            out = int(v.get<std::uint64_t>());
            return true;
        }
        if (v.is_number_integer()) {
            const std::int64_t wide = v.get<std::int64_t>();
            if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max())
                return fail(key, "holds " + v.dump() + ", out of range");
            out = int(wide);
            return true;
        }
        if (v.is_number_float()) {
            const double d = v.get<double>();
            if (std::floor(d) == d && std::fabs(d) < 1e9) {
                out = static_cast<int>(d);
                return true;
            }
        }
        return fail(key, "must be an integer");
    }
    bool getNumber(const Json& v, const std::string& key, double& out, bool& isInteger) {
        if (!v.is_number()) return fail(key, "must be a number");
        out = v.get<double>();
        isInteger = v.is_number_integer();
        return true;
    }
    bool getIntList(const Json& v, const std::string& key, std::vector<int>& out) {
        if (!v.is_array()) return fail(key, "must be a list of integers");
        out.clear();
        for (const auto& item : v) {
            int x = 0;
            if (!getInt(item, key, x)) return false;
            out.push_back(x);
        }
        return true;
    }
    bool getPair(const Json& v, const std::string& key, std::pair<int, int>& out) {
        std::vector<int> list;
        if (!getIntList(v, key, list) || list.size() != 2) return fail(key, "must be a list of two integers");
        out = {list[0], list[1]};
        return true;
    }
    bool getBeatRes(const Json& v, const std::string& key, std::vector<BeatRange>& out) {
        if (!v.is_object() || v.empty()) return fail(key, "must be an object like {\"0_4\": 8}");
        out.clear();
        for (auto it = v.begin(); it != v.end(); ++it) {
            const std::string& range = it.key();
            const auto sep = range.find('_');
            int res = 0;
            if (sep == std::string::npos || !getInt(it.value(), key, res))
                return fail(key, "must be an object like {\"0_4\": 8}");
            try {
                std::size_t used1 = 0, used2 = 0;
                const int a = std::stoi(range.substr(0, sep), &used1);
                const int b = std::stoi(range.substr(sep + 1), &used2);
                if (used1 != sep || used2 != range.size() - sep - 1) throw std::invalid_argument(range);
                out.push_back({a, b, res});
            } catch (const std::exception&) {
                return fail(key, "has a bad beat range \"" + range + "\"");
            }
        }
        return true;
    }
};

Json beatResJson(const std::vector<BeatRange>& ranges) {
    Json obj = Json::object();
    for (const auto& r : ranges) obj[std::to_string(r.start) + "_" + std::to_string(r.end)] = r.resolution;
    return obj;
}

Json numberJson(double value, bool isInteger) {
    if (isInteger && std::floor(value) == value && std::fabs(value) < 9e15)
        return Json(static_cast<std::int64_t>(value));
    return Json(value);
}

}  // namespace

std::optional<TokenizerConfig> TokenizerConfig::fromMidiTokJson(const std::string& text,
                                                                std::string* error) {
    Json root = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded() || !root.is_object()) {
        if (error) *error = "tokenizer config: not a JSON object";
        return std::nullopt;
    }
    TokenizerConfig c;
    c.oneTokenStreamForPrograms = true;  // MidiTok's argument default, kept only with use_programs
    Reader r{error};
    Json cfg = root;
    if (root.contains("config")) {
        if (root.contains("tokenization") &&
            (!root["tokenization"].is_string() || root["tokenization"].get<std::string>() != "REMI")) {
            if (error) *error = "tokenizer config: tokenization is not REMI";
            return std::nullopt;
        }
        if (root.contains("_model") || root.contains("_vocab_base")) {
            if (error) *error = "tokenizer config: trained (BPE/Unigram/WordPiece) tokenizers are not supported";
            return std::nullopt;
        }
        if (root.contains("hf_tokenizers_version") && root["hf_tokenizers_version"].is_string())
            c.json.hfTokenizersVersion = root["hf_tokenizers_version"].get<std::string>();
        cfg = root["config"];
        if (!cfg.is_object()) {
            if (error) *error = "tokenizer config: \"config\" is not an object";
            return std::nullopt;
        }
    }

    // from_dict: additional_params are merged into the arguments; keys that are not arguments
    // of TokenizerConfig become its additional_params, in argument order.
    Json args = Json::object();
    for (auto it = cfg.begin(); it != cfg.end(); ++it) {
        if (it.key() == "additional_params" || it.key() == "miditok_version" ||
            it.key() == "symusic_version" || it.key() == "hf_tokenizers_version")
            continue;
        args[it.key()] = it.value();
    }
    if (cfg.contains("additional_params")) {
        const Json& extra = cfg["additional_params"];
        if (!extra.is_object()) return r.fail("additional_params", "must be an object"), std::nullopt;
        for (auto it = extra.begin(); it != extra.end(); ++it) args[it.key()] = it.value();
    }

    c.json.additionalParamsOrder.clear();
    bool ok = true;
    for (auto it = args.begin(); ok && it != args.end(); ++it) {
        const std::string& k = it.key();
        const Json& v = it.value();
        if (k == "pitch_range") ok = r.getPair(v, k, c.pitchRange);
        else if (k == "beat_res") ok = r.getBeatRes(v, k, c.beatRes);
        else if (k == "num_velocities" || k == "nb_velocities") ok = r.getInt(v, k, c.numVelocities);
        else if (k == "remove_duplicated_notes") ok = r.getBool(v, k, c.removeDuplicatedNotes);
        else if (k == "encode_ids_split") {
            ok = v.is_string() || r.fail(k, "must be a string");
            if (ok) c.encodeIdsSplit = v.get<std::string>();
        } else if (k == "special_tokens") {
            ok = v.is_array() || r.fail(k, "must be a list of strings");
            c.specialTokens.clear();
            for (const auto& t : v) {
                if (!t.is_string()) { ok = r.fail(k, "must be a list of strings"); break; }
                c.specialTokens.push_back(t.get<std::string>());
            }
        }
        else if (k == "use_velocities") ok = r.getBool(v, k, c.useVelocities);
        else if (k == "use_note_duration_programs") ok = r.getIntList(v, k, c.useNoteDurationPrograms);
        else if (k == "use_chords") ok = r.getBool(v, k, c.useChords);
        else if (k == "use_rests") ok = r.getBool(v, k, c.useRests);
        else if (k == "use_tempos") ok = r.getBool(v, k, c.useTempos);
        else if (k == "use_time_signatures") ok = r.getBool(v, k, c.useTimeSignatures);
        else if (k == "use_sustain_pedals") ok = r.getBool(v, k, c.useSustainPedals);
        else if (k == "use_pitch_bends") ok = r.getBool(v, k, c.usePitchBends);
        else if (k == "use_programs") ok = r.getBool(v, k, c.usePrograms);
        else if (k == "use_pitch_intervals") ok = r.getBool(v, k, c.usePitchIntervals);
        else if (k == "use_pitchdrum_tokens") ok = r.getBool(v, k, c.usePitchdrumTokens);
        else if (k == "default_note_duration")
            ok = r.getNumber(v, k, c.defaultNoteDuration, c.json.defaultNoteDurationIsInteger);
        else if (k == "programs") ok = r.getIntList(v, k, c.programs);
        else if (k == "one_token_stream_for_programs") ok = r.getBool(v, k, c.oneTokenStreamForPrograms);
        else if (k == "program_changes") ok = r.getBool(v, k, c.programChanges);
        else if (k == "beat_res_rest") ok = r.getBeatRes(v, k, c.beatResRest);
        else if (k == "chord_maps") {
            ok = v.is_object() || r.fail(k, "must be an object of interval lists");
            c.chordMaps.clear();
            for (auto ci = v.begin(); ok && ci != v.end(); ++ci) {
                std::vector<int> intervals;
                ok = r.getIntList(ci.value(), k, intervals);
                c.chordMaps.emplace_back(ci.key(), intervals);
            }
        } else if (k == "chord_tokens_with_root_note") ok = r.getBool(v, k, c.chordTokensWithRootNote);
        else if (k == "chord_unknown") {
            if (v.is_null()) c.chordUnknown.reset();
            else {
                std::pair<int, int> range;
                ok = r.getPair(v, k, range);
                c.chordUnknown = range;
            }
        } else if (k == "num_tempos" || k == "nb_tempos") ok = r.getInt(v, k, c.numTempos);
        else if (k == "tempo_range") ok = r.getPair(v, k, c.tempoRange);
        else if (k == "log_tempos") ok = r.getBool(v, k, c.logTempos);
        else if (k == "delete_equal_successive_tempo_changes")
            ok = r.getBool(v, k, c.deleteEqualSuccessiveTempoChanges);
        else if (k == "time_signature_range") {
            ok = v.is_object() || r.fail(k, "must be an object {denominator: [numerators]}");
            c.timeSignatureRange.clear();
            c.timeSignatureDenominatorOrder.clear();
            for (auto ti = v.begin(); ok && ti != v.end(); ++ti) {
                int den = 0;
                try {
                    std::size_t used = 0;
                    den = std::stoi(ti.key(), &used);
                    if (used != ti.key().size()) throw std::invalid_argument(ti.key());
                } catch (const std::exception&) {
                    ok = r.fail(k, "has a bad denominator \"" + ti.key() + "\"");
                    break;
                }
                std::vector<int> nums;
                ok = r.getIntList(ti.value(), k, nums);
                if (!ok) break;
                if (!c.timeSignatureRange.count(den)) c.timeSignatureDenominatorOrder.push_back(den);
                c.timeSignatureRange[den] = nums;
            }
        } else if (k == "delete_equal_successive_time_sig_changes")
            ok = r.getBool(v, k, c.deleteEqualSuccessiveTimeSigChanges);
        else if (k == "sustain_pedal_duration") ok = r.getBool(v, k, c.sustainPedalDuration);
        else if (k == "pitch_bend_range") {
            std::vector<int> list;
            ok = r.getIntList(v, k, list) && (list.size() == 3 || r.fail(k, "must be [min, max, count]"));
            if (ok) c.pitchBendRange = {list[0], list[1], list[2]};
        } else if (k == "max_pitch_interval") ok = r.getInt(v, k, c.maxPitchInterval);
        else if (k == "pitch_intervals_max_time_dist")
            ok = r.getNumber(v, k, c.pitchIntervalsMaxTimeDist, c.json.pitchIntervalsMaxTimeDistIsInteger);
        else if (k == "drums_pitch_range") ok = r.getPair(v, k, c.drumsPitchRange);
        else if (k == "ac_polyphony_track") ok = r.getBool(v, k, c.acPolyphonyTrack);
        else if (k == "ac_polyphony_bar") ok = r.getBool(v, k, c.acPolyphonyBar);
        else if (k == "ac_polyphony_min") ok = r.getInt(v, k, c.acPolyphonyMin);
        else if (k == "ac_polyphony_max") ok = r.getInt(v, k, c.acPolyphonyMax);
        else if (k == "ac_pitch_class_bar") ok = r.getBool(v, k, c.acPitchClassBar);
        else if (k == "ac_note_density_track") ok = r.getBool(v, k, c.acNoteDensityTrack);
        else if (k == "ac_note_density_track_min") ok = r.getInt(v, k, c.acNoteDensityTrackMin);
        else if (k == "ac_note_density_track_max") ok = r.getInt(v, k, c.acNoteDensityTrackMax);
        else if (k == "ac_note_density_bar") ok = r.getBool(v, k, c.acNoteDensityBar);
        else if (k == "ac_note_density_bar_max") ok = r.getInt(v, k, c.acNoteDensityBarMax);
        else if (k == "ac_note_duration_bar") ok = r.getBool(v, k, c.acNoteDurationBar);
        else if (k == "ac_note_duration_track") ok = r.getBool(v, k, c.acNoteDurationTrack);
        else if (k == "ac_repetition_track") ok = r.getBool(v, k, c.acRepetitionTrack);
        else if (k == "ac_repetition_track_num_bins") ok = r.getInt(v, k, c.acRepetitionTrackNumBins);
        else if (k == "ac_repetition_track_num_consec_bars")
            ok = r.getInt(v, k, c.acRepetitionTrackNumConsecBars);
        else {
            // An additional parameter (kwargs of TokenizerConfig).
            c.json.additionalParamsOrder.push_back(k);
            if (k == "max_bar_embedding") {
                if (v.is_null()) c.maxBarEmbedding.reset();
                else {
                    int n = 0;
                    ok = r.getInt(v, k, n);
                    c.maxBarEmbedding = n;
                }
            } else if (k == "use_bar_end_tokens") ok = r.getBool(v, k, c.useBarEndTokens);
            else if (k == "add_trailing_bars") ok = r.getBool(v, k, c.addTrailingBars);
            else c.json.otherAdditionalParams.emplace_back(k, v.dump());
        }
    }
    if (!ok) return std::nullopt;
    // REMI adds its three parameters when missing.
    for (const char* k : {"max_bar_embedding", "use_bar_end_tokens", "add_trailing_bars"})
        if (std::find(c.json.additionalParamsOrder.begin(), c.json.additionalParamsOrder.end(), k) ==
            c.json.additionalParamsOrder.end())
            c.json.additionalParamsOrder.push_back(k);

    // The checks of MidiTok's TokenizerConfig and tokenizer constructors.
    auto bad = [error](const std::string& msg) {
        if (error) *error = "tokenizer config: " + msg;
        return std::nullopt;
    };
    if (!(0 <= c.pitchRange.first && c.pitchRange.first < c.pitchRange.second && c.pitchRange.second <= 127))
        return bad("pitch_range must be within 0 and 127, first value lower than the second");
    if (!(0 <= c.drumsPitchRange.first && c.drumsPitchRange.first < c.drumsPitchRange.second &&
          c.drumsPitchRange.second <= 127))
        return bad("drums_pitch_range must be within 0 and 127, first value lower than the second");
    if (c.numVelocities < 1 || c.numVelocities > 127) return bad("num_velocities must be within 1 and 127");
    if (c.maxPitchInterval != 0 && (c.maxPitchInterval < 0 || c.maxPitchInterval > 127))
        return bad("max_pitch_interval must be within 0 and 127");
    for (const auto& br : c.beatRes)
        if (br.resolution < 1 || br.end < br.start) return bad("beat_res has a bad range or resolution");
    for (const auto& br : c.beatResRest)
        if (br.resolution < 1 || br.end < br.start) return bad("beat_res_rest has a bad range or resolution");
    if (c.beatResRest.empty()) return bad("beat_res_rest is empty");
    if (c.useTimeSignatures) {
        if (c.timeSignatureRange.empty()) return bad("time_signature_range is empty");
        for (const auto& [den, nums] : c.timeSignatureRange) {
            if (!isPowerOfTwo(den)) return bad("time signature denominators must be powers of 2");
            for (int n : nums)
                if (n < 1 || n > 255) return bad("time signature numerators must be within 1 and 255");
        }
    }
    if (c.useTempos) {
        if (c.numTempos < 1) return bad("num_tempos must be at least 1");
        if (c.logTempos && (c.tempoRange.first <= 0 || c.tempoRange.second <= 0))
            return bad("tempo_range must be positive with log_tempos");
    }
    if (c.usePitchBends && std::get<2>(c.pitchBendRange) < 1) return bad("pitch_bend_range needs at least one value");
    if (c.maxBarEmbedding && *c.maxBarEmbedding < 0) return bad("max_bar_embedding must be positive");
    c.normalize();
    if (c.useRests) {
        int maxRest = 0;
        for (const auto& br : c.beatResRest) maxRest = std::max(maxRest, br.resolution);
        if (maxRest > c.maxNumPosPerBeat())
            return bad("the maximum resolution of rests must not exceed the one of beat_res");
    }
    // Bounds before any caller builds a table from these numbers (TokenizerLimits.h).
    if (const std::string limit = limits::checkTokenizerLimits(c); !limit.empty()) return bad(limit);
    return c;
}

std::string TokenizerConfig::toMidiTokJson() const {
    Json cfg = Json::object();
    cfg["pitch_range"] = {pitchRange.first, pitchRange.second};
    cfg["beat_res"] = beatResJson(beatRes);
    cfg["num_velocities"] = numVelocities;
    cfg["remove_duplicated_notes"] = removeDuplicatedNotes;
    cfg["encode_ids_split"] = encodeIdsSplit;
    cfg["special_tokens"] = specialTokens;
    cfg["use_velocities"] = useVelocities;
    cfg["use_note_duration_programs"] = useNoteDurationPrograms;
    cfg["use_chords"] = useChords;
    cfg["use_rests"] = useRests;
    cfg["use_tempos"] = useTempos;
    cfg["use_time_signatures"] = useTimeSignatures;
    cfg["use_sustain_pedals"] = useSustainPedals;
    cfg["use_pitch_bends"] = usePitchBends;
    cfg["use_programs"] = usePrograms;
    cfg["use_pitch_intervals"] = usePitchIntervals;
    cfg["use_pitchdrum_tokens"] = usePitchdrumTokens;
    cfg["default_note_duration"] = numberJson(defaultNoteDuration, json.defaultNoteDurationIsInteger);
    cfg["programs"] = programs;
    cfg["one_token_stream_for_programs"] = oneTokenStreamForPrograms;
    cfg["program_changes"] = programChanges;
    cfg["beat_res_rest"] = beatResJson(beatResRest);
    Json chords = Json::object();
    for (const auto& [name, intervals] : chordMaps) chords[name] = intervals;
    cfg["chord_maps"] = chords;
    cfg["chord_tokens_with_root_note"] = chordTokensWithRootNote;
    cfg["chord_unknown"] = chordUnknown ? Json{chordUnknown->first, chordUnknown->second} : Json(nullptr);
    cfg["num_tempos"] = numTempos;
    cfg["tempo_range"] = {tempoRange.first, tempoRange.second};
    cfg["log_tempos"] = logTempos;
    cfg["delete_equal_successive_tempo_changes"] = deleteEqualSuccessiveTempoChanges;
    Json ts = Json::object();
    for (int den : timeSignatureDenominators()) ts[std::to_string(den)] = timeSignatureRange.at(den);
    cfg["time_signature_range"] = ts;
    cfg["delete_equal_successive_time_sig_changes"] = deleteEqualSuccessiveTimeSigChanges;
    cfg["sustain_pedal_duration"] = sustainPedalDuration;
    cfg["pitch_bend_range"] = {std::get<0>(pitchBendRange), std::get<1>(pitchBendRange),
                               std::get<2>(pitchBendRange)};
    cfg["max_pitch_interval"] = maxPitchInterval;
    cfg["pitch_intervals_max_time_dist"] =
        numberJson(pitchIntervalsMaxTimeDist, json.pitchIntervalsMaxTimeDistIsInteger);
    cfg["drums_pitch_range"] = {drumsPitchRange.first, drumsPitchRange.second};
    cfg["ac_polyphony_track"] = acPolyphonyTrack;
    cfg["ac_polyphony_bar"] = acPolyphonyBar;
    cfg["ac_polyphony_min"] = acPolyphonyMin;
    cfg["ac_polyphony_max"] = acPolyphonyMax;
    cfg["ac_pitch_class_bar"] = acPitchClassBar;
    cfg["ac_note_density_track"] = acNoteDensityTrack;
    cfg["ac_note_density_track_min"] = acNoteDensityTrackMin;
    cfg["ac_note_density_track_max"] = acNoteDensityTrackMax;
    cfg["ac_note_density_bar"] = acNoteDensityBar;
    cfg["ac_note_density_bar_max"] = acNoteDensityBarMax;
    cfg["ac_note_duration_bar"] = acNoteDurationBar;
    cfg["ac_note_duration_track"] = acNoteDurationTrack;
    cfg["ac_repetition_track"] = acRepetitionTrack;
    cfg["ac_repetition_track_num_bins"] = acRepetitionTrackNumBins;
    cfg["ac_repetition_track_num_consec_bars"] = acRepetitionTrackNumConsecBars;
    Json extra = Json::object();
    for (const auto& k : json.additionalParamsOrder) {
        if (k == "max_bar_embedding") extra[k] = maxBarEmbedding ? Json(*maxBarEmbedding) : Json(nullptr);
        else if (k == "use_bar_end_tokens") extra[k] = useBarEndTokens;
        else if (k == "add_trailing_bars") extra[k] = addTrailingBars;
        else {
            for (const auto& [name, raw] : json.otherAdditionalParams)
                if (name == k) extra[k] = Json::parse(raw, nullptr, false);
        }
    }
    for (const char* k : {"max_bar_embedding", "use_bar_end_tokens", "add_trailing_bars"}) {
        if (extra.contains(k)) continue;
        if (std::string(k) == "max_bar_embedding") extra[k] = maxBarEmbedding ? Json(*maxBarEmbedding) : Json(nullptr);
        else extra[k] = std::string(k) == "use_bar_end_tokens" ? useBarEndTokens : addTrailingBars;
    }
    cfg["additional_params"] = extra;

    Json root = Json::object();
    root["config"] = cfg;
    root["tokenization"] = "REMI";
    root["miditok_version"] = "3.0.6.post1";
    root["symusic_version"] = "0.5.8";
    root["hf_tokenizers_version"] = json.hfTokenizersVersion;
    return root.dump(4, ' ', /*ensure_ascii=*/true);
}

}  // namespace mozart::remi
