// Tests of the token cache: cold and warm opens, changed, broken, added and removed files,
// damaged cache files (every byte flip, truncation, garbage), other configurations, an unwritable
// cache folder, progress reporting and cancelling.
#include <QtTest/QtTest>

#include <atomic>
#include <filesystem>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

#include "TinyMidiFolder.h"
#include "data/Dataset.h"
#include "data/TokenCache.h"
#include "data/TokenCacheFormat.h"
#include "midi/SmfReader.h"
#include "remi/RemiTokenizer.h"

using namespace mozart;
using namespace mozart::data;

namespace {

struct Folder {
    QTemporaryDir dir;
    std::string root() const { return dir.path().toStdString() + "/music"; }
    std::string cache() const { return dir.path().toStdString() + "/cache"; }
    std::string file(const std::string& relative) const { return root() + "/" + relative; }
};

// Four good files in two labels and one broken one.
void fill(Folder& f) {
    tiny::write(f.file("Bach/a.mid"), tiny::melody(1));
    tiny::write(f.file("Bach/b.mid"), tiny::melody(2, 40));
    tiny::write(f.file("Haydn/c.mid"), tiny::melody(3, 8));
    tiny::write(f.file("Haydn/d.mid"), tiny::melody(4, 24));
    tiny::writeBytes(f.file("Haydn/broken.mid"), QByteArray("plain text, not a MIDI file"));
}

TokenCacheOptions options(const Folder& f, unsigned threads = 2) {
    TokenCacheOptions o;
    o.cacheDirectory = f.cache();
    o.threads = threads;
    return o;
}

Dataset open(const Folder& f, const remi::RemiTokenizer& tokenizer, TokenCacheReport* report = nullptr,
             TokenCacheOptions o = {}) {
    if (o.cacheDirectory.empty() && !o.cancel) o = options(f);
    DatasetOpenResult r = Dataset::open(f.root(), tokenizer, o);
    if (!r.dataset) qFatal("open failed: %s", r.error.c_str());
    if (report) *report = r.cache;
    return *r.dataset;
}

// What the dataset holds for a file equals a fresh tokenization of that file.
void expectTokensOf(const Dataset& d, const Folder& f, const remi::RemiTokenizer& tokenizer) {
    for (std::size_t i = 0; i < d.pieces().size(); ++i) {
        const auto& r = d.pieces()[i].record;
        const auto read = midi::SmfReader::readFile(f.file(r.relativePath));
        QVERIFY(read.ok());
        const auto ids = tokenizer.encodeIds(*read.score);
        QCOMPARE(std::size_t(r.streamCount), ids.size());
        for (std::size_t s = 0; s < ids.size(); ++s) QVERIFY(d.stream(i, s).toVector() == ids[s]);
        QCOMPARE(r.noteCount, std::uint64_t(read.score->noteCount()));
    }
}

std::string cacheFile(const Folder& f, const remi::RemiTokenizer& tokenizer) {
    return f.cache() + "/" + tokenCacheFileName(f.root(), tokenCacheKey(tokenizer));
}

std::vector<std::uint8_t> fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void writeFileBytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

}  // namespace

class TestTokenCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void coldThenWarm() {
        Folder f;
        fill(f);
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        TokenCacheReport report;
        const Dataset cold = open(f, tokenizer, &report);
        QCOMPARE(report.analyzed, std::size_t(5));
        QCOMPARE(report.reused, std::size_t(0));
        QVERIFY(report.written);
        QVERIFY(report.rebuiltBecause.empty());
        QVERIFY(std::filesystem::exists(report.cacheFile));
        QCOMPARE(report.cacheFile, cacheFile(f, tokenizer));
        QCOMPARE(cold.pieces().size(), std::size_t(4));
        QCOMPARE(cold.errors().size(), std::size_t(1));
        QVERIFY(cold.store()->isMapped());
        QCOMPARE(cold.store()->width(), 2);
        expectTokensOf(cold, f, tokenizer);

