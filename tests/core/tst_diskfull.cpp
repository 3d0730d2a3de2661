// A full disk while saving: a token cache, a MIDI export, an audio export and a training checkpoint
// each fail with "No space left on device" in the error they return, the file they would have
// replaced keeps its bytes, and no temporary file is left behind.
//
// The disk is a real tmpfs of a few hundred KiB, filled up to the last byte, mounted in a mount
// namespace of this process alone (entered at the start of main(); it disappears with the process,
// even after a crash). Without the privilege to do that (not root, or inside a container that
// forbids it) the tests skip.
#include <QtTest>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <ATen/Parallel.h>

#include "TrainingFixture.h"
#include "audio/AudioFileWriter.h"
#include "data/Dataset.h"
#include "data/TokenCache.h"
#include "io/AtomicFile.h"
#include "midi/SmfWriter.h"
#include "model/ModelFile.h"
#include "remi/RemiTokenizer.h"
#include "remi/Vocabulary.h"
#include "train/TrainingSession.h"

using namespace mozart;
namespace fs = std::filesystem;

namespace {

bool g_privateMounts = false;
std::string g_whyNot;

// Before QCoreApplication: a private mount namespace for the main thread and every thread it starts
// from now on. (Threads that libraries started while loading stay outside; none of them writes files.)
void enterPrivateMountNamespace() {
    if (::unshare(CLONE_NEWNS) != 0) {
        g_whyNot = std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
        return;
    }
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        g_whyNot = std::string("making / private: ") + std::strerror(errno);
        return;
    }
    g_privateMounts = true;
}

// A small tmpfs at `dir`, unmounted when this goes out of scope.
class SmallDisk {
public:
    SmallDisk(const std::string& dir, const char* size) : dir_(dir) {
        const std::string options = std::string("size=") + size + ",mode=0755";
        mounted_ = ::mount("mozart-test", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
        if (!mounted_) error_ = std::strerror(errno);
    }
    ~SmallDisk() {
        if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    bool mounted() const { return mounted_; }
    const std::string& error() const { return error_; }
    // Writes a filler file until the disk refuses another byte.
    bool fill() {
        const int fd = ::open((dir_ + "/filler").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd < 0) return false;
        static const char block[4096] = {};
        for (std::size_t chunk : {sizeof block, std::size_t(1)})
            while (::write(fd, block, chunk) > 0) {
            }
        const bool full = errno == ENOSPC;
        ::close(fd);
        return full;
    }

private:
    std::string dir_;
    bool mounted_ = false;
    std::string error_;
};

std::string bytesOf(const std::string& path) {
    std::string text, error;
    io::readWholeFile(path, &text, &error);
    return text;
}

// Names in `dir` (recursively) other than the filler that are not in `expected`.
QStringList leftovers(const std::string& dir, const QStringList& expected) {
    QStringList extra;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const QString rel = QString::fromStdString(fs::relative(e.path(), dir).string());
        if (e.is_regular_file() && rel != "filler" && !expected.contains(rel)) extra << rel;
    }
    return extra;
}

bool saysDiskFull(const std::string& error) { return error.find(std::strerror(ENOSPC)) != std::string::npos; }

}  // namespace

class TestDiskFull : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    // A tmpfs at a fresh folder, or a skip saying why there cannot be one.
    std::unique_ptr<SmallDisk> disk(const QString& name, const char* size) {
        if (!g_privateMounts) return nullptr;
        const std::string path = (dir_.path() + "/" + name).toStdString();
        fs::create_directories(path);
        auto d = std::make_unique<SmallDisk>(path, size);
        if (!d->mounted()) {
            g_whyNot = "mount tmpfs: " + d->error();
            return nullptr;
        }
        return d;
    }

