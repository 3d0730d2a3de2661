// TrainingSession on a tiny generated corpus: the run folder's files, bounded step checkpoints,
// a resumed run that repeats the uninterrupted run's losses bit for bit, a save killed at random
// moments that leaves the previous checkpoint loadable, a whole run killed with SIGKILL that resumes
// exactly, bad state files refused with the file named, pause/resume/cancel from another thread,
// the structure mask never forbidding the data's own next token, and LoRA (only adapters change, file round trip, merged == overridden).
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include "TrainingFixture.h"
#include "io/AtomicFile.h"
#include "model/LoraAdapters.h"
#include "model/ModelFile.h"
#include "model/TensorFile.h"
#include "remi/RemiGrammar.h"
#include "remi/Vocabulary.h"
#include "train/StructureMask.h"
#include "train/TrainingSession.h"
#include "train/TrainingStepper.h"

using namespace mozart;
using namespace mozart::train;
namespace fs = std::filesystem;

namespace {

struct Run {
    std::vector<double> losses;  // by step event order
    TrainingSummary summary;
    std::optional<std::string> openError;
};

TrainingData dataFor(const TrainingCorpus& corpus, const TrainerConfig& c) {
    TrainingData d;
    std::string error;
    d.train = corpus.sampler(data::DatasetPart::Train, std::size_t(c.batchSize), c.seed, &error);
    d.validation = corpus.sampler(data::DatasetPart::Validation, std::size_t(c.batchSize), c.seed, &error);
    return d;
}

Run trainRun(const TrainingCorpus& corpus, const std::string& folder, const TrainerConfig& c, bool resume) {
    RunSetup setup;
    setup.folder = folder;
    setup.resume = resume;
    setup.description.tokenizerConfig = corpus.tokenizer().config().toMidiTokJson();
    setup.description.labels = corpus.labels();
    Run run;
    TrainingEvents events;
    events.onStep = [&](const StepEvent& e) { run.losses.push_back(e.loss); };
    model::Transformer m(trainfix::tinyModel(std::int64_t(remi::Vocabulary(corpus.tokenizer().config()).size()),
                                             std::int64_t(corpus.labels().size())),
                         5);
    TrainingSession session(std::move(m), c, dataFor(corpus, c), setup, events);
    run.openError = session.open();
    if (run.openError) return run;
    run.summary = session.run();
    return run;
}

std::vector<std::string> stepFolders(const std::string& run) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(fs::path(run) / "checkpoints")) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

class TestTrainingSession : public QObject {
    Q_OBJECT
    QTemporaryDir midi_;
    std::optional<TrainingCorpus> corpus_;

private Q_SLOTS:
    void initTestCase() {
        at::set_num_threads(1);
        trainfix::writeFolder(midi_);
        corpus_.emplace(trainfix::openCorpus(midi_.path().toStdString()));
        QVERIFY(corpus_->windows(data::DatasetPart::Train)->size() >= 8);
        QVERIFY(corpus_->windows(data::DatasetPart::Validation)->size() >= 1);
    }

