// The Train panel driven as a user drives it (offscreen, real widgets): the form refuses what the
// CLI refuses; a tiny training started from the form runs to completion and every plotted point
// equals metrics.jsonl; pause, resume and stop (saving `last`), then resuming that run folder;
// following a folder while another writer appends lines (a half-written one included); two runs
// overlaid with their differing hyper-parameters; the CSV export equal to the file; 100,000
// points drawn as an envelope that keeps every extreme.
#include <QCheckBox>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QValueAxis>
#include <QXYSeries>
#include <QWheelEvent>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../core/TinyMidiFolder.h"
#include "dataset/DatasetBrowser.h"
#include "generate/GeneratePanel.h"
#include "generate/ModelPicker.h"
#include "document/PieceDocument.h"
#include "mainwindow/MainWindow.h"
#include "mainwindow/SettingsWriter.h"
#include "train/MetricsChart.h"
#include "train/RunStatus.h"
#include "train/RunsTable.h"
#include "train/SamplesTimeline.h"
#include "generate/Recipe.h"
#include "playback/PlaybackEngine.h"
#include "train/SeriesMath.h"
#include "train/TrainForm.h"
#include "train/TrainPanel.h"
#include "train/TrainingRunner.h"

using namespace mozart::ui;

namespace {

void setField(TrainPanel& panel, const char* key, const QString& value) {
    auto* edit = qobject_cast<QLineEdit*>(panel.form()->field(QLatin1String(key)));
    QVERIFY2(edit, key);
    edit->setText(value);
}

struct Lines {
    std::vector<nlohmann::json> steps, validations;
};

Lines readMetrics(const QString& run) {
    Lines out;
    std::ifstream in((run + "/metrics.jsonl").toStdString());
    std::string line;
    while (std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded()) continue;
        if (j["event"] == "step") out.steps.push_back(j);
        if (j["event"] == "validation") out.validations.push_back(j);
    }
    return out;
}

void append(const QString& file, const std::string& bytes) {
    std::FILE* f = std::fopen(file.toLocal8Bit().constData(), "ab");
    QVERIFY(f);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
}

std::string stepLine(int step, double loss, double lr = 1e-3) {
    return nlohmann::json{{"event", "step"}, {"step", step}, {"loss", loss}, {"lr", lr}, {"grad_norm", 0.5},
                          {"tokens", 128}, {"tokens_per_second", 1000.0 + step}, {"elapsed", 0.25 * step}}
               .dump() +
           "\n";
}

}  // namespace

class TestTrainPanel : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_, shape_;

    void fillTinyRun(TrainPanel& panel, const QString& out, int steps) {
        setField(panel, "data", data_);
        setField(panel, "out", out);
        setField(panel, "model-config", shape_);
        setField(panel, "split", "0.7,0.3,0");
        setField(panel, "batch", "4");
        setField(panel, "seq", "32");
        setField(panel, "steps", QString::number(steps));
        setField(panel, "warmup", "2");
        setField(panel, "threads", "1");
        setField(panel, "validate-every", "3");
        setField(panel, "validation-batches", "2");
        setField(panel, "checkpoint-every", "3");
    }

