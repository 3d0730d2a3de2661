// MetricsFollower: a writer appends metrics.jsonl lines (as MetricsLog does) while the follower
// polls; a half-written last line is not read until its newline arrives, then it is; a rewritten
// (resumed) file restarts the reading; garbage and over-long lines are skipped.
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>
#include <string>

#include "train/MetricsFollower.h"
#include "train/MetricsLog.h"

#include <nlohmann/json.hpp>

using mozart::train::MetricsEvent;
using mozart::train::MetricsFollower;

namespace {

void append(const std::string& path, const std::string& bytes) {
    std::FILE* f = std::fopen(path.c_str(), "ab");
    QVERIFY(f);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
}

std::string stepLine(int step, double loss) {
    return nlohmann::json{{"event", "step"}, {"step", step}, {"loss", loss}, {"lr", 1e-3}, {"grad_norm", 0.5},
                          {"tokens", 100}, {"tokens_per_second", 1000.0}, {"elapsed", step * 0.1}}
               .dump() +
           "\n";
}

}  // namespace

class TestMetricsFollower : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void followsAGrowingFileWithAHalfWrittenLine() {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/metrics.jsonl").toStdString();
        MetricsFollower follower(path);
        auto p = follower.poll();  // no file yet: nothing, no error
        QVERIFY(p.events.empty() && p.error.empty() && !p.restarted);

        append(path, R"({"event":"started","step":0,"max_steps":40,"max_minutes":0.5})" "\n" + stepLine(1, 5.5) + stepLine(2, 5.25));
        p = follower.poll();
        QCOMPARE(int(p.events.size()), 3);
        QCOMPARE(p.events[0].kind, MetricsEvent::Kind::Started);
        QCOMPARE(p.events[0].maxSteps, std::int64_t(40));
        QCOMPARE(p.events[0].maxMinutes, 0.5);
        QCOMPARE(p.events[1].kind, MetricsEvent::Kind::Step);
        QCOMPARE(p.events[2].step, std::int64_t(2));
        QCOMPARE(p.events[2].loss, 5.25);
        QCOMPARE(p.events[2].tokensSeen, std::int64_t(200));

        // Half of a line: nothing yet, not even a broken event.
        const std::string third = stepLine(3, 4.875);
        append(path, third.substr(0, third.size() / 2));
        p = follower.poll();
        QVERIFY(p.events.empty());
        QVERIFY(follower.offset() > 0);
        // The rest, and a validation after it.
        append(path, third.substr(third.size() / 2) +
                         R"({"event":"validation","step":3,"loss":4.5,"perplexity":90.0,"accuracy":0.25,"tokens":64,"best":true})"
                         "\n");
        p = follower.poll();
        QCOMPARE(int(p.events.size()), 2);
        QCOMPARE(p.events[0].step, std::int64_t(3));
        QCOMPARE(p.events[0].loss, 4.875);
        QCOMPARE(p.events[0].learningRate, 1e-3);
        QCOMPARE(p.events[0].tokensSeen, std::int64_t(300));
        QCOMPARE(p.events[1].kind, MetricsEvent::Kind::Validation);
        QCOMPARE(p.events[1].perplexity, 90.0);
        QCOMPARE(p.events[1].accuracy, 0.25);
        QVERIFY(p.events[1].best);
        QVERIFY(follower.poll().events.empty());
    }

    void skipsGarbageAndOverlongLines() {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/metrics.jsonl").toStdString();
        append(path, "not json\n[1,2]\n{\"no_event\":1}\n" + std::string(MetricsFollower::kMaxLineBytes + 10, 'x') +
                         "\n" + stepLine(1, 2.0));
        MetricsFollower follower(path);
        const auto p = follower.poll();
        QCOMPARE(int(p.events.size()), 1);
        QCOMPARE(p.events[0].loss, 2.0);
    }

    // A resumed run rewrites the file (MetricsLog::open with keepUpToStep) through a rename.
    void restartsWhenTheFileIsRewritten() {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/metrics.jsonl").toStdString();
        append(path, stepLine(1, 3.0) + stepLine(2, 2.5) + stepLine(3, 2.0));
        MetricsFollower follower(path);
        QCOMPARE(int(follower.poll().events.size()), 3);
        mozart::train::MetricsLog log;
        std::string error;
        QVERIFY2(log.open(path, 2, &error), error.c_str());
        log.append(nlohmann::json::parse(stepLine(3, 1.5)));
        log.close();
        const auto p = follower.poll();
        QVERIFY(p.restarted);
        QCOMPARE(int(p.events.size()), 3);
        QCOMPARE(p.events[2].loss, 1.5);
        QCOMPARE(p.events[2].tokensSeen, std::int64_t(300));
    }
};

QTEST_GUILESS_MAIN(TestMetricsFollower)
#include "tst_metricsfollower.moc"