    void runFolderFiles() {
        QTemporaryDir out;
        const std::string folder = out.path().toStdString() + "/run";
        auto c = trainfix::tinyTrainer();
        c.checkpointEvery = 2;
        Run r = trainRun(*corpus_, folder, c, false);
        QVERIFY2(!r.openError, r.openError ? r.openError->c_str() : "");
        QVERIFY2(r.summary.reason == StopReason::StepsDone, r.summary.error.c_str());
        QCOMPARE(r.summary.steps, std::int64_t(8));
        QCOMPARE(r.losses.size(), std::size_t(8));
        QVERIFY(std::isfinite(r.summary.bestValidationLoss));
        QCOMPARE(stepFolders(folder), (std::vector<std::string>{"step-6", "step-8"}));  // keep 2
        for (const char* name : {"best", "last"}) {
            auto loaded = model::ModelFile::load(folder + "/" + name + "/model.safetensors");
            QVERIFY2(loaded, loaded.error ? loaded.error->toString().c_str() : "");
            QCOMPARE(loaded.info.labels, corpus_->labels());
            QVERIFY(!loaded.info.tokenizerConfig.empty());
        }
        QCOMPARE(model::ModelFile::load(folder + "/last/model.safetensors").info.notes.at("step"), std::string("8"));
        // metrics.jsonl: one JSON object a line, with the step and validation events.
        std::string text, error;
        QVERIFY(io::readWholeFile(folder + "/metrics.jsonl", &text, &error));
        std::istringstream in(text);
        std::string line;
        int steps = 0, validations = 0;
        while (std::getline(in, line)) {
            const auto j = nlohmann::json::parse(line);
            steps += j["event"] == "step";
            validations += j["event"] == "validation";
        }
        QCOMPARE(steps, 8);
        QCOMPARE(validations, 2);
        QVERIFY(fs::exists(folder + "/config.json"));
        // A second fresh run into the same folder is refused.
        Run again = trainRun(*corpus_, folder, c, false);
        QVERIFY(again.openError && again.openError->find("already holds a training run") != std::string::npos);
    }

    void resumeRepeatsTheSameLosses() {
        QTemporaryDir out;
        auto c = trainfix::tinyTrainer();
        Run whole = trainRun(*corpus_, out.path().toStdString() + "/whole", c, false);
        QCOMPARE(whole.losses.size(), std::size_t(8));
        auto half = c;
        half.maxSteps = 4;
        const std::string split = out.path().toStdString() + "/split";
        Run first = trainRun(*corpus_, split, half, false);
        QCOMPARE(first.summary.steps, std::int64_t(4));
        Run second = trainRun(*corpus_, split, c, true);
        QVERIFY2(!second.openError, second.openError ? second.openError->c_str() : "");
        QCOMPARE(second.losses.size(), std::size_t(4));
        for (int i = 0; i < 4; ++i) {
            // Exact equality (QCOMPARE would compare doubles fuzzily).
            QVERIFY(first.losses[std::size_t(i)] == whole.losses[std::size_t(i)]);
            QVERIFY2(second.losses[std::size_t(i)] == whole.losses[std::size_t(i + 4)],
                     qPrintable(QString("step %1: %2 vs %3").arg(i + 5).arg(second.losses[std::size_t(i)], 0, 'g', 17)
                                    .arg(whole.losses[std::size_t(i + 4)], 0, 'g', 17)));
        }
        // The resumed run's metrics continue the same history (no duplicate steps).
        std::string text, error;
        QVERIFY(io::readWholeFile(split + "/metrics.jsonl", &text, &error));
        std::istringstream in(text);
        std::string line;
        std::vector<std::int64_t> steps;
        while (std::getline(in, line)) {
            const auto j = nlohmann::json::parse(line);
            if (j["event"] == "step") steps.push_back(j["step"].get<std::int64_t>());
        }
        QCOMPARE(steps, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
    }

    void killedSaveLeavesThePreviousCheckpoint() {
        QTemporaryDir out;
        const std::string run = out.path().toStdString() + "/run";
        auto c = trainfix::tinyTrainer();
        c.maxSteps = 2;
        QVERIFY(!trainRun(*corpus_, run, c, false).openError);
        // A child process saves `last` over and over; it is killed at random moments.
        model::Transformer m(trainfix::tinyModel(std::int64_t(remi::Vocabulary(corpus_->tokenizer().config()).size())), 9);
        std::mt19937 rng(3);
        for (int round = 0; round < 6; ++round) {
            const pid_t child = ::fork();
            QVERIFY(child >= 0);
            if (child == 0) {
                AdamW opt(m.namedParameters(), {});
                TrainerState state;
                state.step = 100 + round;
                for (;;) saveCheckpoint(run + "/last", m, opt, state, {"{}", {}, {}}, nullptr);
            }
            // Kill it only once it has replaced `last` at least once (its step is 100 + round), so
            // the kill lands in a later save and the test shows which checkpoint survives.
            const std::string childStep = std::to_string(100 + round);
            bool childSaved = false;
            for (int wait = 0; wait < 6000 && !childSaved; ++wait) {
                const auto seen = model::ModelFile::inspect(run + "/last/model.safetensors", {});
                childSaved = seen && seen.info.notes.count("step") && seen.info.notes.at("step") == childStep;
                if (!childSaved) std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(1, 60)(rng)));
            ::kill(child, SIGKILL);
            int status = 0;
            ::waitpid(child, &status, 0);
            QVERIFY2(childSaved, "the child never completed a save within 60 s");
            auto loaded = model::ModelFile::load(run + "/last/model.safetensors");
            QVERIFY2(loaded, loaded.error ? loaded.error->toString().c_str() : "");
            AdamW opt(loaded.model->namedParameters(), {});
            TrainerState state;
            const auto err = loadTrainerState(run + "/last", opt, state, model::modelFingerprint(*loaded.model));
            QVERIFY2(!err, err ? err->c_str() : "");
            // Whole, and the child's: the model and the state of one and the same save.
            QCOMPARE(state.step, std::int64_t(100 + round));
            QCOMPARE(loaded.info.notes.at("step"), childStep);
        }
        removeStaleTemporaries(run);
        for (const auto& e : fs::directory_iterator(run))
            QVERIFY2(e.path().filename().string().find(".tmp-") == std::string::npos, e.path().c_str());
    }

