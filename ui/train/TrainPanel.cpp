#include "train/TrainPanel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "mainwindow/SettingsWriter.h"
#include "train/ChartExport.h"
#include "train/RunStatus.h"
#include "train/SamplesTimeline.h"
#include "train/MetricsChart.h"
#include "train/MetricsFollower.h"
#include "train/RunsTable.h"
#include "train/TrainForm.h"
#include "train/TrainingRunner.h"

namespace mozart::ui {

namespace {

const QColor kColours[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44), QColor(214, 39, 40),
                           QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(127, 127, 127)};

bool holdsRun(const QString& folder) {
    const QDir d(folder);
    return d.exists(QStringLiteral("config.json")) || d.exists(QStringLiteral("last")) ||
           d.exists(QStringLiteral("metrics.jsonl"));
}

}  // namespace

TrainPanel::TrainPanel(QWidget* parent)
    : QWidget(parent), form_(new TrainForm), runner_(new TrainingRunner(this)), menu_(new QMenu(tr("&Training"), this)) {
    setObjectName(QStringLiteral("trainPanel"));
    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split);
    split->addWidget(buildControls());
    split->addWidget(buildPlots());
    split->setStretchFactor(1, 3);
    split->setSizes({330, 900});
    connectRunner();
    buildActions();
    startTimers();
    choose_ = [this](const QString& folder) {
        QMessageBox box(QMessageBox::Question, tr("Run folder in use"),
                        tr("%1 already holds a training run.").arg(folder), QMessageBox::NoButton, this);
        auto* resume = box.addButton(tr("Resume it"), QMessageBox::AcceptRole);
        auto* afresh = box.addButton(tr("Delete it and start afresh"), QMessageBox::DestructiveRole);
        box.addButton(QMessageBox::Cancel);
        box.exec();
        return box.clickedButton() == resume ? ExistingRun::Resume
               : box.clickedButton() == afresh ? ExistingRun::StartAfresh : ExistingRun::Cancel;
    };
    updateButtons();
    QTimer::singleShot(0, this, &TrainPanel::offerToResume);
}

// The offer to resume (hidden until offerToResume() finds a stopped run), the form, the buttons.
QWidget* TrainPanel::buildControls() {
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    resumeBar_ = new QWidget(left);
    resumeBar_->setObjectName(QStringLiteral("resumeBar"));
    auto* bar = new QHBoxLayout(resumeBar_);
    bar->setContentsMargins(0, 0, 0, 0);
    resumeText_ = new QLabel(resumeBar_);
    resumeText_->setWordWrap(true);
    auto* resumeIt = new QPushButton(tr("Resume"), resumeBar_);
    resumeIt->setObjectName(QStringLiteral("resumeOfferButton"));
    auto* dismiss = new QPushButton(tr("Dismiss"), resumeBar_);
    bar->addWidget(resumeText_, 1);
    bar->addWidget(resumeIt);
    bar->addWidget(dismiss);
    resumeBar_->hide();
    leftLayout->addWidget(resumeBar_);
    connect(dismiss, &QPushButton::clicked, resumeBar_, &QWidget::hide);
    connect(resumeIt, &QPushButton::clicked, this, &TrainPanel::resumeOffered);
    auto* scroll = new QScrollArea(left);
    scroll->setWidget(form_);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    leftLayout->addWidget(scroll, 1);
    auto* buttons = new QHBoxLayout;
    auto button = [&](QPushButton*& b, const QString& text, const char* name) {
        b = new QPushButton(text, left);
        b->setObjectName(QLatin1String(name));
        buttons->addWidget(b);
    };
    button(startButton_, tr("Start"), "startButton");
    button(pauseButton_, tr("Pause"), "pauseButton");
    button(resumeButton_, tr("Resume"), "resumeButton");
    button(stopButton_, tr("Stop"), "stopButton");
    stopButton_->setToolTip(tr("Stop after the current step and save the last checkpoint"));
    leftLayout->addLayout(buttons);
    estimateButton_ = new QPushButton(tr("Estimate time and memory"), left);
    estimateButton_->setObjectName(QStringLiteral("estimateButton"));
    estimateButton_->setToolTip(tr("Times a few steps of this run on its data (nothing is written to the run folder)"));
    leftLayout->addWidget(estimateButton_);
    phase_ = new QLabel(left);
    phase_->setObjectName(QStringLiteral("phaseLabel"));
    phase_->setWordWrap(true);
    leftLayout->addWidget(phase_);
    connect(startButton_, &QPushButton::clicked, this, &TrainPanel::start);
    connect(pauseButton_, &QPushButton::clicked, this, &TrainPanel::pause);
    connect(resumeButton_, &QPushButton::clicked, this, &TrainPanel::resume);
    connect(stopButton_, &QPushButton::clicked, this, &TrainPanel::stop);
    connect(estimateButton_, &QPushButton::clicked, this, &TrainPanel::estimate);
    return left;
}

