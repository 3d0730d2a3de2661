#include "playback/PlaybackPanel.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace mozart::ui {

namespace {

QSlider* percentSlider(QWidget* parent, const QString& name) {
    auto* s = new QSlider(Qt::Horizontal, parent);
    s->setRange(0, 100);
    s->setObjectName(name);
    return s;
}

QString clock(double seconds) {
    const int ms = int(seconds * 1000 + 0.5);
    return QStringLiteral("%1:%2.%3")
        .arg(ms / 60000)
        .arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'))
        .arg((ms / 100) % 10);
}

}  // namespace

PlaybackPanel::PlaybackPanel(PlaybackEngine* engine, const Actions& actions, QWidget* parent)
    : QWidget(parent), engine_(engine) {
    auto* layout = new QVBoxLayout(this);
    auto* transport = new QHBoxLayout;
    for (QAction* a : {actions.toStart, actions.playPause, actions.stop, actions.loop, actions.panic}) {
        if (!a) continue;
        auto* b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        if (a == actions.playPause && !actions.playPauseTexts.isEmpty()) {
            const QFontMetrics fm = b->fontMetrics();
            const int chrome = b->sizeHint().width() - fm.horizontalAdvance(QString(a->text()).remove(QLatin1Char('&')));
            int widest = 0;
            for (const QString& text : actions.playPauseTexts)
                widest = std::max(widest, fm.horizontalAdvance(QString(text).remove(QLatin1Char('&'))));
            b->setMinimumWidth(widest + chrome);
        }
        transport->addWidget(b);
    }
    transport->addStretch(1);
    layout->addLayout(transport);

    position_ = new QLabel(this);
    position_->setObjectName(QStringLiteral("positionLabel"));
    QFont big = position_->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setFamily(QStringLiteral("monospace"));
    position_->setFont(big);
    // Its text changes many times a second while playing: its width must not follow it.
    position_->setMinimumWidth(QFontMetrics(big).horizontalAdvance(QStringLiteral("999:4  10:00.0 / 10:00.0")));
    position_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    tempo_ = new QLabel(this);
    layout->addWidget(position_);
    layout->addWidget(tempo_);

    auto* form = new QFormLayout;
    volume_ = percentSlider(this, QStringLiteral("volume"));
    reverb_ = percentSlider(this, QStringLiteral("reverb"));
    chorus_ = percentSlider(this, QStringLiteral("chorus"));
    form->addRow(tr("Volume"), volume_);
    form->addRow(tr("Reverb"), reverb_);
    form->addRow(tr("Chorus"), chorus_);

    auto* sfRow = new QHBoxLayout;
    soundFont_ = new QLineEdit(this);
    soundFont_->setReadOnly(true);
    soundFont_->setPlaceholderText(tr("No SoundFont"));
    auto* browse = new QToolButton(this);
    browse->setText(tr("…"));
    browse->setToolTip(tr("Choose a SoundFont (.sf2, .sf3)"));
    sfRow->addWidget(soundFont_, 1);
    sfRow->addWidget(browse);
    form->addRow(tr("SoundFont"), sfRow);
    soundFontError_ = new QLabel(this);
    soundFontError_->setWordWrap(true);
    soundFontError_->setStyleSheet(QStringLiteral("color: #d33;"));
    soundFontError_->hide();
    form->addRow(soundFontError_);
    output_ = new QComboBox(this);
    output_->setObjectName(QStringLiteral("output"));
    // An output's name can be a long explanation (why there is no sound): it must not widen the
    // whole dock and squeeze the piano roll, so the box keeps a modest width and the full text
    // is in the tooltip.
    output_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    output_->setMinimumContentsLength(24);
    connect(output_, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { output_->setToolTip(output_->currentData(Qt::ToolTipRole).toString()); });
    form->addRow(tr("Output"), output_);
    layout->addLayout(form);
    layout->addStretch(1);

    volume_->setValue(80);
    reverb_->setValue(30);
    chorus_->setValue(10);
    engine_->setVolume(0.8);
    engine_->setReverb(0.3);
    engine_->setChorus(0.1);
    connect(volume_, &QSlider::valueChanged, this, [this](int v) { engine_->setVolume(v / 100.0); Q_EMIT settingsChanged(); });
    connect(reverb_, &QSlider::valueChanged, this, [this](int v) { engine_->setReverb(v / 100.0); Q_EMIT settingsChanged(); });
    connect(chorus_, &QSlider::valueChanged, this, [this](int v) { engine_->setChorus(v / 100.0); Q_EMIT settingsChanged(); });
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose a SoundFont"), engine_->soundFont(),
                                                          tr("SoundFonts (*.sf2 *.sf3 *.SF2)"));
        if (!path.isEmpty() && loadSoundFont(path)) Q_EMIT settingsChanged();
    });
    connect(output_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        const QString error = engine_->setOutput(output_->itemData(i).toString());
        if (!error.isEmpty()) Q_EMIT engine_->errorOccurred(error);
        Q_EMIT settingsChanged();
    });
    connect(engine_, &PlaybackEngine::positionChanged, this, &PlaybackPanel::showPosition);
    refreshOutputs();
    soundFont_->setText(QFileInfo(engine_->soundFont()).fileName());
    soundFont_->setToolTip(engine_->soundFont());
    showPosition(0);
}

