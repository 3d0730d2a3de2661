#include "callresponse/CallResponsePanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include "audio/MidiPorts.h"
#include "document/PieceDocument.h"

namespace mozart::ui {

CallResponsePanel::CallResponsePanel(QWidget* parent)
    : QWidget(parent),
      runner_(new CallResponseRunner(this)),
      input_(new QComboBox(this)),
      noInput_(new QLabel(this)),
      tempo_(new QSpinBox(this)),
      pause_(new QDoubleSpinBox(this)),
      bars_(new QSpinBox(this)),
      output_(new QComboBox(this)),
      toggle_(new QPushButton(tr("Listen and Answer"), this)),
      status_(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    form->addRow(tr("MIDI input:"), input_);
    form->addRow(noInput_);
    tempo_->setRange(30, 300);
    tempo_->setValue(120);
    tempo_->setSuffix(tr(" bpm"));
    tempo_->setToolTip(tr("The tempo you play at: it measures the pause and the answer's bars"));
    form->addRow(tr("Tempo:"), tempo_);
    pause_->setRange(0.5, 16.0);
    pause_->setSingleStep(0.5);
    pause_->setDecimals(1);
    pause_->setValue(2.0);
    pause_->setSuffix(tr(" beats"));
    pause_->setToolTip(tr("How long you stay silent before the model answers"));
    form->addRow(tr("Answer after a pause of:"), pause_);
    bars_->setRange(1, 16);
    bars_->setValue(2);
    bars_->setSuffix(tr(" bars"));
    form->addRow(tr("Answer length:"), bars_);
    output_->setToolTip(tr("Where the answer sounds: the built-in synthesizer or a MIDI output port"));
    form->addRow(tr("Answer through:"), output_);
    layout->addLayout(form);
    toggle_->setCheckable(true);
    layout->addWidget(toggle_);
    status_->setWordWrap(true);
    noInput_->setWordWrap(true);
    layout->addWidget(status_);
    layout->addStretch(1);

    connect(toggle_, &QPushButton::clicked, this, [this](bool on) {
        if (on) start(); else stop();
    });
    connect(output_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        if (chooseOutput_ && !chooseOutput_(output_->itemData(i).toString()))
            setStatus(tr("This output cannot be used: %1").arg(output_->itemText(i)), true);
    });
    connect(runner_, &CallResponseRunner::listening, this, [this] {
        setStatus(tr("Listening on %1: play a phrase, then pause.").arg(portName_));
        updateEnabled();
    });
    connect(runner_, &CallResponseRunner::failed, this, [this](const QString& e) {
        display_.stop();
        setStatus(e, true);
        updateEnabled();
    });
    connect(runner_, &CallResponseRunner::phaseChanged, this, &CallResponsePanel::showPhase);
    display_.setInterval(33);
    connect(&display_, &QTimer::timeout, this, &CallResponsePanel::refreshPiece);
    connect(runner_, &CallResponseRunner::answered, this, &CallResponsePanel::showAnswer);
    refreshPorts();
    restoreSettings();
}

// The choices of the last session (a value that is not a number of the right kind is ignored).
void CallResponsePanel::restoreSettings() {
    const QSettings s;
    bool ok = false;
    if (const int v = s.value(QStringLiteral("callResponse/tempo")).toInt(&ok); ok) tempo_->setValue(v);
    if (const double v = s.value(QStringLiteral("callResponse/pauseBeats")).toDouble(&ok); ok && v > 0) pause_->setValue(v);
    if (const int v = s.value(QStringLiteral("callResponse/answerBars")).toInt(&ok); ok) bars_->setValue(v);
    const int port = input_->findText(s.value(QStringLiteral("callResponse/input")).toString());
    if (port >= 0) input_->setCurrentIndex(port);
    preferredOutput_ = s.value(QStringLiteral("callResponse/output")).toString();
}