void TrainPanel::connectRunner() {
    connect(runner_, &TrainingRunner::estimated, this, [this](const QString& text, bool failed) {
        phase_->setText(failed ? tr("No estimate: %1").arg(text) : tr("Estimate: %1").arg(text));
        updateButtons();
    });
    connect(runner_, &TrainingRunner::phase, phase_, &QLabel::setText);
    connect(runner_, &TrainingRunner::message, this, [this](const QString& m) { phase_->setText(tr("Note: %1").arg(m)); });
    connect(runner_, &TrainingRunner::pausedChanged, this, &TrainPanel::updateButtons);
    connect(runner_, &TrainingRunner::sampleWritten, this, [this] { updateCheckpoints(); });
    connect(runner_, &TrainingRunner::finished, this, [this](const QString& text, bool failed) {
        phase_->setText(failed ? tr("Failed: %1").arg(text) : text);
        pollNow();
        updateButtons();
        Q_EMIT runFinished(text, failed);
    });
}

void TrainPanel::startTimers() {
    // Plots follow a run 5 times a second, however fast it steps: on a small machine each redraw
    // takes a core from a training that uses them all (`mozart-studio --bench`: ~30 a second cost
    // a fast tiny run 20-35 % of its tokens/s on 2 cores). Zoom, pan and axis changes are immediate.
    redrawTimer_.setInterval(200);
    connect(&redrawTimer_, &QTimer::timeout, this, [this] {
        // The runner's step count is read here rather than signalled per step: a fast run would
        // wake the GUI thread tens of times a second for nothing it draws.
        const qint64 steps = runner_->stepsTaken();
        if (steps != seenSteps_) seenSteps_ = steps, dirty_ = true;
        if (!dirty_) return;
        dirty_ = false;
        pollNow();
    });
    redrawTimer_.start();
    pollTimer_.setInterval(500);  // the fallback when file notifications do not come (network folders)
    connect(&pollTimer_, &QTimer::timeout, this, [this] { dirty_ = true; });
    pollTimer_.start();
    connect(&watcher_, &QFileSystemWatcher::fileChanged, this, [this] { dirty_ = true; });
    connect(&watcher_, &QFileSystemWatcher::directoryChanged, this, [this] { dirty_ = true; });
    // Once the form has refused something, it checks again as the user edits, so the mark goes as
    // soon as the value is right (not on every key from the start: an empty form is no error).
    recheck_.setSingleShot(true);
    recheck_.setInterval(300);
    connect(&recheck_, &QTimer::timeout, form_, [this] { form_->check(); });
    connect(form_, &TrainForm::changed, this, [this] {
        if (!form_->error().isEmpty()) recheck_.start();
    });
}

