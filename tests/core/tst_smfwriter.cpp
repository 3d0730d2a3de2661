// Tests of SmfWriter: round trips through our reader, mido and FluidSynth, channel assignment,
// values MIDI cannot hold, and atomic writing.
#include <QtCore>

#include "../SharedData.h"
#include <QtTest/QtTest>

#include <fstream>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include "midi/SmfEventCursor.h"
#include "midi/SmfReader.h"
#include "midi/SmfWriter.h"

using namespace mozart::midi;

namespace {

Note note(Tick start, Tick duration, int pitch, int velocity) {
    return Note{start, duration, std::uint8_t(pitch), std::uint8_t(velocity)};
}

Score readBack(const Score& score) {
    const std::vector<std::uint8_t> bytes = SmfWriter::encode(score);
    ReadResult r = SmfReader::parse(bytes.data(), bytes.size(), "written.mid");
    if (!r.ok()) qFatal("written file rejected: %s", r.error->toString().c_str());
    if (!r.warnings.empty()) qFatal("written file warns: %s", r.warnings[0].toString().c_str());
    return *r.score;
}

// A score with every kind of event, in the canonical form the reader produces.
Score everyKindOfEvent() {
    Score s;
    s.ticksPerQuarter = 480;
    for (int i = 0; i < 30; ++i) s.tempos.push_back({Tick(i / 2 * 240), 400000 + i * 1000});
    s.timeSignatures = {{0, 4, 4}, {1920, 3, 4}, {1920, 6, 8}, {3840, 5, 0}};
    s.keySignatures = {{0, -3, true}, {960, 2, false}};
    using K = TextEvent::Kind;
    s.texts = {{0, K::Marker, "A"}, {0, K::Copyright, "(c) nobody"}, {480, K::Text, "text"},
               {960, K::Marker, "B"}, {960, K::Cue, "cue"}};

    Track piano;
    piano.name = "Piano";
    piano.notes = {note(0, 480, 64, 80),    note(0, 480, 60, 70),   note(0, 480, 67, 90),
                   note(480, 240, 60, 80),  note(720, 240, 60, 81),  // repeated: off and on at 720
                   note(960, 0, 72, 50),    note(960, 480, 72, 60),  // zero-length first
                   note(1200, 400, 48, 70), note(1300, 400, 48, 71), // overlapping, same pitch
                   note(1440, 240, 50, 60), note(1680, 0, 50, 61)};
    piano.controls = {{0, 64, 127}, {0, 7, 100}, {960, 64, 0}, {1440, 64, 100}, {1920, 64, 10}};
    piano.pedals = {{0, 960}, {1440, 480}};
    piano.pitchBends = {{0, 0}, {100, -8192}, {200, 8191}, {300, 1234}};

    Track strings;
    strings.name = "Strings";
    strings.program = 48;
    strings.channel = 1;
    strings.notes = {note(0, 1920, 55, 40), note(960, 960, 59, 45)};
    strings.controls = {{0, 7, 90}, {480, 10, 30}};

    Track drums;
    drums.name = "Drums";
    drums.isDrum = true;
    drums.channel = 9;
    drums.notes = {note(0, 0, 36, 100), note(240, 0, 42, 80), note(480, 10, 38, 100)};

    Track voice;
    voice.name = "Voice";
    voice.program = 52;
    voice.channel = 15;  // where readers file lyrics (see Score.h)
    voice.notes = {note(0, 480, 67, 90), note(480, 480, 69, 90)};
    voice.lyrics = {{0, K::Lyric, "Ah"}, {480, K::Lyric, "le"}};

    s.tracks = {piano, strings, drums, voice};
    return s;
}

// The channel messages of track chunk `index` (0 = conductor) as "tick:status:data1:data2".
QStringList channelEvents(const std::vector<std::uint8_t>& file, int index) {
    std::size_t pos = 14;
    for (int i = 0; i < index; ++i)
        pos += 8 + (std::size_t(file[pos + 4]) << 24 | file[pos + 5] << 16 | file[pos + 6] << 8 | file[pos + 7]);
    const std::size_t length =
        std::size_t(file[pos + 4]) << 24 | file[pos + 5] << 16 | file[pos + 6] << 8 | file[pos + 7];
    SmfEventCursor cursor(file.data() + pos + 8, length);
    QStringList out;
    SmfEvent e;
    while (cursor.next(e)) {
        if (e.status >= 0xF0) continue;
        out << QString("%1:%2:%3:%4").arg(e.tick).arg(e.status, 2, 16).arg(e.data[0]).arg(e.size > 1 ? e.data[1] : -1);
    }
    return out;
}

bool haveProgram(const char* name) {
    return QProcess::execute("/bin/sh", {"-c", QString("command -v %1 >/dev/null").arg(name)}) == 0;
}

std::string fileContents(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

class TestSmfWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void headerAndTrackCount();
    void roundTripEveryKindOfEvent();
    void noteOffsBeforeNoteOnsAtOneTick();
    void equalTimeEventsReadBackInScoreOrder();
    void pedalsWithoutSustainControlsWrittenAsCc64();
    void channelsKeptWhenFreeElseSpread();
    void moreTracksThanChannels();
    void unrepresentableValuesClamped();
    void longGapsBridged();
    void corpusRoundTrip();
    void midoReadsTheSameMusic();
    void fluidsynthRendersSound();
    void writeFileCreatesFile();
    void failedWriteLeavesTargetUntouched();
};

void TestSmfWriter::headerAndTrackCount() {
    Score s = everyKindOfEvent();
    s.ticksPerQuarter = 960;
    const auto bytes = SmfWriter::encode(s);
    const std::vector<std::uint8_t> header{'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 5, 0x03, 0xC0};
    QCOMPARE(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 14), header);
    QCOMPARE(std::string(bytes.begin() + 14, bytes.begin() + 18), std::string("MTrk"));
}

void TestSmfWriter::roundTripEveryKindOfEvent() {
    const Score original = everyKindOfEvent();
    const Score back = readBack(original);
    QCOMPARE(back.tracks.size(), original.tracks.size());
    for (std::size_t i = 0; i < back.tracks.size(); ++i) {
        QCOMPARE(back.tracks[i].notes, original.tracks[i].notes);
        QCOMPARE(back.tracks[i].controls, original.tracks[i].controls);
        QCOMPARE(back.tracks[i].pedals, original.tracks[i].pedals);
        QCOMPARE(back.tracks[i].pitchBends, original.tracks[i].pitchBends);
        QCOMPARE(back.tracks[i].lyrics, original.tracks[i].lyrics);
    }
    QCOMPARE(back.tempos, original.tempos);
    QCOMPARE(back.timeSignatures, original.timeSignatures);
    QCOMPARE(back.keySignatures, original.keySignatures);
    QCOMPARE(back.texts, original.texts);
    QVERIFY(back == original);  // names, programs, channels, drum flags too
}

// Synthesizers end the sounding note at a note-off, so a repeated note's off must come first;
// a zero-length note's off follows its own on. Readers pairing first-in first-out don't care.
void TestSmfWriter::noteOffsBeforeNoteOnsAtOneTick() {
    const QStringList piano = channelEvents(SmfWriter::encode(everyKindOfEvent()), 1);
    auto at = [&](int tick) { return piano.filter(QRegularExpression(QString("^%1:[89]0:").arg(tick))); };
    QCOMPARE(at(0), (QStringList{"0:90:64:80", "0:90:60:70", "0:90:67:90"}));
    QCOMPARE(at(720), (QStringList{"720:80:60:0", "720:90:60:81"}));
    QCOMPARE(at(960), (QStringList{"960:80:60:0", "960:90:72:50", "960:80:72:0", "960:90:72:60"}));
    QCOMPARE(at(1680), (QStringList{"1680:80:50:0", "1680:90:50:61", "1680:80:50:0"}));
    // Program first, then controls and pitch bends, at tick 0 before the notes.
    QCOMPARE(piano.mid(0, 5), (QStringList{"0:c0:0:-1", "0:b0:64:127", "0:b0:7:100", "0:e0:0:64",
                                          "0:90:64:80"}));
}

// The reader sorts like symusic (unstable); the writer must pick the order that survives it.
void TestSmfWriter::equalTimeEventsReadBackInScoreOrder() {
    Score s;
    for (int i = 0; i < 200; ++i) s.tempos.push_back({Tick(i / 3), 300000 + i});
    for (int i = 0; i < 60; ++i) s.timeSignatures.push_back({Tick(i / 4 * 10), 1 + i % 12, 4});
    for (int i = 0; i < 40; ++i)
        s.texts.push_back({Tick(i / 2), TextEvent::Kind::Marker, "m" + std::to_string(i)});
    const Score back = readBack(s);
    QCOMPARE(back.tempos, s.tempos);
    QCOMPARE(back.timeSignatures, s.timeSignatures);
    QCOMPARE(back.texts, s.texts);
}

void TestSmfWriter::pedalsWithoutSustainControlsWrittenAsCc64() {
    Score s;
    Track t;
    t.notes = {note(0, 960, 60, 80)};
    t.pedals = {{0, 480}, {600, 100}};
    s.tracks = {t};
    const Score back = readBack(s);
    QCOMPARE(back.tracks[0].pedals, t.pedals);
    QCOMPARE(back.tracks[0].controls,
             (std::vector<ControlChange>{{0, 64, 127}, {480, 64, 0}, {600, 64, 127}, {700, 64, 0}}));
}

void TestSmfWriter::channelsKeptWhenFreeElseSpread() {
    Score s;
    for (int program : {0, 40, 0, 71}) {  // all on channel 0, as a generator leaves them
        Track t;
        t.program = program;
        t.notes = {note(0, 10, 60, 80)};
        s.tracks.push_back(t);
    }
    Track drums;
    drums.isDrum = true;  // channel 0 in the Score: the writer puts it on 10
    drums.notes = {note(0, 10, 36, 80)};
    s.tracks.push_back(drums);
    const Score back = readBack(s);
    QCOMPARE(back.tracks.size(), std::size_t(5));
    const int channels[] = {0, 1, 0, 2, 9};
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(back.tracks[i].channel, channels[i]);
        QCOMPARE(back.tracks[i].program, s.tracks[i].program);
        QCOMPARE(back.tracks[i].isDrum, i == 4);
    }
}

