// Data-parallel `mozart train` over c10d/Gloo on 127.0.0.1, as a user runs it, on a tiny MIDI folder
// and a tiny model (dropout off): two processes give the weights one process gives with the
// combined batch; a killed worker ends the run with a message naming its rank (no hang) and
// --resume goes on from the last checkpoint; garbage sent to the store port stops the run with a
// message; the shards of a batch are the combined batch's rows. Ports are found free by binding
// port 0; everything listens on 127.0.0.1 only.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <set>

#include "CliRun.h"

#include "../core/TinyMidiFolder.h"
#include <ATen/ATen.h>

#include "model/ModelFile.h"
#include "train/TrainingCorpus.h"

namespace {

const char* kTinyModel =
    R"({"vocab_size": 284, "width": 32, "heads": 4, "layers": 2, "feed_forward": 64, "max_context": 32,
        "conditioning_labels": 2, "dropout": 0.0})";

// Weights after 4 steps move by ~1e-3..1e-2 (lr 1e-3, no warm-up); two processes differ from one
// only in the order float32 sums are taken (per-rank partial sums, then the all-reduce).
constexpr double kTolerance = 2e-5;

QStringList common(const QString& data, const QString& out, const QString& model) {
    return {"train", "--data", data, "--out", out, "--no-cache", "--split", "0.7,0.3,0", "--seq", "32",
            "--threads", "1", "--model-config", model, "--lr", "1e-3", "--warmup", "0", "--validate-every", "0"};
}

double maxDifference(const QString& a, const QString& b) {
    const auto x = mozart::model::ModelFile::load(a.toStdString());
    const auto y = mozart::model::ModelFile::load(b.toStdString());
    if (!x || !y) return INFINITY;
    double worst = 0;
    const auto& p = x.model->namedParameters();
    const auto& q = y.model->namedParameters();
    if (p.size() != q.size()) return INFINITY;
    for (std::size_t i = 0; i < p.size(); ++i)
        worst = std::max(worst, (p[i].tensor - q[i].tensor).abs().max().item<double>());
    return worst;
}

QList<QJsonObject> events(const QString& run);

// The "step" events' `key` in step order.
QList<double> stepValues(const QString& run, const char* key);

QList<QJsonObject> events(const QString& run) {
    QFile f(run + "/metrics.jsonl");
    QList<QJsonObject> out;
    if (!f.open(QIODevice::ReadOnly)) return out;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (!line.isEmpty()) out << QJsonDocument::fromJson(line).object();
    return out;
}

QList<double> stepValues(const QString& run, const char* key) {
    QList<double> out;
    for (const auto& e : events(run))
        if (e["event"] == "step") out << e[key].toDouble();
    return out;
}

// Waits until metrics.jsonl has an event `kind` at `minStep` or later (up to two minutes).
bool waitForEvent(const QString& run, const QString& kind, int minStep) {
    for (int i = 0; i < 1200; ++i) {
        for (const auto& e : events(run))
            if (e["event"].toString() == kind && e["step"].toInt() >= minStep) return true;
        QThread::msleep(100);
    }
    return false;
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t n = sizeof a;
    int port = -1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n) == 0)
        port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

// The worker of a `--nproc` launcher with RANK=rank in its environment.
pid_t workerOf(qint64 launcher, int rank) {
    QFile children(QString("/proc/%1/task/%1/children").arg(launcher));
    if (!children.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& pid : children.readAll().simplified().split(' ')) {
        QFile env("/proc/" + pid + "/environ");
        if (env.open(QIODevice::ReadOnly) && env.readAll().split('\0').contains("RANK=" + QByteArray::number(rank)))
            return pid_t(pid.toLongLong());
    }
    return -1;
}

struct Background {
    QProcess process;
    void start(const QStringList& args) {
        process.start(QStringLiteral(MOZART_CLI_PATH), args);
        process.waitForStarted();
    }
    clitest::Run finish() {
        clitest::Run r;
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            return r;
        }
        r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        r.out = QString::fromUtf8(process.readAllStandardOutput());
        r.err = QString::fromUtf8(process.readAllStandardError());
        return r;
    }
};

}  // namespace

class TestDistributedTrain : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_, model_;