void CallResponsePanel::saveSettings() const {
    QSettings s;
    s.setValue(QStringLiteral("callResponse/tempo"), tempo_->value());
    s.setValue(QStringLiteral("callResponse/pauseBeats"), pause_->value());
    s.setValue(QStringLiteral("callResponse/answerBars"), bars_->value());
    if (input_->count() > 0) s.setValue(QStringLiteral("callResponse/input"), input_->currentText());
    if (output_->count() > 0) s.setValue(QStringLiteral("callResponse/output"), output_->currentData().toString());
}

CallResponsePanel::~CallResponsePanel() { runner_->stop(); }

void CallResponsePanel::setOutputs(std::function<std::vector<AudioOutput>()> list,
                                   std::function<bool(const QString&)> choose) {
    listOutputs_ = std::move(list);
    chooseOutput_ = std::move(choose);
    refreshOutputs();
}

void CallResponsePanel::refreshOutputs() {
    output_->clear();
    if (!listOutputs_) return;
    for (const auto& o : listOutputs_()) output_->addItem(o.name, o.id);
    if (const int i = output_->findData(preferredOutput_); i >= 0) output_->setCurrentIndex(i);
}

void CallResponsePanel::refreshPorts() {
    const audio::MidiPortList ports = audio::listMidiPorts();
    input_->clear();
    for (const auto& name : ports.inputs) input_->addItem(QString::fromStdString(name));
    QString why = QString::fromStdString(ports.problem.empty() ? audio::midiUnavailableReason() : ports.problem);
    noInput_->setText(input_->count() > 0 ? QString()
                      : why.isEmpty()     ? tr("No MIDI input is available: connect a keyboard and reopen this panel.")
                                          : tr("No MIDI input is available (%1).").arg(why));
    noInput_->setVisible(input_->count() == 0);
    updateEnabled();
}

bool CallResponsePanel::hasInput() const { return input_->count() > 0; }
QString CallResponsePanel::noInputText() const { return noInput_->text(); }
QString CallResponsePanel::statusText() const { return status_->text(); }
void CallResponsePanel::setTempo(int qpm) { tempo_->setValue(qpm); }
void CallResponsePanel::setPauseBeats(double beats) { pause_->setValue(beats); }
void CallResponsePanel::setAnswerBars(int bars) { bars_->setValue(bars); }

generate::CallAndResponseSettings CallResponsePanel::settings() const {
    generate::CallAndResponseSettings s;
    s.qpm = tempo_->value();
    s.pauseBeats = pause_->value();
    s.answerBars = bars_->value();
    if (generation_) {
        s.generation = generation_();
    } else {
        s.generation.sampling.seed = QRandomGenerator::global()->generate64();
        s.generation.sampling.temperature = 0.9;
    }
    // The answer's instrument: the Generate panel's (the first, when several; not drums).
    const auto& programs = s.generation.constraints.programs;
    if (!programs.empty() && programs.front() >= 0) s.program = programs.front();
    else if (s.generation.prompt.program.value_or(-1) >= 0) s.program = *s.generation.prompt.program;
    // No silent bars in an answer.
    s.generation.constraints.minNotesPerBar = std::max(1, s.generation.constraints.minNotesPerBar);
    if (s.generation.constraints.maxNotesPerBar > 0 && s.generation.constraints.maxNotesPerBar < 1)
        s.generation.constraints.maxNotesPerBar = 1;
    return s;
}

bool CallResponsePanel::start() {
    if (!hasInput()) {
        setStatus(noInput_->text(), true);
        updateEnabled();
        return false;
    }
    std::string error;
    auto recorder = audio::MidiRecorder::open(input_->currentText().toStdString(), &error);
    if (!recorder) {
        setStatus(QString::fromStdString(error), true);
        updateEnabled();
        return false;
    }
    return listenTo(std::move(recorder));
}