void TestSmfWriter::moreTracksThanChannels() {
    Score s;
    for (int i = 0; i < 20; ++i) {
        Track t;
        t.name = "T" + std::to_string(i);
        t.program = 10 + i;
        t.channel = i % 16;
        t.notes = {note(i, 10, 40 + i, 80)};
        s.tracks.push_back(t);
    }
    Track drums;
    drums.isDrum = true;
    drums.channel = 9;
    drums.notes = {note(0, 10, 36, 80)};
    s.tracks.insert(s.tracks.begin() + 3, drums);
    const Score back = readBack(s);
    QCOMPARE(back.tracks.size(), s.tracks.size());
    std::set<int> firstFifteen;
    int melodic = 0;
    for (std::size_t i = 0; i < back.tracks.size(); ++i) {
        QCOMPARE(back.tracks[i].name, s.tracks[i].name);
        QCOMPARE(back.tracks[i].program, s.tracks[i].program);
        QCOMPARE(back.tracks[i].isDrum, s.tracks[i].isDrum);
        QCOMPARE(back.tracks[i].notes, s.tracks[i].notes);
        if (s.tracks[i].isDrum) continue;
        QVERIFY(back.tracks[i].channel != 9);
        if (melodic++ < 15) firstFifteen.insert(back.tracks[i].channel);
    }
    QCOMPARE(firstFifteen.size(), std::size_t(15));
}