private Q_SLOTS:
    void initTestCase() { at::set_num_threads(1); }

    void tokenCacheKeepsThePreviousFile() {
        auto d = disk("cache", "512k");
        if (!d) QSKIP(qPrintable("no small disk: " + QString::fromStdString(g_whyNot)));
        const std::string music = dir_.path().toStdString() + "/music";
        const std::string cache = dir_.path().toStdString() + "/cache";
        tiny::write(music + "/Bach/a.mid", tiny::melody(1));
        tiny::write(music + "/Bach/b.mid", tiny::melody(2, 40));
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        data::TokenCacheOptions o;
        o.cacheDirectory = cache;
        auto first = data::Dataset::open(music, tokenizer, o);
        QVERIFY(first.dataset);
        QVERIFY2(first.cache.written, first.cache.writeError.c_str());
        const std::string before = bytesOf(first.cache.cacheFile);
        QVERIFY(!before.empty());

        tiny::write(music + "/Bach/c.mid", tiny::melody(3, 24));  // the cache must be rewritten
        QVERIFY(d->fill());
        auto second = data::Dataset::open(music, tokenizer, o);
        QVERIFY(second.dataset);  // work goes on from memory
        QCOMPARE(second.dataset->pieces().size(), std::size_t(3));
        QVERIFY(!second.cache.written);
        QVERIFY2(saysDiskFull(second.cache.writeError), second.cache.writeError.c_str());
        qInfo("reported: %s", second.cache.writeError.c_str());
        QVERIFY(second.cache.writeError.find(second.cache.cacheFile) != std::string::npos);
        QVERIFY(bytesOf(first.cache.cacheFile) == before);
        const QString name = QString::fromStdString(fs::path(first.cache.cacheFile).filename().string());
        QCOMPARE(leftovers(cache, {name}), QStringList());
    }

    void midiExportKeepsThePreviousFile() {
        auto d = disk("midi", "256k");
        if (!d) QSKIP(qPrintable("no small disk: " + QString::fromStdString(g_whyNot)));
        const std::string path = (dir_.path() + "/midi/piece.mid").toStdString();
        QVERIFY(!midi::SmfWriter::writeFile(tiny::melody(1, 16), path));
        const std::string before = bytesOf(path);
        QVERIFY(d->fill());
        const auto error = midi::SmfWriter::writeFile(tiny::melody(2, 4000), path);
        QVERIFY(error);
        QVERIFY2(saysDiskFull(error->toString()), error->toString().c_str());
        qInfo("reported: %s", error->toString().c_str());
        QVERIFY(bytesOf(path) == before);
        QCOMPARE(leftovers((dir_.path() + "/midi").toStdString(), {"piece.mid"}), QStringList());
    }

    void audioExportKeepsThePreviousFile() {
        auto d = disk("audio", "512k");
        if (!d) QSKIP(qPrintable("no small disk: " + QString::fromStdString(g_whyNot)));
        const std::string path = (dir_.path() + "/audio/piece.wav").toStdString();
        const std::vector<float> second(2 * 44100, 0.25f);  // one second of stereo
        std::string error;
        {
            audio::AudioFileWriter w;
            QVERIFY2(w.open(path, {}, &error), error.c_str());
            QVERIFY2(w.write(second.data(), 22050, &error), error.c_str());  // half a second: fits
            QVERIFY2(w.commit(&error), error.c_str());
        }
        const std::string before = bytesOf(path);
        QVERIFY(d->fill());
        audio::AudioFileWriter w;
        bool ok = w.open(path, {}, &error);
        for (int i = 0; ok && i < 10; ++i) ok = w.write(second.data(), 44100, &error);
        if (ok) ok = w.commit(&error);
        QVERIFY(!ok);
        QVERIFY2(saysDiskFull(error), error.c_str());
        QVERIFY(error.find(path) != std::string::npos);
        qInfo("reported: %s", error.c_str());
        w.abort();
        QVERIFY(bytesOf(path) == before);
        QCOMPARE(leftovers((dir_.path() + "/audio").toStdString(), {"piece.wav"}), QStringList());
    }

    void checkpointKeepsThePreviousOne() {
        auto d = disk("runs", "4m");
        if (!d) QSKIP(qPrintable("no small disk: " + QString::fromStdString(g_whyNot)));
        QTemporaryDir midiDir;
        trainfix::writeFolder(midiDir);
        const auto corpus = trainfix::openCorpus(midiDir.path().toStdString());
        auto c = trainfix::tinyTrainer();
        c.checkpointEvery = 2;
        c.keepCheckpoints = 0;  // only `last`
        c.validationEvery = 0;
        train::RunSetup setup;
        setup.folder = (dir_.path() + "/runs/run").toStdString();
        setup.description.tokenizerConfig = corpus.tokenizer().config().toMidiTokJson();
        setup.description.labels = corpus.labels();
        train::TrainingData data;
        std::string error;
        data.train = corpus.sampler(data::DatasetPart::Train, std::size_t(c.batchSize), c.seed, &error);
        train::TrainingEvents events;
        // Right after the checkpoint of step 2, the disk fills up (metrics.jsonl included).
        events.onStep = [&](const train::StepEvent& e) {
            if (e.step == 3) d->fill();
        };
        const std::int64_t vocab = std::int64_t(remi::Vocabulary(corpus.tokenizer().config()).size());
        train::TrainingSession session(model::Transformer(trainfix::tinyModel(vocab, std::int64_t(corpus.labels().size())), 5),
                                       c, std::move(data), setup, events);
        const auto openError = session.open();
        QVERIFY2(!openError, openError ? openError->c_str() : "");
        const auto summary = session.run();
        QVERIFY(summary.reason == train::StopReason::Failed);
        QVERIFY2(saysDiskFull(summary.error), summary.error.c_str());
        qInfo("reported: %s", summary.error.c_str());
        // `last` is still the complete checkpoint of step 2.
        auto loaded = model::ModelFile::load(setup.folder + "/last/model.safetensors");
        QVERIFY2(loaded, loaded.error ? loaded.error->toString().c_str() : "");
        QCOMPARE(loaded.info.notes.at("step"), std::string("2"));
        for (const auto& e : fs::recursive_directory_iterator(setup.folder))
            QVERIFY2(e.path().filename().string().find(".tmp") == std::string::npos, e.path().c_str());
    }
};

int main(int argc, char** argv) {
    enterPrivateMountNamespace();
    QCoreApplication app(argc, argv);
    TestDiskFull test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_diskfull.moc"