// The offered run, resumed with its own settings and length.
void TrainPanel::resumeOffered() {
    const QSettings settings;
    resumeBar_->hide();
    form_->setDataFolder(settings.value(QStringLiteral("train/lastData")).toString());
    form_->setRunFolder(settings.value(QStringLiteral("train/lastRun")).toString());
    auto options = form_->check();
    if (!options) return;
    options->resume = true;
    options->steps = 0;
    options->minutes = 0;
    setRuns({QString::fromStdString(options->out)});
    runner_->start(*options);
    updateButtons();
}

TrainPanel::~TrainPanel() { runner_->stopAndWait(); }

QWidget* TrainPanel::buildPlots() {
    auto* right = new QWidget;
    auto* v = new QVBoxLayout(right);
    v->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    xAxis_ = new QComboBox(right);
    xAxis_->setObjectName(QStringLiteral("xAxis"));
    xAxis_->addItems({tr("by step"), tr("by time"), tr("by tokens")});
    logY_ = new QCheckBox(tr("log y"), right);
    logY_->setObjectName(QStringLiteral("logY"));
    smoothing_ = new QSlider(Qt::Horizontal, right);
    smoothing_->setObjectName(QStringLiteral("smoothing"));
    smoothing_->setRange(0, 99);
    smoothing_->setValue(60);
    smoothing_->setMaximumWidth(140);
    smoothing_->setToolTip(tr("Smoothing of the training loss (exponential, debiased as in TensorBoard)"));
    auto* smoothingValue = new QLabel(QStringLiteral("0.60"), right);
    auto* reset = new QPushButton(tr("Reset zoom"), right);
    bar->addWidget(xAxis_);
    bar->addWidget(logY_);
    bar->addWidget(new QLabel(tr("Smoothing"), right));
    bar->addWidget(smoothing_);
    bar->addWidget(smoothingValue);
    bar->addWidget(reset);
    bar->addStretch(1);
    v->addLayout(bar);
    status_ = new QLabel(tr("No run"), right);
    status_->setObjectName(QStringLiteral("statusLine"));
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(status_);

    plots_ = new QWidget(right);
    auto* grid = new QGridLayout(plots_);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    const QString titles[kMetricCount] = {tr("Training loss"), tr("Validation loss"), tr("Validation perplexity"),
                                          tr("Token accuracy"), tr("Learning rate"), tr("Gradient norm"), tr("Tokens/s")};
    for (int m = 0; m < kMetricCount; ++m) {
        auto* chart = new MetricsChart(Metric(m), titles[m], plots_);
        charts_.push_back(chart);
        grid->addWidget(chart, m / 4, m % 4);
        connect(chart, &MetricsChart::readout, this, [this](const QString& t) { readout_->setText(t); });
    }
    linkXViews(charts_, this);  // one x range for every plot
    auto* split = new QSplitter(Qt::Vertical, right);
    split->addWidget(plots_);
    auto* tabs = new QTabWidget(split);
    checkpoints_ = new CheckpointList(tabs);
    connect(checkpoints_, &CheckpointList::opened, this, &TrainPanel::checkpointOpened);
    connect(checkpoints_, &CheckpointList::sampleRequested, this, &TrainPanel::sampleRequested);
    samples_ = new SamplesTimeline(tabs);
    connect(samples_, &SamplesTimeline::pieceOpened, this, &TrainPanel::samplePieceOpened);
    connect(samples_, &SamplesTimeline::modelOpened, this, &TrainPanel::checkpointOpened);
    table_ = new RunsTable(tabs);
    tabs->addTab(table_, tr("Runs"));
    tabs->addTab(checkpoints_, tr("Checkpoints"));
    tabs->addTab(samples_, tr("Samples timeline"));
    tabs->setObjectName(QStringLiteral("runTabs"));
    // The tab the user last looked at (runs, checkpoints or samples) comes back with the studio.
    tabs->setCurrentIndex(std::clamp(QSettings().value(QStringLiteral("train/tab"), 0).toInt(), 0, tabs->count() - 1));
    connect(tabs, &QTabWidget::currentChanged, this, [](int i) { SettingsWriter::set(QStringLiteral("train/tab"), i); });
    split->addWidget(tabs);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    v->addWidget(split, 1);
    readout_ = new QLabel(right);
    readout_->setObjectName(QStringLiteral("readout"));
    v->addWidget(readout_);

    connect(xAxis_, &QComboBox::currentIndexChanged, this, [this](int i) { setXAxis(XAxis(i)); });
    connect(logY_, &QCheckBox::toggled, this, &TrainPanel::setLogY);
    connect(smoothing_, &QSlider::valueChanged, this, [this, smoothingValue](int v) {
        smoothingValue->setText(QString::number(v / 100.0, 'f', 2));
        setSmoothing(v / 100.0);
    });
    connect(reset, &QPushButton::clicked, this, [this] {
        for (auto* c : charts_) c->resetZoom();
    });
    return right;
}