void TestSmfWriter::unrepresentableValuesClamped() {
    Score s;
    s.tempos = {{0, 0x7FFFFFFF}};
    Track t;
    t.program = 300;
    t.notes = {note(-50, 100, 60, 0), note(0, 10, 200, 80), note(10, -5, 61, 200)};
    t.controls = {{0, 200, 255}};
    t.pitchBends = {{0, -20000}};
    s.tracks = {t};
    const Score back = readBack(s);
    QCOMPARE(back.tempos, (std::vector<Tempo>{{0, 0xFFFFFF}}));
    QCOMPARE(back.tracks[0].program, 127);
    // Negative start clamped to 0 (its end stays at 50); velocity 0 would be a note-off: 1;
    // pitch 200 cannot be written; a negative duration becomes 0; velocity 200 -> 127.
    QCOMPARE(back.tracks[0].notes, (std::vector<Note>{note(0, 50, 60, 1), note(10, 0, 61, 127)}));
    QCOMPARE(back.tracks[0].controls, (std::vector<ControlChange>{{0, 127, 127}}));
    QCOMPARE(back.tracks[0].pitchBends, (std::vector<PitchBend>{{0, -8192}}));
}

void TestSmfWriter::longGapsBridged() {
    Score s;
    Track t;
    t.notes = {note(0, 10, 60, 80), note(0x30000000, 0x10000005, 62, 80)};  // gaps beyond 2^28
    s.tracks = {t};
    QCOMPARE(readBack(s).tracks[0].notes, t.notes);
}