private Q_SLOTS:
    void initTestCase() {
        qputenv("XDG_CACHE_HOME", (dir_.path() + "/cache").toLocal8Bit());
        qputenv("XDG_CONFIG_HOME", (dir_.path() + "/config").toLocal8Bit());  // the offer to resume reads settings
        for (int i = 0; i < 12; ++i)
            tiny::write(tiny::path(dir_, QString("midi/%1/p%2.mid").arg(i % 2 ? "Mozart" : "Haydn").arg(i)),
                        tiny::melody(i, 48 + 8 * i));
        data_ = dir_.path() + "/midi";
        shape_ = dir_.path() + "/tiny.json";
        QFile f(shape_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"width": 32, "heads": 4, "layers": 2, "feed_forward": 64})");
    }

    void formRefusesWhatTheCliRefuses() {
        TrainPanel panel;
        // Steps empty by default: 1000 for a new run, the run's own length when resuming.
        QCOMPARE(qobject_cast<QLineEdit*>(panel.form()->field("steps"))->text(), QString());
        setField(panel, "data", data_);
        setField(panel, "out", dir_.path() + "/never");
        QVERIFY(panel.form()->check());
        QTRY_COMPARE(panel.form()->labelsText(), QString("Haydn (6), Mozart (6)"));
        QVERIFY(panel.form()->parametersText().contains("width 256"));
        setField(panel, "seq", "abc");
        QVERIFY(!panel.form()->check());
        QCOMPARE(panel.form()->errorField(), QString("seq"));
        setField(panel, "seq", "512");
        setField(panel, "lr", "-1");
        QVERIFY(!panel.form()->check());
        QCOMPARE(panel.form()->errorField(), QString("lr"));
        QVERIFY2(panel.form()->error().contains("learning_rate must be > 0"), qPrintable(panel.form()->error()));
        QVERIFY(!panel.form()->field("lr")->styleSheet().isEmpty());
        setField(panel, "lr", "3e-4");  // corrected: the mark goes by itself
        QTRY_VERIFY(panel.form()->error().isEmpty());
        QVERIFY(panel.form()->field("lr")->styleSheet().isEmpty());
        setField(panel, "lora", "4");  // LoRA without a model to fine-tune
        QVERIFY(!panel.form()->check());
        QCOMPARE(panel.form()->errorField(), QString("lora"));
        // Start with a refused form starts nothing.
        QTest::mouseClick(panel.findChild<QPushButton*>("startButton"), Qt::LeftButton);
        QVERIFY(!panel.runner()->isRunning());
        QVERIFY(!QFileInfo::exists(dir_.path() + "/never"));
    }

    void trainFromTheFormToCompletion() {
        TrainPanel panel;
        const QString run = dir_.path() + "/studio-run";
        fillTinyRun(panel, run, 6);
        setField(panel, "samples-every", "1");  // the samples timeline at every validation (steps 3 and 6)
        QSignalSpy finished(&panel, &TrainPanel::runFinished);
        QTest::mouseClick(panel.findChild<QPushButton*>("startButton"), Qt::LeftButton);
        QVERIFY(panel.runner()->isRunning());
        QVERIFY(finished.wait(120000));
        QVERIFY2(!finished.at(0).at(1).toBool(), qPrintable(finished.at(0).at(0).toString()));
        panel.pollNow();
        const Lines lines = readMetrics(run);
        QCOMPARE(int(lines.steps.size()), 6);
        QCOMPARE(int(lines.validations.size()), 2);
        auto same = [](const QList<QPointF>& plotted, const std::vector<nlohmann::json>& events, const char* key) {
            if (plotted.size() != qsizetype(events.size())) return false;
            for (std::size_t i = 0; i < events.size(); ++i)
                if (plotted[qsizetype(i)].x() != events[i]["step"].get<double>() ||
                    plotted[qsizetype(i)].y() != events[i][key].get<double>())
                    return false;
            return true;
        };
        QVERIFY(same(panel.chart(Metric::TrainLoss)->plotted(0), lines.steps, "loss"));
        QVERIFY(same(panel.chart(Metric::LearningRate)->plotted(0), lines.steps, "lr"));
        QVERIFY(same(panel.chart(Metric::GradNorm)->plotted(0), lines.steps, "grad_norm"));
        QVERIFY(same(panel.chart(Metric::TokensPerSecond)->plotted(0), lines.steps, "tokens_per_second"));
        QVERIFY(same(panel.chart(Metric::ValidationLoss)->plotted(0), lines.validations, "loss"));
        QVERIFY(same(panel.chart(Metric::Perplexity)->plotted(0), lines.validations, "perplexity"));
        QVERIFY(same(panel.chart(Metric::Accuracy)->plotted(0), lines.validations, "accuracy"));
        // The smoothed line is TensorBoard's debiased average of exactly those losses.
        std::vector<double> losses;
        for (const auto& e : lines.steps) losses.push_back(e["loss"].get<double>());
        const auto smoothed = debiasedEma(losses, 0.6);
        const auto drawn = panel.chart(Metric::TrainLoss)->plottedSmoothed(0);
        QCOMPARE(drawn.size(), qsizetype(6));
        QCOMPARE(drawn[0].y(), losses[0]);
        for (int i = 0; i < 6; ++i) QCOMPARE(drawn[i].y(), smoothed[std::size_t(i)]);
        QVERIFY2(panel.statusText().contains("step 6/6"), qPrintable(panel.statusText()));
        QVERIFY2(panel.statusText().contains("best validation loss"), qPrintable(panel.statusText()));
        const QStringList checkpoints = panel.checkpointRows();
        QVERIFY2(checkpoints.contains("last") && checkpoints.contains("best") && checkpoints.contains("checkpoints/step-6"),
                 qPrintable(checkpoints.join(',')));
        // The samples timeline: a piece per validation, from the weights of that step, each with a
        // recipe that names the model file beside it.
        QCOMPARE(panel.sampleRows(), QStringList({"step 3 · Haydn · seed 1 · 4 bars", "step 6 · Haydn · seed 1 · 4 bars"}));
        for (int step : {3, 6}) {
            const QString stem = run + QString("/samples/step-%1").arg(step);
            QVERIFY(QFile::exists(stem + ".mid"));
            std::string text, error;
            QFile recipeFile(stem + ".json");
            QVERIFY(recipeFile.open(QIODevice::ReadOnly));
            const auto recipe = mozart::generate::parseRecipe(recipeFile.readAll().toStdString(), &error);
            QVERIFY2(recipe, error.c_str());
            QCOMPARE(QString::fromStdString(recipe->checkpointId),
                     QString::fromStdString(mozart::generate::fileSha256((stem + ".safetensors").toStdString(), &error)));
        }
        // The weights of step 3 are not those of step 6: the copy was taken at its step.
        QVERIFY(mozart::generate::fileSha256((run + "/samples/step-3.safetensors").toStdString(), nullptr) !=
                mozart::generate::fileSha256((run + "/samples/step-6.safetensors").toStdString(), nullptr));
        // A checkpoint opens in the Generate panel (the signal the main window connects).
        QSignalSpy opened(&panel, &TrainPanel::checkpointOpened);
        auto* list = panel.findChild<CheckpointList*>("checkpoints");
        QVERIFY(list && list->topLevelItemCount() >= 3);
        Q_EMIT list->itemDoubleClicked(list->findItems("best", Qt::MatchExactly).value(0), 0);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.at(0).at(0).toString(), run + "/best/model.safetensors");
        QVERIFY(QFile::exists(opened.at(0).at(0).toString()));
        // X by tokens: the same losses against the running sum of the step's targets.
        panel.setXAxis(XAxis::Tokens);
        double tokens = 0;
        const auto byTokens = panel.chart(Metric::TrainLoss)->plotted(0);
        for (int i = 0; i < 6; ++i) {
            tokens += lines.steps[std::size_t(i)]["tokens"].get<double>();
            QCOMPARE(byTokens[i].x(), tokens);
        }
    }

    // The estimate times real steps of the form's run in a scratch folder, never the run folder.
    // Resuming with the steps left empty keeps the run's own length.
    void resumeKeepsTheRunsLengthByDefault() {
        TrainPanel panel;
        const QString run = dir_.path() + "/length-kept";
        fillTinyRun(panel, run, 3);
        setField(panel, "validate-every", "0");
        setField(panel, "checkpoint-every", "0");
        QSignalSpy finished(&panel, &TrainPanel::runFinished);
        QTest::mouseClick(panel.findChild<QPushButton*>("startButton"), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        panel.setExistingRunChoice([](const QString&) { return TrainPanel::ExistingRun::Resume; });
        setField(panel, "steps", "");
        QTest::mouseClick(panel.findChild<QPushButton*>("startButton"), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.at(1).at(0).toString().startsWith("steps done after 3 steps"), qPrintable(finished.at(1).at(0).toString()));
        QCOMPARE(int(readMetrics(run).steps.size()), 3);
    }

    void estimatesTimeAndMemory() {
        TrainPanel panel;
        const QString run = dir_.path() + "/estimated";
        fillTinyRun(panel, run, 500);
        QSignalSpy estimated(panel.runner(), &TrainingRunner::estimated);
        QTest::mouseClick(panel.findChild<QPushButton*>("estimateButton"), Qt::LeftButton);
        QVERIFY(estimated.wait(120000));
        const QString text = estimated.at(0).at(0).toString();
        QVERIFY2(!estimated.at(0).at(1).toBool(), qPrintable(text));
        QVERIFY2(text.contains(" s a step") && text.contains("for 500 steps") && text.contains("MB"), qPrintable(text));
        QVERIFY(!QFileInfo::exists(run));
        QVERIFY(panel.findChild<QPushButton*>("startButton")->isEnabled());
    }

    void pauseResumeStopAndResumeTheFolder() {
        TrainPanel panel;
        const QString run = dir_.path() + "/stopped-run";
        fillTinyRun(panel, run, 100000);
        setField(panel, "validate-every", "0");
        setField(panel, "checkpoint-every", "0");
        QSignalSpy finished(&panel, &TrainPanel::runFinished);
        QTest::mouseClick(panel.findChild<QPushButton*>("startButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT((panel.pollNow(), panel.run(0)->step() >= 2), 60000);
        QTest::mouseClick(panel.findChild<QPushButton*>("pauseButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT((panel.pollNow(), panel.run(0)->state() == "paused"), 30000);
        const auto pausedAt = panel.run(0)->step();
        QVERIFY(panel.findChild<QPushButton*>("resumeButton")->isEnabled());
        QTest::qWait(300);
        panel.pollNow();
        QCOMPARE(panel.run(0)->step(), pausedAt);
        QTest::mouseClick(panel.findChild<QPushButton*>("resumeButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT((panel.pollNow(), panel.run(0)->step() > pausedAt), 30000);
        QTest::mouseClick(panel.findChild<QPushButton*>("stopButton"), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.at(0).at(0).toString().startsWith("cancelled"), qPrintable(finished.at(0).at(0).toString()));
        QVERIFY(QFile::exists(run + "/last/model.safetensors"));
        panel.pollNow();
        const auto stoppedAt = panel.run(0)->step();
        // A studio started now offers to resume that run.
        SettingsWriter::flush();
        {
            TrainPanel next;
            QTRY_VERIFY(!next.resumeOffer().isEmpty());
            QVERIFY2(next.resumeOffer().contains(QString("stopped at step %1").arg(stoppedAt)), qPrintable(next.resumeOffer()));
        }

        // Start on that folder again: asked, the answer is "resume"; two more steps.
        int asked = 0;
        panel.setExistingRunChoice([&](const QString&) {
            ++asked;
            return TrainPanel::ExistingRun::Resume;
        });
        setField(panel, "steps", QString::number(stoppedAt + 2));
        QTest::mouseClick(panel.findChild<QPushButton*>("startButton"), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(asked, 1);
        QVERIFY2(!finished.at(1).at(1).toBool(), qPrintable(finished.at(1).at(0).toString()));
        const Lines lines = readMetrics(run);
        QCOMPARE(qint64(lines.steps.size()), stoppedAt + 2);
        for (std::size_t i = 0; i < lines.steps.size(); ++i) QCOMPARE(lines.steps[i]["step"].get<qint64>(), qint64(i + 1));
        panel.pollNow();
        QCOMPARE(panel.chart(Metric::TrainLoss)->plotted(0).size(), qsizetype(stoppedAt + 2));

        // The same folder goes on in a terminal: `mozart train --resume` continues the studio's run
        // while the panel follows it.
        QProcess cli;
        cli.start(QStringLiteral(MOZART_CLI_PATH),
                  {"train", "--data", data_, "--out", run, "--resume", "--steps", QString::number(stoppedAt + 4),
                   "--split", "0.7,0.3,0", "--threads", "1", "--cache", dir_.path() + "/cache/mozart/token-cache"});
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QVERIFY2(cli.readAllStandardOutput().contains("(2 in this session)"), "the CLI did not continue the run");
        QTRY_COMPARE(panel.chart(Metric::TrainLoss)->plotted(0).size(), qsizetype(stoppedAt + 4));
        // The total is the resumed session's (config.json still says 100000).
        QVERIFY2(panel.statusText().startsWith(QString("step %1/%1").arg(stoppedAt + 4)), qPrintable(panel.statusText()));
        const Lines after = readMetrics(run);
        for (std::size_t i = 0; i < after.steps.size(); ++i) QCOMPARE(after.steps[i]["step"].get<qint64>(), qint64(i + 1));
    }

    void followsAFolderWhileLinesAreAppended() {
        const QString run = dir_.path() + "/followed";
        QVERIFY(QDir().mkpath(run));
        const QString file = run + "/metrics.jsonl";
        append(file, R"({"event":"started","step":0})" "\n" + stepLine(1, 5.0) + stepLine(2, 4.5));
        TrainPanel panel;
        panel.followRun(run);
        QCOMPARE(panel.chart(Metric::TrainLoss)->plotted(0).size(), qsizetype(2));
        const std::string third = stepLine(3, 4.25);
        append(file, third.substr(0, 20));  // half a line: not drawn yet
        panel.pollNow();
        QCOMPARE(panel.chart(Metric::TrainLoss)->plotted(0).size(), qsizetype(2));
        append(file, third.substr(20) + stepLine(4, 4.0));
        // The timers (file watcher or poll) pick it up without being asked.
        QTRY_COMPARE(panel.chart(Metric::TrainLoss)->plotted(0).size(), qsizetype(4));
        QCOMPARE(panel.chart(Metric::TrainLoss)->plotted(0)[2], QPointF(3, 4.25));
        QVERIFY2(panel.statusText().startsWith("step 4"), qPrintable(panel.statusText()));
    }

    void overlaysRunsAndExportsCsv() {
        const QString runs = dir_.path() + "/compare";
        for (int r = 0; r < 2; ++r) {
            const QString run = runs + QString("/run%1").arg(r);
            QVERIFY(QDir().mkpath(run));
            nlohmann::json config = {{"trainer", {{"learning_rate", r ? 1e-3 : 3e-4}, {"batch_size", 8}}},
                                     {"model", {{"width", 32}, {"layers", 2}}}};
            std::ofstream(run.toStdString() + "/config.json") << config.dump();
            std::string lines;
            for (int s = 1; s <= 5; ++s) lines += stepLine(s, 5.0 - 0.1 * s * (r + 1), r ? 1e-3 : 3e-4);
            lines += R"({"event":"validation","step":5,"loss":4.0,"perplexity":54.5,"accuracy":0.125,"tokens":10,"best":true})" "\n";
            append(run + "/metrics.jsonl", lines);
        }
        TrainPanel panel;
        panel.openRunsFolder(runs);
        QCOMPARE(panel.runCount(), 2);
        QCOMPARE(panel.chart(Metric::TrainLoss)->plotted(0).size(), qsizetype(5));
        QCOMPARE(panel.chart(Metric::TrainLoss)->plotted(1)[4].y(), 5.0 - 0.1 * 5 * 2);
        auto* table = panel.findChild<RunsTable*>("runsTable");
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->differingKeys(), QStringList{"trainer.learning_rate"});

        const QString csv = dir_.path() + "/metrics.csv";
        QString error;
        QVERIFY2(panel.exportCsv(csv, &error), qPrintable(error));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList rows = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(rows[0], QString("run,metric,step,seconds,tokens,value"));
        // Every step and validation value of both files, exactly.
        int checked = 0;
        for (int r = 0; r < 2; ++r) {
            const Lines lines = readMetrics(runs + QString("/run%1").arg(r));
            for (const auto& e : lines.steps)
                for (auto [metric, key] : {std::pair{"train_loss", "loss"}, {"learning_rate", "lr"}, {"grad_norm", "grad_norm"},
                                           {"tokens_per_second", "tokens_per_second"}}) {
                    const QString prefix = QString("run%1,%2,%3,").arg(r).arg(metric).arg(e["step"].get<int>());
                    const auto row = std::find_if(rows.begin(), rows.end(), [&](const QString& x) { return x.startsWith(prefix); });
                    QVERIFY2(row != rows.end(), qPrintable(prefix));
                    QCOMPARE(row->section(',', 5).toDouble(), e[key].get<double>());
                    QVERIFY2(row->section(QLatin1Char(','), 3, 3).toDouble() == e["elapsed"].get<double>(), qPrintable(*row + " / " + prefix));
                    ++checked;
                }
            QVERIFY(rows.contains(QString("run%1,perplexity,5,1.25,640,54.5").arg(r)));
        }
        QCOMPARE(checked, 40);
        QCOMPARE(rows.size(), qsizetype(1 + 2 * (5 * 4 + 3)));
        QVERIFY(panel.exportSvg(dir_.path() + "/plots.svg", &error));
        QVERIFY(panel.exportPng(dir_.path() + "/plots.png", &error));
        QVERIFY(QImage(dir_.path() + "/plots.png").width() > 100);
    }

    // The main window docks the panel; opening a run folder (or a folder of runs) shows it there,
    // while a folder of MIDI files still opens in the dataset browser.
    void mainWindowOpensRunFolders() {
        MainWindow window;
        auto* dock = window.findChild<QDockWidget*>("trainDock");
        QVERIFY(dock && window.trainPanel());
        QVERIFY(window.menuBar()->actions().contains(window.trainPanel()->trainingMenu()->menuAction()));
        window.openPath(dir_.path() + "/compare");
        QCOMPARE(window.trainPanel()->runCount(), 2);
        QVERIFY(!dock->isHidden());
        window.openPath(data_);
        QCOMPARE(window.trainPanel()->runCount(), 2);
        QCOMPARE(window.datasetBrowser()->folder(), QFileInfo(data_).absoluteFilePath());
        QCOMPARE(window.trainPanel()->form()->dataFolder(), QFileInfo(data_).absoluteFilePath());
        QTRY_VERIFY_WITH_TIMEOUT(!window.datasetBrowser()->isScanning(), 30000);
        // A checkpoint of a run opens in the Generate panel.
        window.openPath(dir_.path() + "/studio-run");
        QCOMPARE(window.trainPanel()->runCount(), 1);
        auto* list = window.trainPanel()->findChild<CheckpointList*>("checkpoints");
        QVERIFY(list);
        QTRY_VERIFY(!list->findItems("last", Qt::MatchExactly).isEmpty());
        Q_EMIT list->itemDoubleClicked(list->findItems("last", Qt::MatchExactly).value(0), 0);
        QCOMPARE(QFileInfo(window.generatePanel()->modelPicker()->current().file).canonicalFilePath(),
                 QFileInfo(dir_.path() + "/studio-run/last/model.safetensors").canonicalFilePath());
        // "Generate a sample" from the best checkpoint: a piece appears in the piano roll.
        QSignalSpy generated(window.generatePanel(), &GeneratePanel::generationFinished);
        Q_EMIT list->sampleRequested(dir_.path() + "/studio-run/best/model.safetensors");
        QVERIFY2(generated.wait(60000), qPrintable(window.generatePanel()->statusText()));
        QCOMPARE(QFileInfo(window.generatePanel()->modelPicker()->current().file).canonicalFilePath(),
                 QFileInfo(dir_.path() + "/studio-run/best/model.safetensors").canonicalFilePath());
        int notes = 0;
        for (const auto& track : window.document()->score().tracks) notes += int(track.notes.size());
        QVERIFY2(notes > 0, qPrintable(window.generatePanel()->statusText()));
        // A piece of the samples timeline opens in the piano roll and plays.
        auto* timeline = window.trainPanel()->findChild<SamplesTimeline*>("samplesTimeline");
        QVERIFY(timeline);
        QTRY_COMPARE(timeline->topLevelItemCount(), 2);
        window.document()->markSaved();  // the generated piece above is not the user's work to keep
        Q_EMIT timeline->itemDoubleClicked(timeline->topLevelItem(1), 0);
        QTRY_COMPARE(QFileInfo(window.document()->filePath()).canonicalFilePath(),
                     QFileInfo(dir_.path() + "/studio-run/samples/step-6.mid").canonicalFilePath());
        QTRY_COMPARE(window.playbackEngine()->state(), PlaybackState::Playing);
        window.playbackEngine()->stop();
    }

    // The plots share one x range: unzoomed (a validation plot with points at steps 10, 20, 30
    // spans the training loss's 1..30), after a wheel zoom in one of them, and by another x axis.
    void chartsShareTheXRange() {
        const QString run = dir_.path() + "/shared-x";
        QVERIFY(QDir().mkpath(run));
        std::string lines = R"({"event":"started","step":0})" "\n";
        for (int s = 1; s <= 30; ++s) {
            lines += stepLine(s, 5.0 - 0.1 * s);
            if (s % 10 == 0)
                lines += nlohmann::json{{"event", "validation"}, {"step", s}, {"loss", 4.0}, {"perplexity", 54.5},
                                        {"accuracy", 0.125}, {"tokens", 10}}.dump() + "\n";
        }
        append(run + "/metrics.jsonl", lines);
        TrainPanel panel;
        panel.resize(1200, 800);
        panel.show();
        panel.followRun(run);
        MetricsChart* train = panel.chart(Metric::TrainLoss);
        MetricsChart* validation = panel.chart(Metric::ValidationLoss);
        QCOMPARE(validation->plotted(0).size(), qsizetype(3));
        auto same = [&] {
            for (int m = 0; m < kMetricCount; ++m)
                if (panel.chart(Metric(m))->xRange() != train->xRange()) return false;
            return true;
        };
        QVERIFY(train->xRange().first <= 1 && train->xRange().second >= 30);
        QVERIFY(same());

        const QPointF centre = validation->viewport()->rect().center();
        QWheelEvent wheel(centre, validation->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(validation->viewport(), &wheel);
        QVERIFY(validation->isZoomed());
        QVERIFY(validation->xRange().second - validation->xRange().first < 29);
        QVERIFY(train->isZoomed());
        QVERIFY(same());

        panel.setXAxis(XAxis::Time);  // 0.25 s a step: 0.25 .. 7.5
        QVERIFY(!train->isZoomed());
        QVERIFY(train->xRange().first <= 0.25 && train->xRange().second >= 7.5 && train->xRange().second < 30);
        QVERIFY(same());
    }

    // A dashboard closed after being shown keeps following the run (status line) but draws
    // nothing until it is shown again; then the plots hold every line.
    void closedPanelDrawsWhenShownAgain() {
        const QString run = dir_.path() + "/closed";
        QVERIFY(QDir().mkpath(run));
        const QString file = run + "/metrics.jsonl";
        append(file, R"({"event":"started","step":0})" "\n" + stepLine(1, 5.0) + stepLine(2, 4.5));
        TrainPanel panel;
        panel.show();
        panel.followRun(run);
        QCOMPARE(panel.chart(Metric::TrainLoss)->plotted(0).size(), qsizetype(2));
        panel.hide();
        append(file, stepLine(3, 4.25) + stepLine(4, 4.0));
        panel.pollNow();
        QVERIFY2(panel.statusText().startsWith("step 4"), qPrintable(panel.statusText()));
        QCOMPARE(panel.chart(Metric::TrainLoss)->plotted(0).size(), qsizetype(2));
        panel.show();
        QCOMPARE(panel.chart(Metric::TrainLoss)->plotted(0).size(), qsizetype(4));
        QCOMPARE(panel.chart(Metric::TrainLoss)->plotted(0)[3], QPointF(4, 4.0));
    }

    // A new step inside the plotted range leaves the axes alone (setting a range lays every label
    // out again: it was most of a redraw's cost during a fast run); one past it moves them once.
    void axesMoveOnlyWhenTheDataLeavesThem() {
        const QString run = dir_.path() + "/axes";
        QVERIFY(QDir().mkpath(run));
        const QString file = run + "/metrics.jsonl";
        std::string lines = R"({"event":"started","step":0})" "\n";
        for (int s = 1; s <= 25; ++s) lines += stepLine(s, 5.0);
        append(file, lines);
        TrainPanel panel;
        panel.resize(1200, 800);
        panel.show();
        panel.followRun(run);
        MetricsChart* chart = panel.chart(Metric::GradNorm);  // 0.5 at every step
        auto* x = qobject_cast<QValueAxis*>(chart->chart()->axes(Qt::Horizontal).value(0));
        auto* y = qobject_cast<QValueAxis*>(chart->chart()->axes(Qt::Vertical).value(0));
        QVERIFY(x && y);
        QCOMPARE(chart->xRange(), qMakePair(0.0, 30.0));
        QSignalSpy xMoved(x, &QValueAxis::rangeChanged), yMoved(y, &QValueAxis::rangeChanged);
        append(file, stepLine(26, 5.0));
        panel.pollNow();
        QCOMPARE(chart->plotted(0).size(), qsizetype(26));
        QCOMPARE(xMoved.size(), 0);
        QCOMPARE(yMoved.size(), 0);
        append(file, stepLine(31, 5.0));
        panel.pollNow();
        QCOMPARE(xMoved.size(), 1);
        QCOMPARE(chart->xRange(), qMakePair(0.0, 40.0));
    }

    // The redraw timer leaves a plot alone while nothing it shows has changed: a new training step
    // inside the rounded x range replaces the training loss's points but not the validation loss's;
    // a step past that range moves the shared x axis, and every plot is drawn again.
    void plotsWhoseDataDidNotChangeAreLeftAlone() {
        const QString run = dir_.path() + "/unchanged";
        QVERIFY(QDir().mkpath(run));
        const QString file = run + "/metrics.jsonl";
        std::string lines = R"({"event":"started","step":0})" "\n";
        for (int s = 1; s <= 25; ++s) lines += stepLine(s, 5.0 - 0.01 * s);
        lines += R"({"event":"validation","step":20,"loss":4.5,"perplexity":90.0,"accuracy":0.25,"elapsed":5.0})" "\n";
        append(file, lines);
        TrainPanel panel;
        panel.resize(1200, 800);
        panel.show();
        panel.followRun(run);
        auto* trainSeries = qobject_cast<QXYSeries*>(panel.chart(Metric::TrainLoss)->chart()->series().value(0));
        auto* validationSeries = qobject_cast<QXYSeries*>(panel.chart(Metric::ValidationLoss)->chart()->series().value(0));
        QVERIFY(trainSeries && validationSeries);
        QCOMPARE(validationSeries->count(), 1);
        // Once the first layout has settled the plot areas' widths (the envelope's buckets, part of
        // what a plot shows), a step draws what changed.
        QApplication::processEvents();
        append(file, stepLine(26, 4.7));
        panel.pollNow();
        QSignalSpy trainDrawn(trainSeries, &QXYSeries::pointsReplaced), validationDrawn(validationSeries, &QXYSeries::pointsReplaced);
        append(file, stepLine(27, 4.7));
        panel.pollNow();
        QCOMPARE(trainDrawn.size(), 1);
        QCOMPARE(validationDrawn.size(), 0);
        QCOMPARE(panel.chart(Metric::TrainLoss)->plotted(0).size(), qsizetype(27));
        append(file, stepLine(31, 4.6));
        panel.pollNow();
        QCOMPARE(trainDrawn.size(), 2);
        QCOMPARE(validationDrawn.size(), 1);
        QCOMPARE(panel.chart(Metric::ValidationLoss)->xRange(), qMakePair(0.0, 40.0));
        append(file, R"({"event":"validation","step":31,"loss":4.4,"perplexity":81.0,"accuracy":0.3,"elapsed":8.0})" "\n");
        panel.pollNow();
        QCOMPARE(validationDrawn.size(), 2);
        QCOMPARE(panel.chart(Metric::ValidationLoss)->plotted(0).size(), qsizetype(2));
    }

    // A quantity that is never negative (a learning rate warming up from 0) gets no negative axis.
    void axesOfNonNegativeDataStartAtZero() {
        const QString run = dir_.path() + "/warmup";
        QVERIFY(QDir().mkpath(run));
        std::string lines = R"({"event":"started","step":0})" "\n";
        for (int s = 1; s <= 20; ++s) lines += stepLine(s, 5.0, s < 10 ? 3e-4 * (s - 1) / 9 : 3e-4);
        append(run + "/metrics.jsonl", lines);
        TrainPanel panel;
        panel.resize(1200, 800);
        panel.show();
        panel.followRun(run);
        MetricsChart* chart = panel.chart(Metric::LearningRate);
        auto* y = qobject_cast<QValueAxis*>(chart->chart()->axes(Qt::Vertical).value(0));
        QVERIFY(y);
        QCOMPARE(y->min(), 0.0);
        QVERIFY(y->max() >= 3e-4);
    }

    void hundredThousandPointsKeepTheirExtremes() {
        const QString run = dir_.path() + "/long";
        QVERIFY(QDir().mkpath(run));
        std::string lines;
        lines.reserve(100000 * 130);
        for (int s = 1; s <= 100000; ++s) lines += stepLine(s, s == 77777 ? 0.01 : s == 33333 ? 99.0 : 2.0 + std::sin(s * 0.01));
        append(run + "/metrics.jsonl", lines);
        TrainPanel panel;
        panel.resize(1200, 800);
        panel.followRun(run);
        QCOMPARE(panel.run(0)->series(Metric::TrainLoss).size(), std::size_t(100000));
        const auto drawn = panel.chart(Metric::TrainLoss)->plotted(0);
        QVERIFY2(drawn.size() < 10000, qPrintable(QString::number(drawn.size())));
        QVERIFY(drawn.contains(QPointF(77777, 0.01)));
        QVERIFY(drawn.contains(QPointF(33333, 99.0)));
        QVERIFY(drawn.contains(QPointF(1, 2.0 + std::sin(0.01))));
        QVERIFY(drawn.contains(QPointF(100000, 2.0 + std::sin(1000.0))));
    }
};

QTEST_MAIN(TestTrainPanel)
#include "tst_trainpanel.moc"