void TrainPanel::buildActions() {
    startAction_ = menu_->addAction(tr("&Start training"), this, &TrainPanel::start);
    pauseAction_ = menu_->addAction(tr("&Pause"), this, &TrainPanel::pause);
    resumeAction_ = menu_->addAction(tr("&Resume"), this, &TrainPanel::resume);
    stopAction_ = menu_->addAction(tr("S&top (save the last checkpoint)"), this, &TrainPanel::stop);
    estimateAction_ = menu_->addAction(tr("&Estimate time and memory"), this, &TrainPanel::estimate);
    menu_->addSeparator();
    menu_->addAction(tr("&Follow a run folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Follow a run folder"));
        if (!dir.isEmpty()) followRun(dir);
    });
    menu_->addAction(tr("&Compare the runs in a folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of run folders"));
        if (!dir.isEmpty()) openRunsFolder(dir);
    });
    menu_->addSeparator();
    menu_->addAction(tr("Export plots as P&NG…"), this, [this] { exportDialog(QStringLiteral("png")); });
    menu_->addAction(tr("Export plots as S&VG…"), this, [this] { exportDialog(QStringLiteral("svg")); });
    menu_->addAction(tr("Export metrics as &CSV…"), this, [this] { exportDialog(QStringLiteral("csv")); });
}

void TrainPanel::exportDialog(const QString& kind) {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), QString(), QStringLiteral("*.") + kind);
    if (path.isEmpty()) return;  // the dialog asked before replacing a file
    QString error;
    const bool ok = kind == QLatin1String("csv") ? exportCsv(path, &error)
                    : kind == QLatin1String("svg") ? exportSvg(path, &error) : exportPng(path, &error);
    if (!ok) QMessageBox::warning(this, tr("Export"), error);
}

void TrainPanel::setExistingRunChoice(std::function<ExistingRun(const QString&)> choose) { choose_ = std::move(choose); }

void TrainPanel::setDatasetFolder(const QString& folder) {
    if (form_->dataFolder().isEmpty() || !runner_->isRunning()) form_->setDataFolder(folder);
}

void TrainPanel::start() {
    if (runner_->isRunning()) return;
    auto options = form_->check();
    if (!options) {
        phase_->setText(form_->error());
        return;
    }
    const QString folder = QString::fromStdString(options->out);
    if (holdsRun(folder)) {
        const ExistingRun choice = choose_(folder);
        if (choice == ExistingRun::Cancel) return;
        options->resume = choice == ExistingRun::Resume;
        options->force = choice == ExistingRun::StartAfresh;
    }
    setRuns({folder});
    SettingsWriter::set({{QStringLiteral("train/lastRun"), QFileInfo(folder).absoluteFilePath()},
                         {QStringLiteral("train/lastData"), QFileInfo(QString::fromStdString(options->data)).absoluteFilePath()}});
    phase_->setText(tr("Starting…"));
    runner_->setSamplesEvery(form_->samplesEvery());
    runner_->start(*options);
    updateButtons();
}