void TestSmfWriter::corpusRoundTrip() {
    const QByteArray shared = qgetenv("MOZART_SHARED_DIR");
    if (shared.isEmpty()) MOZART_SHARED_MISSING("MOZART_SHARED_DIR not set");
    const QString corpus = QString::fromLocal8Bit(shared) + "/corpus";
    QDirIterator it(corpus, {"*.mid", "*.MID"}, QDir::Files, QDirIterator::Subdirectories);
    QStringList files;
    while (it.hasNext()) files << it.next();
    files.sort();
    if (files.isEmpty()) MOZART_SHARED_MISSING("corpus is empty");
    int checked = 0, channelsKept = 0;
    for (int i = 0; i < files.size(); i += 7) {  // every 7th file keeps the test fast
        const QByteArray path = files[i].toLocal8Bit();
        const char* name = path.constData();
        const ReadResult first = SmfReader::readFile(files[i].toStdString());
        QVERIFY2(first.ok(), name);
        const Score back = readBack(*first.score);
        const Score& a = *first.score;
        QVERIFY2(back.tracks.size() == a.tracks.size(), name);
        bool sameChannels = true;
        for (std::size_t k = 0; k < a.tracks.size(); ++k) {
            const Track &x = a.tracks[k], &y = back.tracks[k];
            QVERIFY2(y.notes == x.notes, name);
            QVERIFY2(y.program == x.program && y.isDrum == x.isDrum && y.name == x.name, name);
            QVERIFY2(y.controls == x.controls && y.pitchBends == x.pitchBends, name);
            QVERIFY2(y.lyrics == x.lyrics, name);
            // Tracks that shared a channel with another program were moved (for playback);
            // symusic derives pedals per channel, so only kept channels promise equal pedals.
            if (y.channel == x.channel)
                QVERIFY2(y.pedals == x.pedals, name);
            else
                sameChannels = false;
        }
        QVERIFY2(back.tempos == a.tempos, name);
        QVERIFY2(back.timeSignatures == a.timeSignatures, name);
        QVERIFY2(back.keySignatures == a.keySignatures && back.texts == a.texts, name);
        QVERIFY2(back.ticksPerQuarter == a.ticksPerQuarter, name);
        if (sameChannels) {
            QVERIFY2(back == a, name);
            ++channelsKept;
        }
        ++checked;
    }
    QVERIFY(channelsKept > checked / 2);
    QVERIFY(checked >= 50);
}

void TestSmfWriter::midoReadsTheSameMusic() {
    if (QProcess::execute("/usr/bin/python3", {"-c", "import mido"}) != 0)
        QSKIP("python3 with mido is not available");
    QTemporaryDir dir;
    const QString path = dir.filePath("piece.mid");
    const Score s = everyKindOfEvent();
    QVERIFY(!SmfWriter::writeFile(s, path.toStdString()));
    // Pairs notes first-in first-out per (channel, pitch), as symusic does, and prints a summary.
    const char* script = R"(
import sys, mido
f = mido.MidiFile(sys.argv[1])
print('tpq', f.ticks_per_beat)
for i, track in enumerate(f.tracks):
    now, open_, notes, program = 0, {}, [], None
    for m in track:
        now += m.time
        if m.type == 'set_tempo': print('tempo', now, m.tempo)
        elif m.type == 'time_signature': print('ts', now, m.numerator, m.denominator)
        elif m.type == 'program_change': program = m.program
        elif m.type == 'note_on' and m.velocity > 0:
            notes.append([now, None, m.note, m.velocity]); open_.setdefault((m.channel, m.note), []).append(notes[-1])
        elif m.type in ('note_on', 'note_off'):
            q = open_.get((m.channel, m.note))
            if q: n = q.pop(0); n[1] = now - n[0]
    if notes: print('track', program, ' '.join('%d/%d/%d/%d' % tuple(n) for n in notes))
)";
    QProcess python;
    python.start("/usr/bin/python3", {"-c", script, path});
    QVERIFY(python.waitForFinished(30000));
    QCOMPARE(python.exitCode(), 0);
    QStringList expected{"tpq 480"};
    QStringList tempos, signatures;
    for (const auto& t : s.tempos) tempos << QString("tempo %1 %2").arg(t.time).arg(t.microsPerQuarter);
    for (const auto& t : s.timeSignatures) {
        // mido reads the exponent as 2^exponent; denominator 0 was written as exponent 8.
        signatures << QString("ts %1 %2 %3").arg(t.time).arg(t.numerator).arg(t.denominator ? t.denominator : 256);
    }
    QStringList tracks;
    for (const auto& t : s.tracks) {
        QStringList notes;
        for (const auto& n : t.notes)
            notes << QString("%1/%2/%3/%4").arg(n.start).arg(n.duration).arg(n.pitch).arg(n.velocity);
        tracks << QString("track %1 %2").arg(t.program).arg(notes.join(' '));
    }
    QStringList got = QString::fromUtf8(python.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(got.value(0), expected[0]);
    QStringList gotTempos = got.filter(QRegularExpression("^tempo ")), gotTs = got.filter(QRegularExpression("^ts "));
    // Equal-time tempos are written in the order symusic's sort restores, so compare as sets.
    gotTempos.sort();
    tempos.sort();
    gotTs.sort();
    signatures.sort();
    QCOMPARE(gotTempos, tempos);
    QCOMPARE(gotTs, signatures);
    QCOMPARE(got.filter(QRegularExpression("^track ")), tracks);
}

