#include "generate/GenerationJob.h"

#include <algorithm>
#include <filesystem>
#include <new>

#include "io/AtomicFile.h"
#include "midi/SmfReader.h"
#include "midi/SmfWriter.h"
#include "generate/InfillingPrompt.h"
#include "generate/PieceAssembly.h"
#include "model/CpuRuntime.h"

namespace fs = std::filesystem;

namespace mozart::generate {

int LoadedModel::ticksPerQuarter() const { return grammar->table().timing().ticksPerQuarter; }

std::unique_ptr<LoadedModel> loadModel(const std::string& file, std::string* error) {
    try {
        auto out = std::make_unique<LoadedModel>();
        out->file = fs::absolute(file).string();
        out->checkpointId = fileSha256(file, error);
        if (out->checkpointId.empty()) return nullptr;
        auto loaded = model::ModelFile::load(file);
        if (!loaded) {
            *error = loaded.error->toString();
            return nullptr;
        }
        std::string why;
        auto config = remi::TokenizerConfig::fromMidiTokJson(loaded.info.tokenizerConfig, &why);
        if (!config) {
            *error = file + ": the model's tokenizer configuration is unusable: " + why;
            return nullptr;
        }
        out->info = loaded.info;
        out->net = std::make_unique<model::Transformer>(std::move(*loaded.model));
        out->tokenizer = std::make_unique<remi::RemiTokenizer>(*config);
        out->grammar = std::make_unique<remi::RemiGrammar>(out->tokenizer->config(), out->tokenizer->vocabulary());
        return out;
    } catch (const std::bad_alloc&) {
        *error = file + ": not enough memory to load this model";
    } catch (const std::exception& e) {
        *error = file + ": " + e.what();
    }
    return nullptr;
}

namespace {

// The label index of the settings' composer; -1 with `error` set when the model cannot take it.
std::int64_t composerLabel(const LoadedModel& m, const std::string& composer, std::string* error) {
    if (composer.empty()) return 0;
    if (!m.net->config().conditioned()) {
        *error = m.file + " has no composer labels; leave out --composer";
        return -1;
    }
    const auto& names = m.info.labels;
    const auto it = std::find(names.begin(), names.end(), composer);
    if (it != names.end()) return it - names.begin();
    char* end = nullptr;
    const long n = std::strtol(composer.c_str(), &end, 10);
    if (end != composer.c_str() && *end == '\0' && n >= 0 && n < m.net->config().conditioningLabels) return n;
    std::string known;
    for (const auto& name : names) known += (known.empty() ? "" : ", ") + name;
    *error = "unknown composer '" + composer + "' (the model knows: " + (known.empty() ? "labels 0.." : known) + ")";
    return -1;
}

}  // namespace

std::optional<PreparedGeneration> prepareGeneration(const LoadedModel& m, GenerationSettings settings,
                                                    std::string* error) {
    PreparedGeneration p;
    const std::int64_t label = composerLabel(m, settings.prompt.composer, error);
    if (label < 0) return std::nullopt;
    p.request.label = label;
    if (!settings.prompt.midiFile.empty()) {
        auto read = midi::SmfReader::readFile(settings.prompt.midiFile);
        if (!read.ok()) {
            *error = read.error ? read.error->toString() : settings.prompt.midiFile + ": unreadable";
            return std::nullopt;
        }
        p.promptScore = std::move(*read.score);
        const std::string sha = fileSha256(settings.prompt.midiFile, error);
        if (sha.empty()) return std::nullopt;
        if (!settings.prompt.midiSha256.empty() && sha != settings.prompt.midiSha256) {
            *error = settings.prompt.midiFile + " has changed since the recipe was written";
            return std::nullopt;
        }
        settings.prompt.midiSha256 = sha;
    }
    if (settings.prompt.infillToBar > 0) {
        // Filling bars A..B: the model reads the bars around the gap; the length is the gap.
        if (!p.promptScore) {
            *error = "filling bars needs a MIDI file to fill";
            return std::nullopt;
        }
        auto infill = buildInfillingPrompt(*m.tokenizer, *m.grammar, m.info, *p.promptScore,
                                           settings.prompt.regenerateFromBar, settings.prompt.infillToBar, settings.prompt);
        if (!infill.error.empty()) {
            *error = settings.prompt.midiFile + ": " + infill.error;
            return std::nullopt;
        }
        settings.length = {};
        settings.length.bars = infill.gapBars;
        p.prompt = std::move(infill.prompt);
        p.request.modelPrompt = std::move(infill.modelIds);
    } else {
        p.prompt = buildPrompt(*m.tokenizer, *m.grammar, settings.prompt, p.promptScore ? &*p.promptScore : nullptr);
    }
    if (!p.prompt.error.empty()) {
        *error = (settings.prompt.midiFile.empty() ? "" : settings.prompt.midiFile + ": ") + p.prompt.error;
        return std::nullopt;
    }
    p.settings = settings;
    p.request.settings = settings;
    p.request.prompt = p.prompt.ids;
    p.request.promptOpensNewBar = p.prompt.opensNewBar;
    p.request.tempoMicros = p.prompt.tempoMicros;
    return p;
}

void configureForRun(LoadedModel& m, const GenerationSettings& settings) {
    model::setComputeThreads(settings.threads > 0 ? settings.threads : 1);
    m.net->setDecodeBf16(settings.variations == 1);
}

Recipe recipeOf(const LoadedModel& m, const GenerationSettings& settings, int variation) {
    Recipe r;
    r.checkpointId = m.checkpointId;
    r.modelFile = m.file;
    r.settings = settings;
    r.variation = variation;
    return r;
}

midi::Score pieceOf(const LoadedModel& m, const PreparedGeneration& p, const SequenceResult& seq,
                    const Recipe& recipe) {
    midi::Score score = p.promptScore ? assembleOntoPrompt(*p.promptScore, p.prompt, seq.newNotes, m.ticksPerQuarter())
                                      : sequenceToScore(*m.tokenizer, seq.ids, p.settings.prompt.program.value_or(0),
                                                        p.prompt.outputTempoMicros);
    score.texts.push_back(
        midi::TextEvent{0, midi::TextEvent::Kind::Text, Recipe::kMidiTextPrefix + toJson(recipe, -1)});
    return score;
}

std::string recipePathFor(const std::string& midiPath) { return fs::path(midiPath).replace_extension(".json").string(); }

bool writePiece(const midi::Score& piece, const Recipe& recipe, const std::string& midiPath, std::string* error) {
    const auto bytes = midi::SmfWriter::encode(piece);
    const std::string json = toJson(recipe) + "\n";
    return io::writeFileAtomically(midiPath, bytes.data(), bytes.size(), error) &&
           io::writeFileAtomically(recipePathFor(midiPath), json, error);
}

MusicLength musicLength(const midi::Score& score) {
    MusicLength out;
    midi::Tick end = 0;
    for (const auto& t : score.tracks) {
        out.notes += int(t.notes.size());
        for (const auto& n : t.notes) end = std::max(end, n.end());
    }
    if (end <= 0) return out;
    out.seconds = midi::TempoMap(score).seconds(end);
    // Bars begun before the last note ends, through the time-signature changes (4/4 before the first).
    std::vector<midi::TimeSignature> sigs = score.timeSignatures;
    if (sigs.empty() || sigs.front().time > 0) sigs.insert(sigs.begin(), midi::TimeSignature{});
    const double tpq = score.ticksPerQuarter > 0 ? score.ticksPerQuarter : 480;
    double barStart = 0;
    std::size_t s = 0;
    while (barStart < double(end) && out.bars < 10'000'000) {
        while (s + 1 < sigs.size() && double(sigs[s + 1].time) <= barStart) ++s;
        const auto& ts = sigs[s];
        const double barTicks = tpq * 4.0 * std::max(1, ts.numerator) / std::max(1, ts.denominator);
        barStart += barTicks;
        ++out.bars;
    }
    return out;
}

}  // namespace mozart::generate
