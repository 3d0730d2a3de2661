#include "pianoroll/PianoRollEditor.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QToolButton>
#include <algorithm>
#include <cmath>

#include "pianoroll/KeyboardRuler.h"
#include "pianoroll/PianoRollCanvas.h"
#include "pianoroll/TimeRuler.h"
#include "pianoroll/VelocityLane.h"

namespace mozart::ui {

PianoRollEditor::PianoRollEditor(QWidget* parent)
    : QWidget(parent), viewport_(new PianoRollViewport(this)) {
    canvas_ = new PianoRollCanvas(viewport_, this);
    ruler_ = new TimeRuler(viewport_, this);
    keyboard_ = new KeyboardRuler(viewport_, this);
    lane_ = new VelocityLane(viewport_, this);
    lane_->setNoteIndex(&canvas_->noteIndex());
    hbar_ = new QScrollBar(Qt::Horizontal, this);
    vbar_ = new QScrollBar(Qt::Vertical, this);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(new QLabel(tr("Snap:"), this));
    gridCombo_ = new QComboBox(this);
    gridCombo_->setObjectName(QStringLiteral("snapGrid"));
    const std::pair<QString, int> grids[] = {{tr("Bar"), 1},         {tr("1/2"), 2},
                                             {tr("1/4"), 4},          {tr("1/8"), 8},
                                             {tr("1/8 triplet"), 12}, {tr("1/16"), 16},
                                             {tr("1/32"), 32},        {tr("Off"), 0}};
    for (const auto& [name, div] : grids) gridCombo_->addItem(name, div);
    gridCombo_->setCurrentIndex(5);
    gridCombo_->setToolTip(tr("Snap grid (hold Alt to place freely)"));
    bar->addWidget(gridCombo_);
    followButton_ = new QToolButton(this);
    followButton_->setText(tr("Follow playhead"));
    followButton_->setCheckable(true);
    followButton_->setChecked(true);
    bar->addWidget(followButton_);
    auto addButton = [&](const QString& text, const QString& tip, void (PianoRollEditor::*slot)()) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        connect(b, &QToolButton::clicked, this, slot);
        bar->addWidget(b);
    };
    addButton(QStringLiteral("−"), tr("Zoom out (Ctrl+−)"), &PianoRollEditor::zoomOut);
    addButton(QStringLiteral("+"), tr("Zoom in (Ctrl++)"), &PianoRollEditor::zoomIn);
    addButton(tr("Fit"), tr("Zoom to fit"), &PianoRollEditor::zoomToFit);
    bar->addStretch(1);

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(0);
    grid->addLayout(bar, 0, 0, 1, 3);
    grid->addWidget(ruler_, 1, 1);
    grid->addWidget(keyboard_, 2, 0);
    grid->addWidget(canvas_, 2, 1);
    grid->addWidget(vbar_, 2, 2);
    auto* laneLabel = new QLabel(tr("Velocity"), this);
    laneLabel->setAlignment(Qt::AlignCenter);
    laneLabel->setObjectName(QStringLiteral("velocityLabel"));
    grid->addWidget(laneLabel, 3, 0);
    grid->addWidget(lane_, 3, 1);
    grid->addWidget(hbar_, 4, 1);
    grid->setRowStretch(2, 1);
    grid->setColumnStretch(1, 1);

    connect(viewport_, &PianoRollViewport::changed, this, &PianoRollEditor::syncScrollBars);
    connect(viewport_, &PianoRollViewport::userNavigated, this, [this] { followSuspended_ = true; });
    connect(hbar_, &QScrollBar::valueChanged, this, [this](int v) {
        if (!syncing_) viewport_->scrollTo(v / viewport_->pixelsPerTick(), viewport_->originY());
    });
    connect(vbar_, &QScrollBar::valueChanged, this, [this](int v) {
        if (!syncing_) viewport_->scrollTo(viewport_->originTick(), v);
    });
    connect(gridCombo_, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { canvas_->setGridTicks(gridTicks()); canvas_->update(); });
    connect(followButton_, &QToolButton::toggled, this, &PianoRollEditor::setFollowPlayhead);
    connect(ruler_, &TimeRuler::seekRequested, this, &PianoRollEditor::seekRequested);
    connect(ruler_, &TimeRuler::loopRangeSelected, this, [this](midi::Tick a, midi::Tick b) {
        setLoopRange(std::make_pair(a, b));
    });
    connect(keyboard_, &KeyboardRuler::keyPressed, this, [this](int pitch) {
        if (doc_) Q_EMIT auditionRequested(doc_->currentTrack(), pitch, 100);
    });
    connect(canvas_, &PianoRollCanvas::auditionRequested, this, &PianoRollEditor::auditionRequested);
    connect(canvas_, &PianoRollCanvas::auditionRequested, this,
            [this](int, int pitch, int) { keyboard_->setHighlightedPitch(pitch); });
    connect(canvas_, &PianoRollCanvas::playPauseRequested, this, &PianoRollEditor::playPauseRequested);
    connect(canvas_, &PianoRollCanvas::hoverTextChanged, this, &PianoRollEditor::hoverTextChanged);
    canvas_->setGridTicks(gridTicks());
}