void TestSmfWriter::fluidsynthRendersSound() {
    const QString soundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
    if (!haveProgram("fluidsynth")) QSKIP("fluidsynth is not installed");
    if (!QFile::exists(soundFont)) QSKIP("FluidR3_GM.sf2 is not installed");
    QTemporaryDir dir;
    const QString midi = dir.filePath("piece.mid"), raw = dir.filePath("out.raw");
    QVERIFY(!SmfWriter::writeFile(everyKindOfEvent(), midi.toStdString()));
    QProcess synth;
    synth.start("fluidsynth", {"-ni", "-F", raw, "-r", "22050", soundFont, midi});
    QVERIFY(synth.waitForFinished(60000));
    QCOMPARE(synth.exitCode(), 0);
    QFile out(raw);
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray pcm = out.readAll();
    QVERIFY2(pcm.size() > 22050 * 4, "less than a second of audio");  // 16-bit stereo
    const auto* samples = reinterpret_cast<const qint16*>(pcm.constData());
    int loudest = 0;
    for (qsizetype i = 0; i < pcm.size() / 2; ++i) loudest = std::max(loudest, std::abs(int(samples[i])));
    QVERIFY2(loudest > 1000, qPrintable(QString("peak sample %1").arg(loudest)));
}

void TestSmfWriter::writeFileCreatesFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath("new.mid");
    const Score s = everyKindOfEvent();
    QVERIFY(!SmfWriter::writeFile(s, path.toStdString()));
    const ReadResult r = SmfReader::readFile(path.toStdString());
    QVERIFY(r.ok() && r.warnings.empty());
    QVERIFY(*r.score == s);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"new.mid"});  // no temporary left
}

void TestSmfWriter::failedWriteLeavesTargetUntouched() {
    const Score s = everyKindOfEvent();
    QTemporaryDir dir;
    // An unwritable folder holding the target.
    const QString locked = dir.filePath("locked");
    QVERIFY(QDir().mkdir(locked));
    const QString target = locked + "/piece.mid";
    {
        std::ofstream(target.toStdString()) << "old contents";
    }
    QVERIFY(::chmod(locked.toLocal8Bit().constData(), 0555) == 0);
    if (::access(locked.toLocal8Bit().constData(), W_OK) != 0) {  // not root: the folder is locked
        const auto error = SmfWriter::writeFile(s, target.toStdString());
        QVERIFY(error.has_value());
        QCOMPARE(error->file, target.toStdString());
        QVERIFY2(error->message.find("Permission denied") != std::string::npos, error->message.c_str());
        QCOMPARE(fileContents(target), std::string("old contents"));
        QCOMPARE(QDir(locked).entryList(QDir::Files), QStringList{"piece.mid"});
    } else {  // root writes anywhere it may; procfs refuses new files even to root
        const auto error = SmfWriter::writeFile(s, "/proc/mozart-test-piece.mid");
        QVERIFY(error.has_value());
        QCOMPARE(error->file, std::string("/proc/mozart-test-piece.mid"));
        QVERIFY(!error->message.empty());
    }
    ::chmod(locked.toLocal8Bit().constData(), 0755);

    // A folder in the target's place: the rename fails and the folder stays as it was.
    const QString folder = dir.filePath("folder.mid");
    QVERIFY(QDir().mkdir(folder));
    { std::ofstream(QString(folder + "/inside.txt").toStdString()) << "keep"; }
    const auto error = SmfWriter::writeFile(s, folder.toStdString());
    QVERIFY(error.has_value());
    QCOMPARE(error->file, folder.toStdString());
    QVERIFY2(error->message.find("cannot replace") != std::string::npos, error->message.c_str());
    QCOMPARE(fileContents(folder + "/inside.txt"), std::string("keep"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             (QStringList{"folder.mid", "locked"}));  // no temporary left beside it

    // A missing folder.
    const auto missing = SmfWriter::writeFile(s, dir.filePath("no/such/folder/x.mid").toStdString());
    QVERIFY(missing.has_value());
    QVERIFY2(missing->message.find("No such file") != std::string::npos, missing->message.c_str());
}

QTEST_APPLESS_MAIN(TestSmfWriter)
#include "tst_smfwriter.moc"