    void killedRunResumesExactly() {
        // A run killed with SIGKILL at a random moment (between steps, or inside a checkpoint save)
        // resumes from its last checkpoint and ends with the uninterrupted run's losses, step for step,
        // with one metrics line per step.
        QTemporaryDir out;
        auto c = trainfix::tinyTrainer();
        c.checkpointEvery = 1;
        const Run whole = trainRun(*corpus_, out.path().toStdString() + "/whole", c, false);
        QCOMPARE(whole.losses.size(), std::size_t(8));
        std::mt19937 rng(11);
        int killedMidRun = 0;
        for (int round = 0; round < 3; ++round) {
            const std::string run = out.path().toStdString() + "/killed" + std::to_string(round);
            const pid_t child = ::fork();
            QVERIFY(child >= 0);
            if (child == 0) {
                // The same run, slowed down between steps so that the kill lands in the middle of it.
                RunSetup setup;
                setup.folder = run;
                setup.description.tokenizerConfig = corpus_->tokenizer().config().toMidiTokJson();
                setup.description.labels = corpus_->labels();
                TrainingEvents events;
                events.onStep = [](const StepEvent&) { std::this_thread::sleep_for(std::chrono::milliseconds(40)); };
                model::Transformer m(trainfix::tinyModel(std::int64_t(remi::Vocabulary(corpus_->tokenizer().config()).size()),
                                                         std::int64_t(corpus_->labels().size())),
                                     5);
                TrainingSession session(std::move(m), c, dataFor(*corpus_, c), setup, events);
                if (!session.open()) session.run();
                ::_exit(0);
            }
            // Kill after step 1, 3 or 5 was logged and saved once, plus a random moment (often inside a save).
            const std::size_t target = std::size_t(1 + 2 * round);
            for (int i = 0; i < 4000; ++i) {
                std::string log, ignored;
                io::readWholeFile(run + "/metrics.jsonl", &log, &ignored);
                std::size_t logged = 0;
                const std::string mark = "\"event\":\"step\"";
                for (std::size_t at = log.find(mark); at != std::string::npos; at = log.find(mark, at + 1)) ++logged;
                if (logged >= target && fs::exists(run + "/last")) break;  // a checkpoint to resume from
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 40)(rng)));
            ::kill(child, SIGKILL);
            int status = 0;
            ::waitpid(child, &status, 0);
            killedMidRun += WIFSIGNALED(status);