void TrainPanel::estimate() {
    if (runner_->isRunning()) return;
    auto options = form_->check();
    if (!options) {
        phase_->setText(form_->error());
        return;
    }
    phase_->setText(tr("Estimating: reading the data and timing a few steps…"));
    runner_->estimate(*options);
    updateButtons();
}

void TrainPanel::pause() { runner_->pause(); }
void TrainPanel::resume() { runner_->resume(); }
void TrainPanel::stop() {
    if (!runner_->isRunning()) return;
    phase_->setText(tr("Stopping: saving the last checkpoint…"));
    runner_->stop();
}

bool TrainPanel::maybeStopForClose() {
    if (!runner_->isRunning()) return true;
    const auto answer = QMessageBox::question(this, tr("Training in progress"),
                                              tr("A training run is in progress. Stop it (the last checkpoint is saved) and close?"),
                                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) return false;
    runner_->stopAndWait();
    return true;
}

void TrainPanel::updateButtons() {
    const bool running = runner_->isRunning(), paused = runner_->isPaused();
    startButton_->setEnabled(!running);
    pauseButton_->setEnabled(running && !paused);
    resumeButton_->setEnabled(running && paused);
    stopButton_->setEnabled(running);
    startAction_->setEnabled(!running);
    estimateButton_->setEnabled(!running);
    estimateAction_->setEnabled(!running);
    pauseAction_->setEnabled(running && !paused);
    resumeAction_->setEnabled(running && paused);
    stopAction_->setEnabled(running);
    form_->setEnabled(!running);
}

void TrainPanel::followRun(const QString& folder) { setRuns({folder}); }

bool TrainPanel::openRunsFolder(const QString& folder) {
    std::vector<QString> folders;
    for (const QString& sub : QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString path = QDir(folder).filePath(sub);
        if (QFileInfo::exists(path + QStringLiteral("/metrics.jsonl"))) folders.push_back(path);
    }
    if (QFileInfo::exists(folder + QStringLiteral("/metrics.jsonl"))) folders = {folder};
    if (folders.empty()) return false;
    setRuns(std::move(folders));
    return true;
}

void TrainPanel::setRuns(std::vector<QString> folders) {
    if (!watcher_.files().isEmpty()) watcher_.removePaths(watcher_.files());
    if (!watcher_.directories().isEmpty()) watcher_.removePaths(watcher_.directories());
    runs_.clear();
    colours_.clear();
    for (std::size_t i = 0; i < folders.size(); ++i) {
        runs_.push_back(std::make_unique<RunData>(folders[i]));
        colours_.push_back(kColours[i % std::size(kColours)]);
    }
    std::vector<const RunData*> shown;
    for (const auto& r : runs_) shown.push_back(r.get());
    for (auto* chart : charts_) chart->setRuns(shown, colours_);
    shareXRange();
    pollNow();
}

void TrainPanel::watch() {
    for (const auto& r : runs_) {
        const QString metrics = r->folder() + QStringLiteral("/metrics.jsonl");
        if (!watcher_.directories().contains(r->folder()) && QFileInfo::exists(r->folder())) watcher_.addPath(r->folder());
        // A rewritten file is a new file: watch it again.
        if (!watcher_.files().contains(metrics) && QFileInfo::exists(metrics)) watcher_.addPath(metrics);
    }
}

void TrainPanel::pollNow() {
    bool changed = false;
    for (auto& r : runs_) changed = r->poll() || changed;
    watch();
    updateStatus();
    if (!changed) return;
    redraw();
}

void TrainPanel::shareXRange() { shareFullXRange(charts_, XAxis(xAxis_->currentIndex())); }

void TrainPanel::redraw() {
    if (closed_) {
        stale_ = true;
        return;
    }
    redrawNow();
}

void TrainPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    closed_ = false;
    if (stale_) redrawNow();
}

void TrainPanel::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    closed_ = true;
}

