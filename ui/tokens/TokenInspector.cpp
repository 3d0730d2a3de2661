#include "tokens/TokenInspector.h"

#include <QApplication>
#include <algorithm>
#include <QBrush>
#include <QClipboard>
#include <QMenu>
#include <QScrollBar>
#include <QCoreApplication>
#include <QColor>
#include <QLabel>
#include <QListView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "remi/RemiTokenizer.h"

namespace mozart::ui {

void TokenListModel::setTokens(std::vector<std::string> tokens, TokenNoteMap map) {
    beginResetModel();
    tokens_ = std::move(tokens);
    map_ = std::move(map);
    highlighted_.assign(tokens_.size(), 0);
    endResetModel();
}

void TokenListModel::setHighlighted(std::vector<char> highlighted) {
    highlighted.resize(tokens_.size(), 0);
    highlighted_ = std::move(highlighted);
    if (!tokens_.empty()) Q_EMIT dataChanged(index(0), index(int(tokens_.size()) - 1), {Qt::BackgroundRole});
}

int TokenListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(tokens_.size()); }

QVariant TokenListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || std::size_t(index.row()) >= tokens_.size()) return {};
    const std::string& t = tokens_[std::size_t(index.row())];
    if (role == Qt::DisplayRole) {
        // The index only as wide as the largest one needs, so the token names keep the room.
        const int digits = int(QString::number(qMax<qsizetype>(1, qsizetype(tokens_.size()) - 1)).size());
        return QStringLiteral("%1  %2").arg(index.row(), digits).arg(QString::fromStdString(t));
    }
    if (role == Qt::BackgroundRole && highlighted_[std::size_t(index.row())]) return QBrush(QColor(255, 214, 90, 150));
    if (role == Qt::ForegroundRole && t.rfind("Bar_", 0) == 0) return QBrush(QColor(60, 110, 200));
    return {};
}

TokenInspector::TokenInspector(QWidget* parent)
    : QWidget(parent), model_(new TokenListModel(this)), view_(new QListView(this)), header_(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    header_->setWordWrap(true);
    layout->addWidget(header_);
    layout->addWidget(view_, 1);
    view_->setModel(model_);
    view_->setUniformItemSizes(true);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    view_->setFont(mono);
    // Never narrower than a token name: a squeezed dock would cut "Duration_1.0.8" to "Durat".
    setMinimumWidth(sizeHint().width());
    debounce_.setSingleShot(true);
    debounce_.setInterval(250);
    connect(&debounce_, &QTimer::timeout, this, &TokenInspector::tokenize);
    connect(&watcher_, &QFutureWatcher<Result>::finished, this, &TokenInspector::showResult);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (selecting_ || !doc_) return;
        NoteRefs notes;
        for (const QModelIndex& i : view_->selectionModel()->selectedIndexes()) {
            const int n = model_->map().noteOfToken[std::size_t(i.row())];
            if (n >= 0) notes.push_back({shownTrack_, n});
        }
        selecting_ = true;
        doc_->setSelection(notes);
        selecting_ = false;
    });
    header_->setText(tr("REMI tokens of the edited track (MidiTok default tokenizer)"));
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view_, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu* menu = contextMenu();
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(view_->viewport()->mapToGlobal(pos));
    });
}

QMenu* TokenInspector::contextMenu() {
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("tokenMenu"));
    QAction* copySelected = menu->addAction(tr("&Copy Selected Tokens"), this, [this] { copyTokens(true); });
    copySelected->setObjectName(QStringLiteral("copySelectedTokens"));
    copySelected->setEnabled(view_->selectionModel()->hasSelection());
    QAction* copyAll = menu->addAction(tr("Copy &All Tokens"), this, [this] { copyTokens(false); });
    copyAll->setObjectName(QStringLiteral("copyAllTokens"));
    copyAll->setEnabled(model_->rowCount() > 0);
    menu->addSeparator();
    QAction* none = menu->addAction(tr("Select &No Notes"), this, [this] { view_->clearSelection(); });
    none->setEnabled(view_->selectionModel()->hasSelection());
    return menu;
}