private Q_SLOTS:
    void initTestCase() {
        for (int i = 0; i < 12; ++i)
            tiny::write(tiny::path(dir_, QString("midi/%1/p%2.mid").arg(i % 2 ? "Mozart" : "Haydn").arg(i)),
                        tiny::melody(i, 48 + 8 * i));
        data_ = dir_.path() + "/midi";
        model_ = dir_.path() + "/tiny.json";
        QFile f(model_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kTinyModel);
    }

    // Rank r of 2 reads rows [2r, 2r + 2) of each 4-row batch: together exactly the combined
    // batch's rows (and augmentation), and over an epoch every window once.
    void shardsMakeTheCombinedBatch() {
        mozart::train::CorpusOptions o;
        o.folder = data_.toStdString();
        o.split.train = 0.7;
        o.split.validation = 0.3;
        o.split.test = 0;
        o.windowLength = 32;
        std::string error;
        auto corpus = mozart::train::TrainingCorpus::open(o, &error);
        QVERIFY2(corpus, error.c_str());
        mozart::data::AugmentationConfig shifts;
        shifts.maxTranspose = 3;
        auto one = corpus->sampler(mozart::data::DatasetPart::Train, 4, 7, &error, shifts);
        auto half = corpus->sampler(mozart::data::DatasetPart::Train, 2, 7, &error, shifts);
        QVERIFY2(one && half, error.c_str());
        const auto shard0 = half->sharded(0, 2), shard1 = half->sharded(1, 2);
        QCOMPARE(shard0.batchesPerEpoch(), one->batchesPerEpoch());
        QVERIFY(one->batchesPerEpoch() >= 3);
        const std::size_t L = one->rowLength();
        std::set<std::size_t> seen;
        for (std::size_t b = 0; b < one->batchesPerEpoch(); ++b) {
            std::vector<std::int64_t> all(4 * L), a(2 * L), c(2 * L);
            one->fillBatch(1, b, all.data(), nullptr);
            shard0.fillBatch(1, b, a.data(), nullptr);
            shard1.fillBatch(1, b, c.data(), nullptr);
            a.insert(a.end(), c.begin(), c.end());
            QVERIFY(a == all);
            for (auto w : shard0.batchWindows(1, b)) QVERIFY(seen.insert(w).second);
            for (auto w : shard1.batchWindows(1, b)) QVERIFY(seen.insert(w).second);
        }
    }

    void sameWeightsAsOneProcess() {
        const QString one = dir_.path() + "/one", two = dir_.path() + "/two";
        const QStringList steps{"--steps", "4", "--checkpoint-every", "2"};
        auto r = clitest::runMozart(common(data_, one, model_) + steps + QStringList{"--batch", "4"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = clitest::runMozart(common(data_, two, model_) + steps + QStringList{"--batch", "2", "--nproc", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("effective batch is 2 x 2 = 4 rows"), qPrintable(r.err));
        const double same = maxDifference(one + "/checkpoints/step-4/model.safetensors",
                                          two + "/checkpoints/step-4/model.safetensors");
        const double moved = maxDifference(one + "/checkpoints/step-2/model.safetensors",
                                           one + "/checkpoints/step-4/model.safetensors");
        qInfo("max |w(2 processes) - w(1 process)| = %.3g after 4 steps; two steps move weights by %.3g", same, moved);
        QVERIFY2(same <= kTolerance, qPrintable(QString::number(same)));
        QVERIFY(moved > 20 * kTolerance);  // the comparison can fail
        // The loss and the gradient norm are the combined batch's (AdamW would hide a gradient off by
        // a constant factor; these would not).
        const auto loss1 = stepValues(one, "loss"), loss2 = stepValues(two, "loss");
        const auto norm1 = stepValues(one, "grad_norm"), norm2 = stepValues(two, "grad_norm");
        QCOMPARE(loss2.size(), 4);
        for (int i = 0; i < 4; ++i) {
            QVERIFY2(std::abs(loss1[i] - loss2[i]) < 1e-5, qPrintable(QString("%1 vs %2").arg(loss1[i]).arg(loss2[i])));
            QVERIFY2(std::abs(norm1[i] - norm2[i]) < 1e-5 * norm1[i], qPrintable(QString("%1 vs %2").arg(norm1[i]).arg(norm2[i])));
        }

        // Rank 0 alone wrote the metrics, in the usual format plus the data-parallel fields.
        QList<int> stepNumbers;
        for (const auto& e : events(two)) {
            if (e["event"] != "step") continue;
            stepNumbers << e["step"].toInt();
            QCOMPARE(e["world_size"].toInt(), 2);
            QCOMPARE(e["rank_tokens_per_second"].toArray().size(), 2);
            QVERIFY(e["allreduce_seconds"].toDouble() >= 0);
            QVERIFY(e["communication_share"].toDouble() >= 0 && e["communication_share"].toDouble() <= 1);
            QVERIFY(e.contains("loss") && e.contains("tokens_per_second") && e.contains("lr"));
        }
        QCOMPARE(stepNumbers, (QList<int>{1, 2, 3, 4}));
        // Validation covers the same windows as the single process (combined batch per rank).
        auto validation = [](const QString& run) {
            double loss = -1;
            for (const auto& e : events(run))
                if (e["event"] == "validation") loss = e["loss"].toDouble();
            return loss;
        };
        QVERIFY(validation(one) > 0);
        QVERIFY2(std::abs(validation(one) - validation(two)) < 1e-4,
                 qPrintable(QString("%1 vs %2").arg(validation(one)).arg(validation(two))));
    }

    // Dropout on: the ranks draw other masks than one process would, so the curves differ by noise
    // only (measured: at most 0.006 per step while the loss falls by ~0.28 in 20 steps).
    void dropoutLossCurveClose() {
        QFile f(dir_.path() + "/dropout.json");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(kTinyModel).replace("\"dropout\": 0.0", "\"dropout\": 0.1"));
        f.close();
        const QString one = dir_.path() + "/drop1", two = dir_.path() + "/drop2";
        const QStringList steps{"--steps", "20", "--checkpoint-every", "0"};
        auto r = clitest::runMozart(common(data_, one, f.fileName()) + steps + QStringList{"--batch", "4"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = clitest::runMozart(common(data_, two, f.fileName()) + steps + QStringList{"--batch", "2", "--nproc", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto a = stepValues(one, "loss"), b = stepValues(two, "loss");
        QCOMPARE(a.size(), 20);
        QCOMPARE(b.size(), 20);
        double worst = 0, lateA = 0, lateB = 0;
        for (int i = 0; i < 20; ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
        for (int i = 10; i < 20; ++i) lateA += a[i] / 10, lateB += b[i] / 10;
        qInfo("dropout 0.1: max per-step loss difference %.4f; loss %.3f -> %.3f (1 process), %.3f -> %.3f (2)", worst,
              a[0], lateA, b[0], lateB);
        QVERIFY(a[0] - lateA > 0.1);  // the model learned: the curves have a shape to compare
        QVERIFY2(worst < 0.03, qPrintable(QString::number(worst)));
        QVERIFY(std::abs(lateA - lateB) < 0.02);
    }

    void killedWorkerThenResume() {
        const QString run = dir_.path() + "/killed";
        Background b;
        b.start(common(data_, run, model_) + QStringList{"--batch", "2", "--nproc", "2", "--steps", "1000000",
                                                         "--checkpoint-every", "5", "--dist-timeout", "30"});
        QVERIFY(waitForEvent(run, "checkpoint", 5));
        const pid_t rank1 = workerOf(b.process.processId(), 1);
        QVERIFY(rank1 > 0);
        ::kill(rank1, SIGKILL);
        const auto r = b.finish();
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("worker rank 1 of 2 was killed by signal 9"), qPrintable(r.err));
        QVERIFY2(r.err.contains("rank 0:") && r.err.contains("rank 1"), qPrintable(r.err));

        int last = 0;
        for (const auto& e : events(run))
            if (e["event"] == "checkpoint" && e["folder"] == "last") last = std::max(last, e["step"].toInt());
        QVERIFY(last >= 5);
        QVERIFY(mozart::model::ModelFile::load((run + "/last/model.safetensors").toStdString()));
        const auto again = clitest::runMozart(common(data_, run, model_) +
                                              QStringList{"--nproc", "2", "--resume", "--steps", QString::number(last + 2)});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains(QString("after %1 steps (2 in this session)").arg(last + 2)), qPrintable(again.out));
    }

    void resumeWithAnotherWorldSize() {
        const QString run = dir_.path() + "/regrow";
        auto r = clitest::runMozart(common(data_, run, model_) + QStringList{"--batch", "2", "--nproc", "2", "--steps", "3"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = clitest::runMozart(common(data_, run, model_) + QStringList{"--resume", "--steps", "5"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("made by 2 processes, this run has 1") && r.err.contains("2 x 1 = 2 rows"),
                 qPrintable(r.err));
        QVERIFY2(r.out.contains("after 5 steps (2 in this session)"), qPrintable(r.out));
    }

    void garbageOnTheStorePort() {
        const QString run = dir_.path() + "/stranger";
        const int port = freePort();
        QVERIFY(port > 0);
        const QString master = QString("127.0.0.1:%1").arg(port);
        Background rank0, rank1;
        const QStringList args = common(data_, run, model_) +
                                 QStringList{"--batch", "2", "--world-size", "2", "--master", master, "--steps", "1000000",
                                             "--checkpoint-every", "0", "--dist-timeout", "30"};
        rank0.start(args + QStringList{"--rank", "0"});
        rank1.start(args + QStringList{"--rank", "1"});
        QVERIFY(waitForEvent(run, "step", 2));
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(quint16(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QVERIFY(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        const QByteArray garbage(256, char(0xA5));
        QVERIFY(::write(fd, garbage.constData(), std::size_t(garbage.size())) > 0);
        const auto r0 = rank0.finish();
        const auto r1 = rank1.finish();
        ::close(fd);
        QCOMPARE(r0.exitCode, 1);
        QVERIFY2(r0.err.contains("reached the store port") && r0.err.contains("trusted network"), qPrintable(r0.err));
        QCOMPARE(r1.exitCode, 1);
        QVERIFY2(r1.err.contains("rank 1"), qPrintable(r1.err));
    }
};

QTEST_GUILESS_MAIN(TestDistributedTrain)
#include "tst_distributedtrain.moc"
