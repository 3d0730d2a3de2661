// Small pieces built in code for the GUI tests, and a tiny Standard MIDI File writer so tests can
// put files on disk without depending on the writer under test.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

#include "midi/Score.h"

namespace testscores {

// Two tracks in 4/4 at 480 ticks per quarter: a piano C-major scale of 8 quarter notes (bars 1-2)
// and a cello line of 4 half notes, 120 bpm.
inline mozart::midi::Score twoTrackScore() {
    using namespace mozart::midi;
    Score s;
    s.ticksPerQuarter = 480;
    s.tempos.push_back({0, 500000});
    s.timeSignatures.push_back({0, 4, 4});
    Track piano;
    piano.name = "Piano";
    piano.program = 0;
    const int scale[] = {60, 62, 64, 65, 67, 69, 71, 72};
    for (int i = 0; i < 8; ++i) piano.notes.push_back({Tick(i) * 480, 480, std::uint8_t(scale[i]), std::uint8_t(60 + i * 8)});
    Track cello;
    cello.name = "Cello";
    cello.program = 42;
    cello.channel = 1;
    for (int i = 0; i < 4; ++i) cello.notes.push_back({Tick(i) * 960, 960, std::uint8_t(48 - i), 90});
    s.tracks.push_back(piano);
    s.tracks.push_back(cello);
    return s;
}

inline QByteArray vlq(quint32 v) {
    QByteArray out(1, char(v & 0x7F));
    while (v >>= 7) out.prepend(char((v & 0x7F) | 0x80));
    return out;
}

inline QByteArray chunk(const char* id, const QByteArray& body) {
    QByteArray out(id, 4);
    const quint32 n = quint32(body.size());
    out += char(n >> 24);
    out += char(n >> 16);
    out += char(n >> 8);
    out += char(n);
    return out + body;
}

// A format 1 file with a tempo track and one piano track of `notes` quarter notes from `pitch`.
inline QByteArray smallMidi(int pitch, int notes) {
    QByteArray tempo = vlq(0) + QByteArray::fromHex("ff510307a120") + vlq(0) + QByteArray::fromHex("ff580404021808") +
                       vlq(0) + QByteArray::fromHex("ff2f00");
    QByteArray piano = vlq(0) + QByteArray::fromHex("c000");
    for (int i = 0; i < notes; ++i) {
        const char p = char(pitch + i % 12);
        piano += vlq(0) + QByteArray(1, char(0x90)) + p + char(80);
        piano += vlq(480) + QByteArray(1, char(0x80)) + p + char(0);
    }
    piano += vlq(0) + QByteArray::fromHex("ff2f00");
    return chunk("MThd", QByteArray::fromHex("0001000201e0")) + chunk("MTrk", tempo) + chunk("MTrk", piano);
}

inline bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    return f.write(bytes) == bytes.size();
}

}  // namespace testscores
