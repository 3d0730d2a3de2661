// Fixtures shared by the REMI decoding and grammar tests: the MidiTok reference token files (read
// from MOZART_SHARED_DIR) and a spread of tokenizer configurations exercising every token type.
#pragma once

#include <QDirIterator>
#include <QFile>
#include <QString>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "remi/TokenizerConfig.h"
#include "remi/Vocabulary.h"

namespace mozart::remi::testing {

struct ReferenceFile {
    std::string path;        // relative to reference/miditok-remi
    std::string configName;  // "default" or "rich"
    std::vector<std::vector<std::string>> tokens;
    std::vector<std::vector<std::int32_t>> ids;
    std::vector<int> trackNoteCounts;  // "tracks"[i].num_notes
    std::vector<bool> trackIsDrum;     // "tracks"[i].is_drum
    std::vector<int> trackPrograms;    // "tracks"[i].program
};

inline QString referenceRoot() {
    const QByteArray shared = qgetenv("MOZART_SHARED_DIR");
    if (shared.isEmpty()) return {};
    const QString root = QString::fromLocal8Bit(shared) + "/reference/miditok-remi";
    return QFile::exists(root + "/README.md") ? root : QString();
}

inline std::string readText(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll().toStdString();
}

// The configuration saved beside the reference files of `configName`.
inline TokenizerConfig referenceConfig(const QString& root, const QString& configName) {
    std::string error;
    auto config = TokenizerConfig::fromMidiTokJson(
        readText(root + "/" + configName + "/tokenizer.json"), &error);
    return config ? *config : TokenizerConfig();
}

inline std::vector<ReferenceFile> referenceFiles(const QString& root, const QString& configName) {
    std::vector<ReferenceFile> files;
    const QString dir = root + "/" + configName;
    QDirIterator it(dir, {"*.mid.json"}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const auto json = nlohmann::json::parse(readText(path), nullptr, false);
        if (json.is_discarded()) continue;
        ReferenceFile file;
        file.path = path.mid(root.size() + 1).toStdString();
        file.configName = configName.toStdString();
        file.tokens = json.at("tokens").get<std::vector<std::vector<std::string>>>();
        file.ids = json.at("ids").get<std::vector<std::vector<std::int32_t>>>();
        for (const auto& track : json.at("tracks")) {
            file.trackNoteCounts.push_back(track.at("num_notes"));
            file.trackIsDrum.push_back(track.at("is_drum"));
            file.trackPrograms.push_back(track.at("program"));
        }
        files.push_back(std::move(file));
    }
    return files;
}

inline std::vector<std::int32_t> idsOf(const Vocabulary& vocab, const std::vector<std::string>& tokens) {
    std::vector<std::int32_t> ids;
    for (const auto& t : tokens) ids.push_back(vocab.id(t));
    return ids;
}

// Configurations that switch on every REMI token type in turn (each normalised as MidiTok would).
inline std::vector<std::pair<std::string, TokenizerConfig>> variedConfigs() {
    std::vector<std::pair<std::string, TokenizerConfig>> configs;
    auto add = [&](const std::string& name, TokenizerConfig c) {
        c.normalize();
        configs.emplace_back(name, std::move(c));
    };
    add("default", TokenizerConfig());
    add("rich", TokenizerConfig::rich());
    {
        TokenizerConfig c;
        c.useSustainPedals = true;
        c.usePitchBends = true;
        c.useTempos = true;
        c.useRests = true;
        c.useBarEndTokens = true;
        add("pedals+bends+bar-ends", c);
    }
    {
        TokenizerConfig c;
        c.useSustainPedals = true;
        c.sustainPedalDuration = true;
        c.usePrograms = true;
        c.useTimeSignatures = true;
        add("pedal-durations+programs-per-track", c);
    }
    {
        TokenizerConfig c;
        c.usePrograms = true;
        c.oneTokenStreamForPrograms = true;
        c.usePitchBends = true;
        c.useChords = true;
        c.usePitchIntervals = true;
        add("programs-one-stream+intervals", c);
    }
    {
        TokenizerConfig c;
        c.useVelocities = false;
        c.usePrograms = true;
        c.programChanges = true;
        c.useNoteDurationPrograms = {0, 1, 2};
        add("no-velocity+program-changes-per-track", c);
    }
    {
        TokenizerConfig c = TokenizerConfig::rich();
        c.useSustainPedals = true;
        c.usePitchBends = true;
        c.usePitchIntervals = true;
        c.useBarEndTokens = true;
        add("rich+everything", c);
    }
    return configs;
}

}  // namespace mozart::remi::testing