            const Run resumed = trainRun(*corpus_, run, c, true);
            QVERIFY2(!resumed.openError, resumed.openError ? resumed.openError->c_str() : "");
            QVERIFY(resumed.losses.size() <= 8);
            const std::size_t from = 8 - resumed.losses.size();  // steps the checkpoint already had
            qInfo("round %d: %s, resumed after step %zu", round, WIFSIGNALED(status) ? "killed" : "finished first", from);
            for (std::size_t i = 0; i < resumed.losses.size(); ++i)
                QVERIFY2(resumed.losses[i] == whole.losses[from + i],
                         qPrintable(QString("round %1, step %2: %3 vs %4").arg(round).arg(from + i + 1)
                                        .arg(resumed.losses[i], 0, 'g', 17).arg(whole.losses[from + i], 0, 'g', 17)));
            std::string text, error;
            QVERIFY(io::readWholeFile(run + "/metrics.jsonl", &text, &error));
            std::istringstream in(text);
            std::string line;
            std::vector<std::int64_t> steps;
            while (std::getline(in, line)) {
                const auto j = nlohmann::json::parse(line);
                if (j["event"] == "step") steps.push_back(j["step"].get<std::int64_t>());
            }
            QCOMPARE(steps, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
            for (const auto& e : fs::recursive_directory_iterator(run))
                QVERIFY2(e.path().filename().string().find(".tmp-") == std::string::npos, e.path().c_str());
        }
        QVERIFY(killedMidRun > 0);
    }

    void badCheckpointsRefused() {
        QTemporaryDir out;
        const std::string run = out.path().toStdString() + "/run";
        auto c = trainfix::tinyTrainer();
        c.maxSteps = 2;
        c.checkpointEvery = 1;
        QVERIFY(!trainRun(*corpus_, run, c, false).openError);
        c.maxSteps = 4;
        // A state file paired with another step's model. (`last` shares its files with step-2
        // through hard links: replace files, never write into them.)
        fs::remove(run + "/last/model.safetensors");
        fs::copy_file(run + "/checkpoints/step-1/model.safetensors", run + "/last/model.safetensors");
        Run r = trainRun(*corpus_, run, c, true);
        QVERIFY(r.openError);
        QVERIFY2(r.openError->find("trainer-state.safetensors") != std::string::npos &&
                     r.openError->find("another model") != std::string::npos,
                 r.openError->c_str());
        // A truncated state file.
        fs::remove(run + "/last/model.safetensors");
        fs::copy_file(run + "/checkpoints/step-2/model.safetensors", run + "/last/model.safetensors");
        fs::copy_file(run + "/last/trainer-state.safetensors", run + "/state.copy");
        fs::remove(run + "/last/trainer-state.safetensors");
        fs::copy_file(run + "/state.copy", run + "/last/trainer-state.safetensors");
        fs::resize_file(run + "/last/trainer-state.safetensors", 100);
        r = trainRun(*corpus_, run, c, true);
        QVERIFY(r.openError && r.openError->find("trainer-state.safetensors") != std::string::npos);
        // Not a safetensors file at all.
        std::string error;
        QVERIFY(io::writeFileAtomically(run + "/last/trainer-state.safetensors", std::string("garbage, not tensors"), &error));
        r = trainRun(*corpus_, run, c, true);
        QVERIFY(r.openError && r.openError->find("trainer-state.safetensors") != std::string::npos);
        // A resume with another batch size is refused.
        fs::remove_all(run + "/last");
        fs::copy(run + "/checkpoints/step-2", run + "/last");
        auto other = c;
        other.batchSize = 2;
        r = trainRun(*corpus_, run, other, true);
        QVERIFY(r.openError && r.openError->find("batch size") != std::string::npos);
        QVERIFY(!trainRun(*corpus_, run, c, true).openError);
    }

    // Issue 13: a trainer state whose generator state LibTorch refuses (a c10::Error thrown
    // while opening the run) is an error naming the run, not std::terminate.
    void hostileGeneratorStateIsAnError() {
        QTemporaryDir out;
        const std::string run = out.path().toStdString() + "/run";
        auto c = trainfix::tinyTrainer();
        c.maxSteps = 2;
        QVERIFY(!trainRun(*corpus_, run, c, false).openError);
        const std::string state = run + "/last/trainer-state.safetensors";
        auto contents = model::readTensorFile(state);
        QVERIFY(contents);
        bool replaced = false;
        for (auto& t : contents.tensors)
            if (t.name == "rng.cpu") t.tensor = at::zeros({3}, at::kByte), replaced = true;
        QVERIFY(replaced);
        QVERIFY(!model::writeTensorFile(state, contents.tensors, contents.metadata));
        c.maxSteps = 4;
        const Run r = trainRun(*corpus_, run, c, true);
        QVERIFY(r.openError);
        QVERIFY2(r.openError->find(run) != std::string::npos, r.openError->c_str());
    }

    void pauseResumeCancelFromAnotherThread() {
        QTemporaryDir out;
        auto c = trainfix::tinyTrainer();
        c.maxSteps = 1000000;
        c.validationEvery = 0;
        RunSetup setup;
        setup.folder = out.path().toStdString() + "/run";
        setup.description.tokenizerConfig = "{}";
        model::Transformer m(trainfix::tinyModel(std::int64_t(remi::Vocabulary(corpus_->tokenizer().config()).size())), 5);
        TrainingSession session(std::move(m), c, dataFor(*corpus_, c), setup, {});
        QVERIFY(!session.open());
        TrainingSummary summary;
        std::atomic<bool> done{false};
        std::thread worker([&] {
            summary = session.run();
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(session.step() >= 3, 20000);
        session.pause();
        QTRY_VERIFY_WITH_TIMEOUT(session.isPaused(), 1000);
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // let a step in flight end
        const std::int64_t pausedAt = session.step();
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        QCOMPARE(session.step(), pausedAt);
        session.resume();
        QTRY_VERIFY_WITH_TIMEOUT(session.step() > pausedAt + 2, 20000);
        session.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 20000);
        worker.join();
        QCOMPARE(summary.reason, StopReason::Cancelled);
        auto loaded = model::ModelFile::load(setup.folder + "/last/model.safetensors");
        QVERIFY(loaded);
        QCOMPARE(loaded.info.notes.at("step"), std::to_string(summary.steps));
    }

    void structureMaskAllowsTheDatasOwnTokens() {
        const auto windows = corpus_->windows(data::DatasetPart::Train);
        const remi::Vocabulary vocabulary(corpus_->tokenizer().config());
        auto grammar = std::make_shared<const remi::RemiGrammar>(corpus_->tokenizer().config(), vocabulary);
        StructureMask mask(grammar);
        const std::int64_t R = std::int64_t(windows->rowLength()), L = R - 1, V = std::int64_t(vocabulary.size());
        const std::int32_t bos = vocabulary.id("BOS_None");
        int midStream = 0;
        for (std::size_t w = 0; w < windows->size(); ++w) {
            at::Tensor row = at::empty({1, R}, at::kLong);
            windows->fill(w, row.data_ptr<std::int64_t>());
            std::vector<std::int32_t> context;
            if ((*windows)[w].start > 0) {
                ++midStream;
                context.push_back(bos);
                for (auto id : windows->tokensBefore(w).toVector()) context.push_back(id);
            }
            const at::Tensor f = mask.forbidden(row, {context});
            QCOMPARE(f.sizes(), (at::IntArrayRef{1, L, V}));
            const auto* ids = row.data_ptr<std::int64_t>();
            for (std::int64_t t = 0; t < L; ++t) {
                if (ids[t + 1] == windows->padId()) break;
                QVERIFY2(f[0][t][ids[t + 1]].item<int>() == 0, qPrintable(QString("window %1 position %2").arg(w).arg(t)));
            }
            QVERIFY(f.sum().item<std::int64_t>() > L * V / 4);  // the grammar does forbid much
        }
        QVERIFY(midStream > 0);
        // A structure-weighted step runs and reports a finite loss.
        auto c = trainfix::tinyTrainer();
        c.structureLossWeight = 0.5;
        model::Transformer m(trainfix::tinyModel(V), 1);
        TrainingStepper stepper(m, c);
        at::Tensor batch = at::empty({2, R}, at::kLong);
        windows->fill(0, batch.data_ptr<std::int64_t>());
        windows->fill(1, batch.data_ptr<std::int64_t>() + R);
        const auto r = stepper.step(batch, {}, mask.forbidden(batch, {}));
        QVERIFY(std::isfinite(r.loss) && r.loss > 0);
    }

    void loraTrainsOnlyAdapters() {
        const std::int64_t V = std::int64_t(remi::Vocabulary(corpus_->tokenizer().config()).size());
        model::Transformer base(trainfix::tinyModel(V), 21);
        std::vector<at::Tensor> before;
        for (const auto& t : base.parameters()) before.push_back(t.detach().clone());
        model::LoraAdapters adapters(base.config(), 4, 8.0, 2);
        QCOMPARE(adapters.parameters().size(), std::size_t(2 * 2 * 2));
        auto c = trainfix::tinyTrainer();
        c.learningRate = 1e-2;
        TrainingStepper stepper(base, c, adapters);
        const auto windows = corpus_->windows(data::DatasetPart::Train);
        const std::int64_t R = std::int64_t(windows->rowLength());
        at::Tensor batch = at::empty({4, R}, at::kLong);
        for (int i = 0; i < 4; ++i) windows->fill(std::size_t(i), batch.data_ptr<std::int64_t>() + i * R);
        double first = 0, last = 0;
        for (int i = 0; i < 10; ++i) {
            const auto r = stepper.step(batch);
            (i == 0 ? first : last) = r.loss;
        }
        QVERIFY2(last < first, qPrintable(QString("%1 -> %2").arg(first).arg(last)));
        const auto after = base.parameters();
        for (std::size_t k = 0; k < after.size(); ++k) QVERIFY(at::equal(after[k], before[k]));
        QVERIFY(adapters.parameters()[1].tensor.abs().sum().item<double>() > 0);  // B moved from zero

        // Round trip, and a refused base.
        QTemporaryDir out;
        const std::string file = out.path().toStdString() + "/adapters.safetensors";
        QVERIFY(!adapters.save(file, model::modelFingerprint(base)));
        auto loaded = model::LoraAdapters::load(file, base.config());
        QVERIFY2(loaded, loaded.error ? loaded.error->toString().c_str() : "");
        QCOMPARE(loaded.baseFingerprint, model::modelFingerprint(base));
        QCOMPARE(loaded.adapters->rank(), std::int64_t(4));
        for (std::size_t k = 0; k < adapters.parameters().size(); ++k)
            QVERIFY(at::equal(loaded.adapters->parameters()[k].tensor, adapters.parameters()[k].tensor));
        auto otherShape = base.config();
        otherShape.layers = 3;
        auto refused = model::LoraAdapters::load(file, otherShape);
        QVERIFY(!refused && refused.error->message.find("different shape") != std::string::npos);

        // Merged weights give the overridden model's logits.
        base.setTraining(false);
        at::NoGradGuard noGrad;
        const at::Tensor inputs = batch.narrow(1, 0, R - 1);
        const at::Tensor plain = base.forward(inputs);
        loaded.adapters->apply(base);
        const at::Tensor overridden = base.forward(inputs);
        base.clearParameterOverrides();
        loaded.adapters->mergeInto(base);
        const at::Tensor merged = base.forward(inputs);
        QVERIFY((merged - overridden).abs().max().item<double>() < 1e-4);
        // ... and the adapters change them (a merge that did nothing would pass the line above).
        QVERIFY((merged - plain).abs().max().item<double>() > 1e-6);
    }
};

QTEST_APPLESS_MAIN(TestTrainingSession)
#include "tst_trainingsession.moc"
