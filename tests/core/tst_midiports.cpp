// MIDI ports: listing works or says why not (no ALSA sequencer here in CI), port choice by
// name or number, and recording: MIDI messages to a Score (always), and through a real virtual
// port when the sequencer exists (skipped otherwise).
#include <QtTest>

#include <RtMidi.h>

#include <chrono>
#include <sys/stat.h>
#include <thread>

#include "audio/MidiPortPlayer.h"
#include "audio/MidiPorts.h"
#include "audio/MidiRecorder.h"

using namespace mozart;

namespace {

bool sequencerPresent() {
    struct stat st {};
    return ::stat("/dev/snd/seq", &st) == 0;
}

audio::TimedMidiMessage msg(double seconds, std::vector<std::uint8_t> bytes) { return {seconds, std::move(bytes)}; }

}  // namespace

class TestMidiPorts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listingWorksOrSaysWhy() {
        const auto list = audio::listMidiPorts();
        if (!sequencerPresent()) {
            QCOMPARE(QString::fromStdString(list.problem),
                     QStringLiteral("no ALSA sequencer (/dev/snd/seq is missing)"));
            QVERIFY(list.inputs.empty() && list.outputs.empty());
            QCOMPARE(QString::fromStdString(audio::midiUnavailableReason()), QString::fromStdString(list.problem));
            return;
        }
        QVERIFY2(list.problem.empty(), list.problem.c_str());
        // The sequencer always has its own "Midi Through" port where the snd-seq-dummy module is
        // loaded, but not everywhere: only check that names are names.
        for (const auto& n : list.outputs) QVERIFY(!n.empty());
    }

    void openingWithoutSequencerIsClear() {
        if (sequencerPresent()) QSKIP("this machine has an ALSA sequencer");
        std::string error;
        QVERIFY(!audio::MidiOutPort::open("Synth", &error));
        QCOMPARE(QString::fromStdString(error),
                 QStringLiteral("cannot use MIDI port \"Synth\": no ALSA sequencer (/dev/snd/seq is missing)"));
        QVERIFY(!audio::MidiRecorder::open("Keyboard", &error));
        QVERIFY(error.find("/dev/snd/seq") != std::string::npos);
        QVERIFY(!audio::MidiPortPlayer::open("Synth", &error));
        QVERIFY(error.find("/dev/snd/seq") != std::string::npos);
    }

    void choosingAPort() {
        const std::vector<std::string> names{"Midi Through:Midi Through Port-0 14:0", "FLUID Synth (1234):Synth input port 128:0",
                                             "Keystation 49:Keystation 49 MIDI 1 20:0"};
        std::string error;
        QCOMPARE(audio::findMidiPort(names, names[1], "output", &error), 1);
        QCOMPARE(audio::findMidiPort(names, "keystation", "output", &error), 2);
        QCOMPARE(audio::findMidiPort(names, "0", "output", &error), 0);
        QCOMPARE(audio::findMidiPort(names, "Port", "output", &error), -1);  // two match
        QVERIFY2(error.find("several MIDI output ports match \"Port\"") == 0, error.c_str());
        QCOMPARE(audio::findMidiPort(names, "Yamaha", "input", &error), -1);
        QVERIFY2(error.find("no MIDI input port matches \"Yamaha\"; input ports:\n  0: Midi Through") == 0, error.c_str());
        QCOMPARE(audio::findMidiPort({}, "x", "output", &error), -1);
        QVERIFY2(error.find("output ports: none") != std::string::npos, error.c_str());
    }

    void messagesBecomeAScore() {
        const std::vector<audio::TimedMidiMessage> played{
            msg(0.0, {0xC0, 40}),          // violin
            msg(0.5, {0x90, 60, 100}),     // tick 480 at 120 qpm
            msg(0.75, {0x90, 60, 90}),     // the same key again, before the first is released
            msg(1.0, {0x80, 60, 0}),       // releases the first (first in, first out)
            msg(1.25, {0x90, 60, 0}),      // velocity 0: releases the second
            msg(1.0, {0xB0, 64, 127}),     // pedal down
            msg(1.5, {0xB0, 64, 0}),       // pedal up
            msg(1.5, {0xE0, 0x00, 0x60}),  // bend up
            msg(1.5, {0x99, 36, 110}),     // kick drum, never released: closes at the last message
            msg(2.0, {0xF8}),              // clock: ignored
            msg(2.0, {0x89, 38, 0}),       // release of a key never struck: ignored
        };
        const midi::Score s = audio::scoreFromMidiMessages(played);
        QCOMPARE(s.ticksPerQuarter, 480);
        QCOMPARE(s.tempos.size(), std::size_t(1));
        QCOMPARE(s.tempos[0].microsPerQuarter, 500000);
        QCOMPARE(s.tracks.size(), std::size_t(2));
        const midi::Track& violin = s.tracks[0];
        QCOMPARE(violin.program, 40);
        QCOMPARE(violin.notes.size(), std::size_t(2));
        QCOMPARE(violin.notes[0], (midi::Note{480, 480, 60, 100}));
        QCOMPARE(violin.notes[1], (midi::Note{720, 480, 60, 90}));
        QCOMPARE(violin.controls.size(), std::size_t(2));
        QCOMPARE(violin.pedals.size(), std::size_t(1));
        QCOMPARE(violin.pedals[0], (midi::Pedal{960, 480}));
        QCOMPARE(violin.pitchBends.size(), std::size_t(1));
        QCOMPARE(int(violin.pitchBends[0].value), 0x60 * 128 - 8192);
        const midi::Track& drums = s.tracks[1];
        QVERIFY(drums.isDrum);
        QCOMPARE(drums.channel, 9);
        QCOMPARE(drums.notes.size(), std::size_t(1));
        QCOMPARE(drums.notes[0], (midi::Note{1440, 480, 36, 110}));

        audio::RecordingSettings slow;
        slow.qpm = 60;
        slow.ticksPerQuarter = 96;
        const midi::Score t = audio::scoreFromMidiMessages(played, slow);
        QCOMPARE(t.tracks[0].notes[0].start, midi::Tick(48));
        QCOMPARE(t.tempos[0].microsPerQuarter, 1000000);
    }

    void recordsFromAVirtualPort() {
        if (!sequencerPresent()) QSKIP("no ALSA sequencer (/dev/snd/seq is missing)");
        RtMidiOut keyboard(RtMidi::LINUX_ALSA, "Mozart test keyboard");
        keyboard.openVirtualPort("Mozart test keys");
        std::string error;
        auto recorder = audio::MidiRecorder::open("Mozart test keys", &error);
        QVERIFY2(recorder, error.c_str());
        recorder->start();
        const std::vector<std::vector<unsigned char>> messages{{0x90, 64, 90}, {0x80, 64, 0}};
        keyboard.sendMessage(&messages[0]);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        keyboard.sendMessage(&messages[1]);
        QTRY_COMPARE(recorder->messages().size(), std::size_t(2));
        recorder->stop();
        const midi::Score s = recorder->score();
        QCOMPARE(s.noteCount(), std::size_t(1));
        QCOMPARE(int(s.tracks[0].notes[0].pitch), 64);
        QVERIFY(s.tracks[0].notes[0].duration > 0);
    }
};

QTEST_GUILESS_MAIN(TestMidiPorts)
#include "tst_midiports.moc"
