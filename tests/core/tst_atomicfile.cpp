// io::AtomicFile: whole new content or the old one, the mode the umask gives, no temporaries
// left behind, and the process umask never touched while other threads create files.
#include <QtTest>

#include <atomic>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "io/AtomicFile.h"

using namespace mozart::io;

namespace {

mode_t modeOf(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : mode_t(0);
}

std::string contentOf(const std::string& path) {
    std::string text, error;
    return readWholeFile(path, &text, &error) ? text : "<" + error + ">";
}

}  // namespace

class TstAtomicFile : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    mode_t oldMask_ = 0;

    std::string path(const char* name) const { return (dir_.path() + "/" + name).toStdString(); }
    int entries() const { return int(QDir(dir_.path()).entryList(QDir::Files | QDir::Hidden).size()); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        oldMask_ = ::umask(027);  // single-threaded here; every file below must come out 0640
    }
    void cleanupTestCase() { ::umask(oldMask_); }

    void writesAndReplacesWhole() {
        const std::string file = path("a.bin");
        std::string error;
        QVERIFY2(writeFileAtomically(file, std::string("first"), &error), error.c_str());
        QCOMPARE(contentOf(file), std::string("first"));
        QVERIFY2(writeFileAtomically(file, std::string("second, longer"), &error), error.c_str());
        QCOMPARE(contentOf(file), std::string("second, longer"));
        QCOMPARE(modeOf(file), mode_t(0640));
        QCOMPARE(entries(), 1);  // no temporary left
    }

    void uncommittedFileLeavesNoTrace() {
        const std::string file = path("b.bin");
        std::string error;
        QVERIFY(writeFileAtomically(file, std::string("old"), &error));
        {
            AtomicFile out(file);
            QVERIFY(out.open(&error));
            QVERIFY(out.fd() >= 0);
            QVERIFY(out.write(std::string("new but never committed"), &error));
            QVERIFY(QFileInfo::exists(QString::fromStdString(out.temporaryPath())));
        }
        QCOMPARE(contentOf(file), std::string("old"));
        QCOMPARE(entries(), 2);  // a.bin, b.bin
    }

    void failuresNameTheFileAndKeepTheTarget() {
        std::string error;
        const std::string missing = path("no-such-folder/c.bin");
        QVERIFY(!writeFileAtomically(missing, std::string("x"), &error));
        QVERIFY2(error.rfind(missing + ": ", 0) == 0, error.c_str());
        // A folder as the target: the rename fails, the temporary goes away.
        const std::string folder = path("d");
        QVERIFY(QDir().mkpath(QString::fromStdString(folder + "/inside")));
        QVERIFY(!writeFileAtomically(folder, std::string("x"), &error));
        QVERIFY2(error.find("cannot replace") != std::string::npos, error.c_str());
        QCOMPARE(entries(), 2);
        AtomicFile notOpen(path("e.bin"));
        QVERIFY(!notOpen.write(std::string("x"), &error));
        QVERIFY(!notOpen.commit(&error));
    }

    // The old writer set umask(0) for a moment to read it: a file another thread created in that
    // moment got mode 0666. Files created by plain open() while AtomicFile writes must all get
    // the umask's 0640.
    void umaskNeverChangesUnderOtherThreads() {
        std::atomic<bool> stop{false};
        std::vector<std::thread> writers;
        for (int w = 0; w < 3; ++w)
            writers.emplace_back([&, w] {
                std::string error;
                for (int i = 0; i < 300; ++i)
                    writeFileAtomically(path("w.bin") + std::to_string(w), std::to_string(i), &error);
            });
        int wrongModes = 0, created = 0;
        std::thread other([&] {
            for (int i = 0; i < 600; ++i) {
                const std::string file = path("plain-") + std::to_string(i);
                const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0666);
                if (fd < 0) continue;
                ::close(fd);
                ++created;
                if (modeOf(file) != 0640) ++wrongModes;
                ::unlink(file.c_str());
            }
        });
        for (auto& t : writers) t.join();
        other.join();
        stop = true;
        QCOMPARE(created, 600);
        QCOMPARE(wrongModes, 0);
        for (int w = 0; w < 3; ++w) {
            QCOMPARE(contentOf(path("w.bin") + std::to_string(w)), std::string("299"));
            QCOMPARE(modeOf(path("w.bin") + std::to_string(w)), mode_t(0640));
        }
    }

    void readRefusesFilesAboveTheLimit() {
        const std::string file = path("big.json");
        std::string error, text;
        QVERIFY(writeFileAtomically(file, std::string(1000, 'x'), &error));
        QVERIFY(!readWholeFile(file, &text, &error, 999));
        QVERIFY2(error.find("1000 bytes") != std::string::npos, error.c_str());
        QVERIFY(readWholeFile(file, &text, &error, 1000));
        QCOMPARE(text.size(), std::size_t(1000));
    }
};

QTEST_APPLESS_MAIN(TstAtomicFile)
#include "tst_atomicfile.moc"