bool CallResponsePanel::listenTo(std::unique_ptr<audio::MidiRecorder> recorder) {
    if (editsGuard_ && !editsGuard_()) {  // the open piece's unsaved edits are kept
        setStatus(tr("Not listening: the open piece was kept."));
        updateEnabled();
        return false;
    }
    portName_ = QString::fromStdString(recorder->portName());
    if (chooseOutput_ && output_->count() > 0) chooseOutput_(output_->currentData().toString());
    QString error;
    if (!runner_->start(model_ ? model_() : QString(), settings(), std::move(recorder), &error)) {
        setStatus(error, true);
        updateEnabled();
        return false;
    }
    saveSettings();
    if (doc_) doc_->load(midi::Score{}, QString());  // the session is a new piece
    shownMessages_ = shownAnswers_ = 0;
    display_.start();
    setStatus(tr("Loading the model…"));
    updateEnabled();
    return true;
}

void CallResponsePanel::stop() {
    refreshPiece();  // the last notes played
    display_.stop();
    runner_->stop();
    setStatus(tr("Not listening."));
    updateEnabled();
}

void CallResponsePanel::showPhase(int phase) {
    using Phase = generate::CallAndResponse::Phase;
    switch (Phase(phase)) {
    case Phase::Listening: setStatus(tr("Listening on %1: play a phrase, then pause.").arg(portName_)); break;
    case Phase::Playing: setStatus(tr("Hearing a phrase…")); break;
    case Phase::Pausing: setStatus(tr("Phrase heard: the answer comes after %1 beats of silence.").arg(pause_->value())); break;
    case Phase::Answering: setStatus(tr("Answering…")); break;
    }
}

void CallResponsePanel::showAnswer(int index) {
    const generate::Exchange& e = runner_->exchanges().at(std::size_t(index));
    if (!e.error.empty()) {
        setStatus(tr("No answer: %1").arg(QString::fromStdString(e.error)), true);
        Q_EMIT answered(index);
        return;
    }
    refreshPiece();
    if (player_) player_(e.answerStartTick);
    setStatus(tr("Answer %1: %2 bars, %3 notes, ready %4 ms after the pause. Play the next phrase.")
                  .arg(index + 1).arg(e.answerBars).arg(e.notes.size())
                  .arg(qRound(std::max(0.0, e.latencySeconds()) * 1000)));
    Q_EMIT answered(index);
}

void CallResponsePanel::refreshPiece() {
    const audio::MidiRecorder* recorder = runner_->recorder();
    const std::size_t messages = recorder ? recorder->messageCount() : shownMessages_;
    const std::size_t answers = runner_->exchanges().size();
    if (!doc_ || !recorder || (messages == shownMessages_ && answers == shownAnswers_)) return;
    shownMessages_ = messages;
    shownAnswers_ = answers;
    midi::Score piece = runner_->recording();
    for (auto& t : piece.tracks) t.name = tr("Played").toStdString();
    midi::Track answer;  // every answer on one track of its own
    answer.name = tr("Answer").toStdString();
    answer.program = std::max(0, runner_->settings().program);
    answer.channel = 1;
    for (const auto& x : runner_->exchanges()) answer.notes.insert(answer.notes.end(), x.notes.begin(), x.notes.end());
    if (!answer.notes.empty()) piece.tracks.push_back(std::move(answer));
    doc_->replaceScore(std::move(piece));
}

void CallResponsePanel::setStatus(const QString& text, bool error) {
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void CallResponsePanel::updateEnabled() {
    const bool active = runner_->isActive();
    toggle_->setChecked(active);
    toggle_->setEnabled(active || hasInput());
    toggle_->setToolTip(hasInput() || active ? QString() : noInput_->text());
    for (QWidget* w : std::initializer_list<QWidget*>{input_, tempo_, pause_, bars_, output_}) w->setEnabled(!active);
    input_->setEnabled(!active && hasInput());
}

}  // namespace mozart::ui