        const Dataset warm = open(f, tokenizer, &report);
        QCOMPARE(report.analyzed, std::size_t(0));
        QCOMPARE(report.reused, std::size_t(5));  // the broken file too: not read again
        QVERIFY(!report.written);
        QVERIFY(warm.store()->isMapped());
        QCOMPARE(warm.errors().size(), std::size_t(1));
        QCOMPARE(warm.errors()[0].message, cold.errors()[0].message);
        QVERIFY(warm.errors()[0].message.find("Haydn/broken.mid") != std::string::npos);
        for (std::size_t i = 0; i < warm.pieces().size(); ++i) {
            const auto& a = warm.pieces()[i].record;
            const auto& b = cold.pieces()[i].record;
            QCOMPARE(a.relativePath, b.relativePath);
            QVERIFY(a.contentDigest == b.contentDigest && a.noteDigest == b.noteDigest);
            QCOMPARE(a.noteCount, b.noteCount);
            QCOMPARE(a.durationSeconds, b.durationSeconds);
            QVERIFY(a.pitchHistogram == b.pitchHistogram);
            QCOMPARE(a.tokenCount, b.tokenCount);
        }
        expectTokensOf(warm, f, tokenizer);
    }

    void changedFilesAreReadAgain() {
        Folder f;
        fill(f);
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        open(f, tokenizer);

        // Other notes, other size.
        tiny::write(f.file("Bach/a.mid"), tiny::melody(9, 30));
        tiny::touch(f.file("Bach/a.mid"), 5);
        // Same size, other bytes: only the time tells.
        QByteArray c = tiny::readBytes(f.file("Haydn/c.mid"));
        const int lastNoteOn = c.lastIndexOf(char(0x90));
        QVERIFY(lastNoteOn > 0);
        c[lastNoteOn + 1] = char(c[lastNoteOn + 1] + 1);  // one pitch up
        tiny::writeBytes(f.file("Haydn/c.mid"), c);
        tiny::touch(f.file("Haydn/c.mid"), 7);
        // The broken file repaired.
        tiny::write(f.file("Haydn/broken.mid"), tiny::melody(5));
        tiny::touch(f.file("Haydn/broken.mid"), 9);
        // One added, one removed.
        tiny::write(f.file("Bach/e.mid"), tiny::melody(6));
        std::filesystem::remove(f.file("Haydn/d.mid"));

        TokenCacheReport report;
        const Dataset d = open(f, tokenizer, &report);
        QCOMPARE(report.analyzed, std::size_t(4));
        QCOMPARE(report.reused, std::size_t(1));  // Bach/b.mid
        QCOMPARE(report.dropped, std::size_t(1));
        QVERIFY(report.written);
        QCOMPARE(d.errors().size(), std::size_t(0));
        QCOMPARE(d.pieces().size(), std::size_t(5));
        expectTokensOf(d, f, tokenizer);

        const Dataset again = open(f, tokenizer, &report);
        QCOMPARE(report.analyzed, std::size_t(0));
        QCOMPARE(report.reused, std::size_t(5));
        expectTokensOf(again, f, tokenizer);
    }

    // Every single-byte change of a cache file is detected, and the folder is read afresh.
    void everyByteFlipIsDetected() {
        Folder f;
        tiny::write(f.file("A/a.mid"), tiny::melody(1, 4));
        tiny::write(f.file("b.mid"), tiny::melody(2, 3));
        tiny::writeBytes(f.file("A/bad.mid"), QByteArray("nonsense"));
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        open(f, tokenizer);
        const std::vector<std::uint8_t> image = fileBytes(cacheFile(f, tokenizer));
        QVERIFY(image.size() > 160);
        const TokenCacheKey key = tokenCacheKey(tokenizer);
        TokenCacheContents contents;
        std::string reason;
        QVERIFY(parseTokenCache(image.data(), image.size(), key, &contents, &reason));
        QCOMPARE(contents.records.size(), std::size_t(3));
        for (std::size_t at = 0; at < image.size(); ++at) {
            for (std::uint8_t flip : {0x01, 0x80, 0xff}) {
                std::vector<std::uint8_t> damaged = image;
                damaged[at] ^= flip;
                QVERIFY2(!parseTokenCache(damaged.data(), damaged.size(), key, &contents, &reason),
                         qPrintable(QString("flip %1 at byte %2 not detected").arg(flip).arg(at)));
            }
        }
        for (std::size_t size = 0; size < image.size(); size += 7)
            QVERIFY(!parseTokenCache(image.data(), size, key, &contents, &reason));
        std::vector<std::uint8_t> longer = image;
        longer.push_back(0);
        QVERIFY(!parseTokenCache(longer.data(), longer.size(), key, &contents, &reason));
        TokenCacheKey other = key;
        other.configDigest[0] ^= 1;
        QVERIFY(!parseTokenCache(image.data(), image.size(), other, &contents, &reason));
        QVERIFY(reason.find("another tokenizer") != std::string::npos);
    }

    void damagedCacheFilesAreRebuilt() {
        Folder f;
        fill(f);
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        const Dataset fresh = open(f, tokenizer);
        const std::string path = cacheFile(f, tokenizer);
        const std::vector<std::uint8_t> image = fileBytes(path);

        std::vector<std::vector<std::uint8_t>> damages;
        damages.push_back({});                                                   // empty
        damages.push_back(std::vector<std::uint8_t>(image.begin(), image.begin() + image.size() / 2));  // truncated
        damages.push_back(std::vector<std::uint8_t>(image.begin(), image.begin() + 100));
        std::vector<std::uint8_t> flipped = image;
        flipped[image.size() - 5] ^= 0x10;  // in the tokens
        damages.push_back(flipped);
        std::vector<std::uint8_t> garbage(5000);
        for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = std::uint8_t(i * 131 + 7);
        damages.push_back(garbage);

        for (const auto& damaged : damages) {
            writeFileBytes(path, damaged);
            TokenCacheReport report;
            const Dataset d = open(f, tokenizer, &report);
            QVERIFY(!report.rebuiltBecause.empty());
            QCOMPARE(report.reused, std::size_t(0));
            QCOMPARE(report.analyzed, std::size_t(5));
            QVERIFY(report.written);
            QCOMPARE(d.pieces().size(), fresh.pieces().size());
            QCOMPARE(d.errors().size(), fresh.errors().size());
            expectTokensOf(d, f, tokenizer);
            QCOMPARE(fileBytes(path), image);  // rebuilt to the same bytes
        }
    }

    // Images whose checksums match but whose fields lie are refused by the structural checks.
    void forgedImagesAreRefused() {
        Folder f;
        fill(f);
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        open(f, tokenizer);
        const std::vector<std::uint8_t> image = fileBytes(cacheFile(f, tokenizer));
        const TokenCacheKey key = tokenCacheKey(tokenizer);
        auto get64 = [](const std::vector<std::uint8_t>& b, std::size_t at) {
            std::uint64_t v;
            std::memcpy(&v, b.data() + at, 8);
            return v;
        };
        auto set32 = [](std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) { std::memcpy(b.data() + at, &v, 4); };
        auto set64 = [](std::vector<std::uint8_t>& b, std::size_t at, std::uint64_t v) { std::memcpy(b.data() + at, &v, 8); };
        // Header fields (TokenCacheFormat.cpp): counts at 56.., offsets at 88.., sums at 128, 136, 152.
        const std::size_t streamsOffset = get64(image, 96), tokensOffset = get64(image, 112);
        auto forge = [&](std::vector<std::uint8_t> b) {
            set64(b, 128, tokenCacheChecksum(b.data() + 160, tokensOffset - 160));
            set64(b, 136, tokenCacheChecksum(b.data() + tokensOffset, b.size() - tokensOffset));
            set64(b, 152, tokenCacheChecksum(b.data(), 152));
            return b;
        };
        TokenCacheContents contents;
        std::string reason;
        const auto unchanged = forge(image);
        QVERIFY2(parseTokenCache(unchanged.data(), unchanged.size(), key, &contents, &reason), reason.c_str());

        struct Case {
            const char* what;
            std::function<void(std::vector<std::uint8_t>&)> change;
            const char* expected;
        };
        const std::vector<Case> cases = {
            {"huge piece count", [&](auto& b) { set64(b, 56, ~0ull); }, "counts larger"},
            {"huge token count", [&](auto& b) { set64(b, 72, ~0ull >> 1); }, "counts larger"},
            {"one more stream", [&](auto& b) { set64(b, 64, get64(b, 64) + 1); }, "offsets"},
            {"moved strings", [&](auto& b) { set64(b, 104, get64(b, 104) + 8); }, "offsets"},
            {"path outside strings", [&](auto& b) { set64(b, 160, 1ull << 40); }, "outside the strings"},
            {"long message", [&](auto& b) { set32(b, 160 + 12, 0xffffffffu); }, "outside the strings"},
            {"stream count", [&](auto& b) { set32(b, 160 + 132, 1000); }, "inconsistent streams"},
            {"first stream", [&](auto& b) { set32(b, 160 + 128, 1); }, "inconsistent streams"},
            {"usable flag", [&](auto& b) { set32(b, 160 + 136, 7); }, "bad flag"},
            {"stream past tokens", [&](auto& b) { set64(b, streamsOffset, 1ull << 50); }, "outside the tokens"},
            {"stream length", [&](auto& b) { set64(b, streamsOffset + 8, get64(b, streamsOffset + 8) + 1); }, "miscounts"},
            {"id out of vocabulary", [&](auto& b) { b[tokensOffset] = 0xff; b[tokensOffset + 1] = 0xff; }, "outside the vocabulary"},
        };
        for (const auto& c : cases) {
            std::vector<std::uint8_t> b = image;
            c.change(b);
            b = forge(b);
            QVERIFY2(!parseTokenCache(b.data(), b.size(), key, &contents, &reason), c.what);
            QVERIFY2(reason.find(c.expected) != std::string::npos, (std::string(c.what) + ": " + reason).c_str());
        }
    }

    void eachConfigurationHasItsOwnCache() {
        Folder f;
        fill(f);
        const remi::RemiTokenizer plain{remi::TokenizerConfig()};
        const remi::RemiTokenizer rich{remi::TokenizerConfig::rich()};
        QVERIFY(cacheFile(f, plain) != cacheFile(f, rich));
        TokenCacheReport report;
        open(f, plain, &report);
        QCOMPARE(report.analyzed, std::size_t(5));
        const Dataset r = open(f, rich, &report);
        QCOMPARE(report.analyzed, std::size_t(5));
        QVERIFY(report.rebuiltBecause.empty());
        expectTokensOf(r, f, rich);
        for (const auto& p : r.pieces()) QCOMPARE(p.record.streamCount, 1u);
        open(f, plain, &report);
        QCOMPARE(report.reused, std::size_t(5));
        open(f, rich, &report);
        QCOMPARE(report.reused, std::size_t(5));

        // A cache renamed to another configuration's name is refused by its header.
        std::filesystem::copy_file(cacheFile(f, rich), cacheFile(f, plain),
                                   std::filesystem::copy_options::overwrite_existing);
        open(f, plain, &report);
        QVERIFY(report.rebuiltBecause.find("another tokenizer configuration") != std::string::npos);
    }

    void unwritableCacheStillOpens() {
        Folder f;
        fill(f);
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        tiny::writeBytes(f.cache(), "a file where the cache folder should be");
        TokenCacheReport report;
        const Dataset d = open(f, tokenizer, &report);
        QVERIFY(!report.writeError.empty());
        QVERIFY(!report.written);
        QVERIFY(!d.store()->isMapped());
        QCOMPARE(d.pieces().size(), std::size_t(4));
        expectTokensOf(d, f, tokenizer);

        TokenCacheOptions none;
        none.threads = 1;
        none.cancel = nullptr;
        DatasetOpenResult memory = Dataset::open(f.root(), tokenizer, none);  // no cache folder at all
        QVERIFY(memory.dataset);
        QVERIFY(memory.cache.cacheFile.empty());
        QCOMPARE(memory.dataset->pieces().size(), std::size_t(4));
    }

    void progressIsSerialAndCancelResumes() {
        Folder f;
        for (int i = 0; i < 12; ++i) tiny::write(f.file("L/" + std::to_string(100 + i) + ".mid"), tiny::melody(i, 50));
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};

        std::atomic<bool> inside{false}, overlapped{false}, cancel{false};
        std::vector<std::size_t> done;
        std::set<std::string> seen;
        std::size_t expectedTotal = 12;
        bool totalsRight = true;
        TokenCacheOptions o = options(f, 3);
        o.cancel = &cancel;
        o.progress = [&](const ScanProgress& p) {
            if (inside.exchange(true)) overlapped = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            done.push_back(p.done);
            seen.insert(p.file);
            totalsRight = totalsRight && p.total == expectedTotal;
            if (p.done == 5) cancel = true;
            inside = false;
        };
        DatasetOpenResult r = Dataset::open(f.root(), tokenizer, o);
        QVERIFY(!overlapped);
        QVERIFY(!r.dataset);
        QVERIFY(r.cache.cancelled);
        QVERIFY(r.cache.analyzed >= 5 && r.cache.analyzed < 12);
        for (std::size_t i = 0; i < done.size(); ++i) QCOMPARE(done[i], i + 1);
        QCOMPARE(seen.size(), done.size());
        QVERIFY(r.cache.written);  // the finished part is kept

        const std::size_t finished = r.cache.analyzed;
        QVERIFY(totalsRight);
        cancel = false;
        done.clear();
        expectedTotal = 12 - finished;
        r = Dataset::open(f.root(), tokenizer, o);
        QVERIFY(r.dataset);
        QCOMPARE(r.cache.reused, finished);
        QCOMPARE(r.cache.analyzed, 12 - finished);
        QCOMPARE(done.size(), 12 - finished);
        QVERIFY(totalsRight);
        QVERIFY(!overlapped);
        QCOMPARE(r.dataset->pieces().size(), std::size_t(12));
    }

    void wideIdsForLargeVocabularies() {
        // Through the format directly: a vocabulary of 70000 forces uint32 ids.
        TokenCacheKey key;
        key.vocabularySize = 70000;
        key.configDigest[3] = 7;
        TokenCacheImageBuilder builder(key);
        PieceRecord r;
        r.relativePath = "x.mid";
        r.usable = true;
        r.noteCount = 3;
        const std::vector<std::int32_t> ids{0, 65535, 65536, 69999};
        builder.addPiece(r, {TokenSpan(reinterpret_cast<const std::uint8_t*>(ids.data()), ids.size(), 4)});
        const auto image = builder.finish();
        TokenCacheContents contents;
        std::string reason;
        QVERIFY2(parseTokenCache(image.data(), image.size(), key, &contents, &reason), reason.c_str());
        QCOMPARE(contents.width, 4);
        const TokenSpan span(contents.tokens + contents.streams[0].offset * 4, std::size_t(contents.streams[0].length), 4);
        QVERIFY(span.toVector() == ids);

        TokenCacheKey small = key;
        small.vocabularySize = 69999;  // id 69999 would be out of range (and the width differs)
        QVERIFY(!parseTokenCache(image.data(), image.size(), small, &contents, &reason));
    }
};

QTEST_APPLESS_MAIN(TestTokenCache)
#include "tst_tokencache.moc"