void TrainPanel::redrawNow() {
    stale_ = false;
    shareXRange();
    for (auto* chart : charts_) chart->refreshIfChanged();
    std::vector<const RunData*> shown;
    for (const auto& r : runs_) shown.push_back(r.get());
    table_->setRuns(shown, colours_);
    updateCheckpoints();
}

qint64 TrainPanel::stepsTaken() const { return runner_->stepsTaken(); }

QString TrainPanel::statusText() const { return status_->text(); }

QString TrainPanel::resumeOffer() const { return resumeBar_->isHidden() ? QString() : resumeText_->text(); }

void TrainPanel::offerToResume() {
    const QSettings settings;
    const QString run = settings.value(QStringLiteral("train/lastRun")).toString();
    if (run.isEmpty() || runner_->isRunning() || !QFileInfo::exists(run + QStringLiteral("/last/model.safetensors"))) return;
    // The end of metrics.jsonl says how the run ended: stopped (cancelled), or killed (no end).
    QFile file(run + QStringLiteral("/metrics.jsonl"));
    if (!file.open(QIODevice::ReadOnly)) return;
    file.seek(std::max<qint64>(0, file.size() - 65536));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QString reason = QStringLiteral("killed");
    qint64 step = 0;
    for (const QByteArray& line : lines) {
        train::MetricsEvent e;
        if (!train::parseMetricsLine(line.toStdString(), e)) continue;
        step = std::max<qint64>(step, e.step);
        if (e.kind == train::MetricsEvent::Kind::Finished) reason = QString::fromStdString(e.reason);
        else reason = QStringLiteral("killed");
    }
    if (reason != QLatin1String("cancelled") && reason != QLatin1String("killed")) return;
    resumeText_->setText(tr("The run in %1 was stopped at step %2.").arg(QDir::toNativeSeparators(run)).arg(step));
    resumeBar_->show();
}

void TrainPanel::updateStatus() {
    status_->setText(runs_.empty() ? tr("No run") : RunStatus::text(*runs_.front(), runner_->isRunning()));
}

void TrainPanel::updateCheckpoints() {
    if (runs_.empty()) checkpoints_->clear();
    else checkpoints_->setRun(*runs_.front());
    const QString run = runs_.empty() ? QString() : runs_.front()->folder();
    if (run != samples_->run()) samples_->setRun(run);
    else samples_->refresh();
}

QStringList TrainPanel::checkpointRows() const { return checkpoints_->rows(); }

QStringList TrainPanel::sampleRows() const { return samples_->rows(); }

void TrainPanel::setXAxis(XAxis axis) {
    if (xAxis_->currentIndex() != int(axis)) xAxis_->setCurrentIndex(int(axis));
    shareXRange();
    for (auto* c : charts_) c->setXAxis(axis);
}

void TrainPanel::setLogY(bool on) {
    if (logY_->isChecked() != on) logY_->setChecked(on);
    for (auto* c : charts_) c->setLogY(on);
    shareXRange();  // log y leaves out the points at or below zero
    for (auto* c : charts_) c->refresh();
}

void TrainPanel::setSmoothing(double weight) {
    charts_[int(Metric::TrainLoss)]->setSmoothing(weight);
}

bool TrainPanel::exportCsv(const QString& path, QString* error) const {
    std::vector<const RunData*> shown;
    for (const auto& r : runs_) shown.push_back(r.get());
    return exportMetricsCsv(shown, path, error);
}

// The plots may wait for the panel to be shown again: exports draw what the runs hold now.
bool TrainPanel::exportSvg(const QString& path, QString* error) const {
    if (stale_) const_cast<TrainPanel*>(this)->redrawNow();
    return exportChartsSvg(charts_, colours_, path, error);
}

bool TrainPanel::exportPng(const QString& path, QString* error) const {
    if (stale_) const_cast<TrainPanel*>(this)->redrawNow();
    return exportWidgetPng(plots_, path, error);
}

}  // namespace mozart::ui
