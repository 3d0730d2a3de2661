// EventSchedule: ticks to exact frames through the tempo map, event order at equal frames,
// channels (drums on 10, one per track, sharing with program switches beyond 15), overlapping
// keys, pedals from Pedal spans, and chasing the state at a position.
#include <QtTest>

#include "audio/EventSchedule.h"

using namespace mozart;
using audio::ScheduledEvent;
using T = ScheduledEvent::Type;

namespace {

midi::Track pianoTrack(int program, int channel, std::vector<midi::Note> notes) {
    midi::Track t;
    t.program = program;
    t.channel = channel;
    t.notes = std::move(notes);
    return t;
}

std::vector<ScheduledEvent> ofType(const audio::EventSchedule& s, T type) {
    std::vector<ScheduledEvent> out;
    for (const auto& e : s.events())
        if (e.type == type) out.push_back(e);
    return out;
}

}  // namespace

class TestEventSchedule : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void framesFollowTheTempoMap() {
        midi::Score s;
        s.ticksPerQuarter = 480;
        s.tempos = {{0, 1000000}, {960, 500000}};  // 60 qpm for two beats, then 120 qpm
        s.tracks.push_back(pianoTrack(0, 0, {{480, 480, 60, 80}, {1440, 480, 62, 80}}));
        const audio::EventSchedule sched(s, 48000.0);
        const auto ons = ofType(sched, T::NoteOn);
        QCOMPARE(ons.size(), std::size_t(2));
        QCOMPARE(ons[0].frame, std::int64_t(48000));        // beat 1 at 60 qpm: 1 s
        QCOMPARE(ons[1].frame, std::int64_t(2 * 48000 + 24000));  // 2 s + one beat at 120 qpm
        const auto offs = ofType(sched, T::NoteOff);
        QCOMPARE(offs[1].frame, std::int64_t(3 * 48000));
        QCOMPARE(sched.endFrame(), std::int64_t(3 * 48000));
    }

    void orderAtTheSameFrame() {
        midi::Score s;
        midi::Track t = pianoTrack(5, 0, {{0, 480, 60, 80}, {480, 480, 60, 90}});
        t.controls.push_back({480, 7, 100});
        t.pitchBends.push_back({480, -4096});
        s.tracks.push_back(t);
        const audio::EventSchedule sched(s, 44100.0);
        std::vector<T> at480;
        for (const auto& e : sched.events())
            if (e.frame == 22050) at480.push_back(e.type);
        QCOMPARE(at480, (std::vector<T>{T::Control, T::PitchBend, T::NoteOff, T::NoteOn}));
        QCOMPARE(sched.events().front().type, T::Program);
        QCOMPARE(int(sched.events().front().data1), 5);
        const auto bends = ofType(sched, T::PitchBend);
        QCOMPARE(int(bends[0].bend), -4096);
    }

    void drumsOnChannelTen() {
        midi::Score s;
        midi::Track drums;
        drums.isDrum = true;
        drums.channel = 3;  // whatever the file said, drums play on channel 10
        drums.notes = {{0, 10, 36, 100}};
        s.tracks = {pianoTrack(0, 9, {{0, 10, 60, 80}}), drums};
        const audio::EventSchedule sched(s, 44100.0);
        QCOMPARE(sched.channelOfTrack(1), 9);
        QVERIFY(sched.channelOfTrack(0) != 9);  // a melodic track never lands on the drum channel
    }

    void channelsShareBeyondFifteen() {
        midi::Score s;
        for (int i = 0; i < 20; ++i) s.tracks.push_back(pianoTrack(i, 0, {{0, 480, std::uint8_t(40 + i), 80}}));
        const audio::EventSchedule sched(s, 44100.0);
        for (std::size_t i = 0; i < 20; ++i) QVERIFY(sched.channelOfTrack(i) != 9);
        // 20 programs on 15 channels: shared channels switch program before each note.
        int switched = 0;
        for (const auto& e : ofType(sched, T::NoteOn)) {
            if (e.program >= 0) {
                ++switched;
                QCOMPARE(int(e.program), int(e.track));  // program i on track i
            }
        }
        QCOMPARE(switched, 10);  // 5 channels carry two tracks each
    }

    void sameProgramSharesWithoutSwitching() {
        midi::Score s;
        for (int i = 0; i < 16; ++i) s.tracks.push_back(pianoTrack(i < 8 ? 0 : 1 + i, 0, {{0, 480, 60, 80}}));
        const audio::EventSchedule sched(s, 44100.0);
        for (int i = 1; i < 8; ++i) QCOMPARE(sched.channelOfTrack(std::size_t(i)), sched.channelOfTrack(0));
        for (const auto& e : ofType(sched, T::NoteOn)) QCOMPARE(int(e.program), -1);
    }

    void overlappingKeysHeldToTheLastNoteOff() {
        midi::Score s;
        s.tracks.push_back(pianoTrack(0, 0, {{0, 960, 60, 80}, {480, 960, 60, 80}}));
        const audio::EventSchedule sched(s, 1000.0);
        const auto offs = ofType(sched, T::NoteOff);
        QCOMPARE(offs.size(), std::size_t(1));
        QCOMPARE(offs[0].frame, std::int64_t(1500));  // 1440 ticks at 120 qpm
    }

    void silentNotesLeftOut() {
        midi::Score s;
        s.tracks.push_back(pianoTrack(0, 0, {{0, 0, 60, 80}, {0, 480, 62, 0}, {0, 1, 64, 80}}));
        const audio::EventSchedule sched(s, 44100.0);
        const auto ons = ofType(sched, T::NoteOn);
        QCOMPARE(ons.size(), std::size_t(1));
        QCOMPARE(int(ons[0].data1), 64);
        // One tick is shorter than a frame here; the note-off still comes after the note-on.
        QVERIFY(ofType(sched, T::NoteOff)[0].frame > ons[0].frame);
    }

    void pedalSpansBecomeSustain() {
        midi::Score s;
        midi::Track t = pianoTrack(0, 0, {{0, 480, 60, 80}});
        t.pedals.push_back({0, 960});
        s.tracks.push_back(t);
        const audio::EventSchedule sched(s, 1000.0);
        const auto cc = ofType(sched, T::Control);
        QCOMPARE(cc.size(), std::size_t(2));
        QCOMPARE(int(cc[0].data1), 64);
        QCOMPARE(int(cc[0].data2), 127);
        QCOMPARE(cc[1].frame, std::int64_t(1000));
        QCOMPARE(int(cc[1].data2), 0);
    }

    void chaseStateBeforeAPosition() {
        midi::Score s;
        midi::Track t = pianoTrack(24, 0, {{0, 480, 60, 80}, {1920, 480, 62, 80}});
        t.controls = {{0, 7, 90}, {480, 7, 50}, {960, 10, 20}, {3000, 7, 127}};
        t.pitchBends = {{100, 1000}};
        s.tracks.push_back(t);
        const audio::EventSchedule sched(s, 1000.0);
        const auto state = sched.stateBefore(1500);  // 1 s = tick 960 ... 1.5 s = tick 1440
        std::map<int, int> cc;
        int program = -1, bend = 0;
        for (const auto& e : state) {
            QCOMPARE(e.frame, std::int64_t(1500));
            if (e.type == T::Control) cc[e.data1] = e.data2;
            if (e.type == T::Program) program = e.data1;
            if (e.type == T::PitchBend) bend = e.bend;
            QVERIFY(e.type != T::NoteOn);
        }
        QCOMPARE(program, 24);
        QCOMPARE(cc[7], 50);
        QCOMPARE(cc[10], 20);
        QCOMPARE(bend, 1000);
        QCOMPARE(sched.firstAtOrAfter(1500), sched.firstAtOrAfter(1001));
    }

    void midiBytesOfEvents() {
        ScheduledEvent e;
        e.channel = 9;
        e.type = T::NoteOn;
        e.data1 = 36;
        e.data2 = 100;
        QCOMPARE(audio::midiBytes(e), (std::vector<std::uint8_t>{0x99, 36, 100}));
        e.type = T::PitchBend;
        e.bend = 8191;
        QCOMPARE(audio::midiBytes(e), (std::vector<std::uint8_t>{0xE9, 0x7F, 0x7F}));
        e.bend = -8192;
        QCOMPARE(audio::midiBytes(e), (std::vector<std::uint8_t>{0xE9, 0x00, 0x00}));
        e.type = T::Program;
        e.data1 = 40;
        QCOMPARE(audio::midiBytes(e), (std::vector<std::uint8_t>{0xC9, 40}));
    }
};

QTEST_GUILESS_MAIN(TestEventSchedule)
#include "tst_eventschedule.moc"