void PianoRollEditor::setDocument(PieceDocument* document) {
    if (doc_) disconnect(doc_, nullptr, this, nullptr);
    doc_ = document;
    canvas_->setDocument(document);
    ruler_->setDocument(document);
    lane_->setDocument(document);
    if (doc_) {
        connect(doc_, &PieceDocument::scoreReset, this, &PianoRollEditor::onScoreReset);
        connect(doc_, &PieceDocument::notesChanged, this, [this] {
            const midi::Tick tpq = doc_->score().ticksPerQuarter;
            viewport_->setContentLength(doc_->score().endTick() + tpq * 16);
        });
    }
    onScoreReset();
}

void PianoRollEditor::onScoreReset() {
    if (!doc_) return;
    canvas_->setGridTicks(gridTicks());
    const auto& score = doc_->score();
    const midi::Tick tpq = std::max(1, score.ticksPerQuarter);
    viewport_->setContentLength(score.endTick() + tpq * 16);
    // Open at a readable zoom: about eight bars across, on the pitches the piece uses.
    viewport_->setPixelsPerTick(std::max(8.0, double(viewport_->width())) / double(tpq * 4 * 8), false);
    int low = 127, high = 0;
    for (const auto& t : score.tracks)
        for (const auto& n : t.notes) {
            low = std::min<int>(low, n.pitch);
            high = std::max<int>(high, n.pitch);
        }
    if (low > high) low = 48, high = 84;
    viewport_->scrollTo(0, 0, false);
    viewport_->showPitches(low, high);
    setLoopRange(std::nullopt);
    setPlayhead(0);
    followSuspended_ = false;
}

midi::Tick PianoRollEditor::gridTicks() const {
    const int division = gridDivision();
    const midi::Tick tpq = doc_ ? std::max(1, doc_->score().ticksPerQuarter) : 480;
    if (division <= 0) return 1;
    return std::max<midi::Tick>(1, tpq * 4 / division);
}

void PianoRollEditor::setGridDivision(int division) {
    const int i = gridCombo_->findData(division);
    if (i >= 0) gridCombo_->setCurrentIndex(i);
}

int PianoRollEditor::gridDivision() const { return gridCombo_->currentData().toInt(); }

void PianoRollEditor::setLoopRange(std::optional<std::pair<midi::Tick, midi::Tick>> range) {
    if (range && range->second <= range->first) range.reset();
    loop_ = range;
    canvas_->setLoopRange(range);
    ruler_->setLoopRange(range);
    Q_EMIT loopRangeChanged(range);
}

std::pair<midi::Tick, midi::Tick> PianoRollEditor::selectedBars() const {
    const BarGrid& g = doc_->barGrid();
    if (!doc_->hasSelection()) {
        const int bar = g.barAt(canvas_->playhead());
        return {g.barStart(bar), g.barStart(bar + 1)};
    }
    midi::Tick first = std::numeric_limits<midi::Tick>::max(), last = 0;
    for (const auto& r : doc_->selection()) {
        const auto& n = doc_->score().tracks[std::size_t(r.track)].notes[std::size_t(r.index)];
        first = std::min(first, n.start);
        last = std::max(last, std::max(n.end() - 1, n.start));
    }
    return {g.barStart(g.barAt(first)), g.barStart(g.barAt(last) + 1)};
}

void PianoRollEditor::setPlayhead(midi::Tick tick) {
    canvas_->setPlayhead(tick);
    ruler_->setPlayhead(tick);
    if (follow_ && !followSuspended_) {
        const double x = viewport_->xForTick(double(tick));
        if (x < 0 || x > viewport_->width() * 0.9) {
            // Page so the playhead sits near the left with what follows in view.
            viewport_->scrollTo(double(tick) - viewport_->width() * 0.1 / viewport_->pixelsPerTick(),
                                viewport_->originY(), false);
        }
    }
}

void PianoRollEditor::setFollowPlayhead(bool on) {
    follow_ = on;
    followSuspended_ = false;
    if (followButton_->isChecked() != on) followButton_->setChecked(on);
}

void PianoRollEditor::zoomIn() { viewport_->zoomX(1.5, viewport_->width() / 2.0); }
void PianoRollEditor::zoomOut() { viewport_->zoomX(1 / 1.5, viewport_->width() / 2.0); }

void PianoRollEditor::zoomToFit() {
    if (!doc_) return;
    viewport_->zoomToFit(0, std::max<midi::Tick>(doc_->score().endTick(), doc_->score().ticksPerQuarter * 4));
}

void PianoRollEditor::setVelocityLaneVisible(bool on) {
    lane_->setVisible(on);
    if (auto* label = findChild<QLabel*>(QStringLiteral("velocityLabel"))) label->setVisible(on);
}

void PianoRollEditor::syncScrollBars() {
    syncing_ = true;
    const double ppt = viewport_->pixelsPerTick();
    const int hmax = std::max(0, int(double(viewport_->contentLength()) * ppt) - viewport_->width());
    hbar_->setRange(0, hmax);
    hbar_->setPageStep(viewport_->width());
    hbar_->setSingleStep(std::max(1, viewport_->width() / 20));
    hbar_->setValue(int(viewport_->originTick() * ppt));
    const int vmax = std::max(0, int(viewport_->contentHeight()) - viewport_->height());
    vbar_->setRange(0, vmax);
    vbar_->setPageStep(viewport_->height());
    vbar_->setSingleStep(int(viewport_->keyHeight()));
    vbar_->setValue(int(viewport_->originY()));
    syncing_ = false;
}

}  // namespace mozart::ui