void PlaybackPanel::setDocument(PieceDocument* document) {
    doc_ = document;
    if (doc_) connect(doc_, &PieceDocument::scoreReset, this, [this] { showPosition(0); });
    showPosition(engine_->position());
}

void PlaybackPanel::setVolume(int percent) { volume_->setValue(percent); }
void PlaybackPanel::setReverb(int percent) { reverb_->setValue(percent); }
void PlaybackPanel::setChorus(int percent) { chorus_->setValue(percent); }
int PlaybackPanel::volume() const { return volume_->value(); }
int PlaybackPanel::reverb() const { return reverb_->value(); }
int PlaybackPanel::chorus() const { return chorus_->value(); }

bool PlaybackPanel::loadSoundFont(const QString& path) {
    const QString error = engine_->setSoundFont(path);
    soundFontError_->setText(error);
    soundFontError_->setVisible(!error.isEmpty());
    // The file's name fits the field; its folder is on hover.
    soundFont_->setText(QFileInfo(engine_->soundFont()).fileName());
    soundFont_->setToolTip(engine_->soundFont());
    return error.isEmpty();
}

bool PlaybackPanel::selectOutput(const QString& id) {
    const int i = output_->findData(id);
    if (i < 0) return false;
    output_->setCurrentIndex(i);
    return engine_->setOutput(id).isEmpty();
}

void PlaybackPanel::refreshOutputs() {
    output_->clear();
    for (const auto& o : engine_->outputs()) {
        output_->addItem(o.name, o.id);
        output_->setItemData(output_->count() - 1, o.detail.isEmpty() ? o.name : o.detail, Qt::ToolTipRole);
    }
    const int i = output_->findData(engine_->output());
    if (i >= 0) output_->setCurrentIndex(i);
    output_->setToolTip(output_->currentData(Qt::ToolTipRole).toString());
}

QString PlaybackPanel::positionText() const { return position_->text(); }

void PlaybackPanel::showPosition(midi::Tick tick) {
    if (!doc_) {
        position_->setText(QStringLiteral("1:1  0:00.0"));
        return;
    }
    const midi::TempoMap map(doc_->score());
    const double total = map.seconds(doc_->score().endTick());
    position_->setText(QStringLiteral("%1  %2 / %3")
                           .arg(QString::fromStdString(doc_->barGrid().position(tick)).section(QLatin1Char('.'), 0, 0),
                                clock(map.seconds(tick)), clock(total)));
    double qpm = 120.0;
    for (const auto& t : doc_->score().tempos) {
        if (t.time > tick) break;
        qpm = t.qpm();
    }
    tempo_->setText(tr("Tempo %1 bpm").arg(qpm, 0, 'f', 1));
}

}  // namespace mozart::ui