void TokenInspector::copyTokens(bool selectedOnly) {
    // One token per line, as MidiTok names them (no row numbers): ready to paste into Python.
    QStringList lines;
    std::vector<int> rows;
    if (selectedOnly) {
        for (const QModelIndex& i : view_->selectionModel()->selectedIndexes()) rows.push_back(i.row());
        std::sort(rows.begin(), rows.end());
    } else {
        for (int r = 0; r < model_->rowCount(); ++r) rows.push_back(r);
    }
    for (int r : rows) lines << QString::fromStdString(model_->tokens()[std::size_t(r)]);
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

QSize TokenInspector::sizeHint() const {
    // Room for "12345  Duration_10.0.8" without cutting it, whatever the font or scale.
    const int text = view_->fontMetrics().horizontalAdvance(QStringLiteral("00000  Duration_10.0.8"));
    const int chrome = view_->verticalScrollBar()->sizeHint().width() + 2 * view_->frameWidth() + 24;
    return QSize(text + chrome, QWidget::sizeHint().height());
}

TokenInspector::~TokenInspector() { watcher_.waitForFinished(); }

void TokenInspector::setDocument(PieceDocument* document) {
    if (doc_) disconnect(doc_, nullptr, this, nullptr);
    doc_ = document;
    if (doc_) {
        connect(doc_, &PieceDocument::scoreReset, this, &TokenInspector::scheduleTokenize);
        connect(doc_, &PieceDocument::notesChanged, this, &TokenInspector::scheduleTokenize);
        connect(doc_, &PieceDocument::currentTrackChanged, this, &TokenInspector::scheduleTokenize);
        connect(doc_, &PieceDocument::selectionChanged, this, &TokenInspector::refreshHighlight);
    }
    scheduleTokenize();
}

void TokenInspector::scheduleTokenize() { debounce_.start(); }

void TokenInspector::tokenize() {
    if (!doc_) return;
    if (watcher_.isRunning()) {
        dirty_ = true;  // tokenize again once the running one is shown
        return;
    }
    const int track = doc_->currentTrack();
    if (track < 0 || track >= doc_->trackCount()) {
        model_->setTokens({}, {});
        shownTrack_ = -1;
        return;
    }
    // The track alone, with the piece's tempo and meter: what the tokenizer sees for this track.
    midi::Score one;
    const midi::Score& score = doc_->score();
    one.ticksPerQuarter = score.ticksPerQuarter;
    one.tempos = score.tempos;
    one.timeSignatures = score.timeSignatures;
    one.tracks.push_back(score.tracks[std::size_t(track)]);
    pending_ = true;
    watcher_.setFuture(QtConcurrent::run([one = std::move(one), track]() {
        Result r;
        r.track = track;
        const remi::RemiTokenizer tokenizer{remi::TokenizerConfig()};
        const auto sequences = tokenizer.encode(one);
        if (!sequences.empty()) r.tokens = sequences.front().tokens;
        r.map = TokenNoteMap::build(r.tokens, one.tracks.front().notes, one.ticksPerQuarter);
        return r;
    }));
}

void TokenInspector::showResult() {
    pending_ = false;
    Result r = watcher_.result();
    shownTrack_ = r.track;
    selecting_ = true;
    model_->setTokens(std::move(r.tokens), std::move(r.map));
    selecting_ = false;
    header_->setText(tr("%1 REMI tokens of track %2 (MidiTok default tokenizer)")
                         .arg(model_->rowCount())
                         .arg(shownTrack_ + 1));
    refreshHighlight();
    if (dirty_) {
        dirty_ = false;
        tokenize();
    }
}

void TokenInspector::refreshHighlight() {
    if (!doc_) return;
    std::vector<char> marks(std::size_t(model_->rowCount()), 0);
    int first = -1;
    const auto& tokensOfNote = model_->map().tokensOfNote;
    for (const auto& r : doc_->selection()) {
        if (r.track != shownTrack_ || std::size_t(r.index) >= tokensOfNote.size()) continue;
        for (int k : tokensOfNote[std::size_t(r.index)]) {
            marks[std::size_t(k)] = 1;
            if (first < 0 || k < first) first = k;
        }
    }
    model_->setHighlighted(std::move(marks));
    if (first >= 0 && !selecting_) view_->scrollTo(model_->index(first), QAbstractItemView::PositionAtCenter);
}

void TokenInspector::waitUntilReady() {
    if (debounce_.isActive()) {
        debounce_.stop();
        tokenize();
    }
    while (pending_ || dirty_) {
        watcher_.waitForFinished();
        QCoreApplication::processEvents();
    }
}

}  // namespace mozart::ui
