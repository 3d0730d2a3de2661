// TinyMidiFolder: small generated MIDI files for the dataset tests (tst_dataset, tst_tokencache,
// tst_trainingwindows), written with SmfWriter into a temporary folder.
#pragma once

#include <QtCore>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "midi/Score.h"
#include "midi/SmfWriter.h"

namespace tiny {

using namespace mozart::midi;

// A one-track melody; `seed` varies pitches and velocities, so different seeds differ in notes.
inline Score melody(int seed, int notes = 16, int tpq = 480) {
    Score s;
    s.ticksPerQuarter = tpq;
    s.tempos = {{0, 500000}};
    s.timeSignatures = {{0, 4, 4}};
    Track t;
    t.name = "Piano";
    for (int i = 0; i < notes; ++i) {
        const int pitch = 48 + (seed * 7 + i * 5) % 36;
        const int velocity = 30 + (seed * 11 + i * 13) % 90;
        t.notes.push_back({Tick(i) * tpq / 2, Tick(tpq) / 2, std::uint8_t(pitch), std::uint8_t(velocity)});
    }
    s.tracks = {t};
    return s;
}

inline std::string path(const QTemporaryDir& dir, const QString& relative) {
    return (dir.path() + "/" + relative).toStdString();
}

inline void write(const std::string& file, const Score& score) {
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    if (auto error = SmfWriter::writeFile(score, file)) qFatal("cannot write %s", error->toString().c_str());
}

inline void writeBytes(const std::string& file, const QByteArray& bytes) {
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    QFile f(QString::fromStdString(file));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write %s", file.c_str());
}

inline QByteArray readBytes(const std::string& file) {
    QFile f(QString::fromStdString(file));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", file.c_str());
    return f.readAll();
}

// Moves a file's modification time by `seconds` (so a rewrite within one clock tick still counts
// as a change, and a same-size rewrite can be told from the old version).
inline void touch(const std::string& file, int seconds) {
    namespace fs = std::filesystem;
    fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(seconds));
}

}  // namespace tiny
