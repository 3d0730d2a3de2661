#include "dataset/DatasetBrowser.h"

#include <QDataStream>
#include <QDesktopServices>
#include <QFileInfo>
#include <QMenu>
#include <QUrl>
#include <QDir>
#include <QStandardItemModel>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>

#include "dataset/DatasetSummaryView.h"

namespace mozart::ui {

DatasetBrowser::DatasetBrowser(QWidget* parent)
    : QWidget(parent),
      model_(new DatasetTableModel(this)),
      filter_(new DatasetFilterModel(this)),
      folders_(new QStandardItemModel(this)) {
    filter_->setSourceModel(model_);
    filter_->setSortRole(DatasetTableModel::SortRole);
    filter_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    filter_->setFilterKeyColumn(-1);

    tree_ = new QTreeView(this);
    tree_->setModel(folders_);
    tree_->setHeaderHidden(true);
    tree_->setEditTriggers(QAbstractItemView::NoEditTriggers);

    filterEdit_ = new QLineEdit(this);
    filterEdit_->setPlaceholderText(tr("Filter pieces (composer, file, instrument, status…)"));
    filterEdit_->setClearButtonEnabled(true);
    table_ = new QTableView(this);
    table_->setModel(filter_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(DatasetTableModel::Composer, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->setColumnWidth(DatasetTableModel::File, 170);
    table_->setColumnWidth(DatasetTableModel::Instruments, 150);
    // Figures need only their header's width: the Status column keeps the rest of the row.
    const QFontMetrics fm = table_->horizontalHeader()->fontMetrics();
    for (int c : {DatasetTableModel::Duration, DatasetTableModel::Tracks, DatasetTableModel::Notes,
                  DatasetTableModel::Tempo, DatasetTableModel::Tokens})
        table_->setColumnWidth(c, std::max(fm.horizontalAdvance(model_->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString()),
                                           fm.horizontalAdvance(QStringLiteral("000000"))) + 28);

    summary_ = new DatasetSummaryView(this);
    progress_ = new QProgressBar(this);
    progress_->setTextVisible(true);
    cancel_ = new QPushButton(tr("Cancel scan"), this);
    status_ = new QLabel(this);
    cancel_->setEnabled(false);
    // The scan updates this text often; its size must not ask for a new layout each time.
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(filterEdit_);
    rightLayout->addWidget(table_, 1);
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(status_, 1);
    progressRow->addWidget(progress_);
    progressRow->addWidget(cancel_);
    rightLayout->addLayout(progressRow);

    inner_ = new QSplitter(Qt::Horizontal, this);
    inner_->addWidget(tree_);
    inner_->addWidget(right);
    inner_->setStretchFactor(1, 1);
    inner_->setSizes({180, 900});
    // The summary beside the table, not under it: a bottom dock is short and wide, and the table
    // needs the height for rows (the piano roll above keeps at least half the window).
    outer_ = new QSplitter(Qt::Horizontal, this);
    outer_->addWidget(inner_);
    outer_->addWidget(summary_);
    outer_->setStretchFactor(0, 1);
    outer_->setSizes({1100, 420});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(outer_);

    connect(filterEdit_, &QLineEdit::textChanged, filter_, &QSortFilterProxyModel::setFilterFixedString);
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& i) {
        filter_->setFolderPrefix(i.data(Qt::UserRole).toString());
    });
    // Opening is an explicit act (double-click or Enter): selecting rows with Ctrl/Shift+click, or
    // the rows moving under a filter being typed, never replaces the open piece.
    connect(table_, &QAbstractItemView::activated, this, [this](const QModelIndex& i) {
        if (!i.isValid()) return;
        const QModelIndex source = filter_->mapToSource(i);
        if (source.isValid()) Q_EMIT pieceSelected(model_->data(source, DatasetTableModel::PathRole).toString());
    });
    table_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table_, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex i = table_->indexAt(pos);
        if (i.isValid() && !table_->selectionModel()->isRowSelected(i.row(), QModelIndex()))
            table_->selectionModel()->setCurrentIndex(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QMenu* menu = contextMenu();
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(table_->viewport()->mapToGlobal(pos));
    });
    connect(cancel_, &QPushButton::clicked, this, &DatasetBrowser::cancelScan);
    pollTimer_.setInterval(33);
    connect(&pollTimer_, &QTimer::timeout, this, &DatasetBrowser::poll);
    connect(&thread_, &TaskThread::finished, this, &DatasetBrowser::finish);
}

DatasetBrowser::~DatasetBrowser() {
    if (task_) task_->cancel();
    thread_.wait();
}

void DatasetBrowser::openFolder(const QString& folder) {
    cancelScan();
    thread_.wait();
    folder_ = QDir(folder).absolutePath();
    folders_->clear();
    filter_->setFolderPrefix(QString());
    model_->setPieces({});
    summary_->setPieces({});
    listed_ = false;
    task_ = std::make_unique<DatasetScanTask>(folder_.toStdString(), remi::TokenizerConfig());
    progress_->setRange(0, 0);
    cancel_->setEnabled(true);
    status_->setText(tr("Listing %1…").arg(folder_));
    DatasetScanTask* task = task_.get();
    thread_.start([task] { task->run(); });
    pollTimer_.start();
}

void DatasetBrowser::cancelScan() {
    if (task_ && thread_.isRunning()) task_->cancel();
}

void DatasetBrowser::waitForScan() {
    thread_.wait();
    finish();
}

void DatasetBrowser::poll() {
    if (!task_) return;
    if (!listed_ && task_->isListed()) {
        listed_ = true;
        model_->setPieces(task_->pieces());
        progress_->setRange(0, std::max<int>(1, int(task_->total())));
        table_->resizeColumnToContents(DatasetTableModel::Composer);
        rebuildFolderTree();
    }
    if (!listed_) return;
    auto rows = task_->takeFinished();
    const bool gotRows = !rows.empty();
    model_->updatePieces(std::move(rows));
    const int done = int(task_->done()), total = int(task_->total());
    progress_->setValue(done);
    status_->setText(tr("Scanning %1 of %2 files…").arg(done).arg(total));
    if (gotRows && --summaryCountdown_ <= 0) {
        summary_->setPieces(model_->pieces());
        summaryCountdown_ = 10;
    }
    Q_EMIT scanProgress(done, total);
}

void DatasetBrowser::finish() {
    if (!task_ || !pollTimer_.isActive()) return;
    poll();
    pollTimer_.stop();
    cancel_->setEnabled(false);
    const bool cancelled = task_->isCancelled();
    if (!task_->listError().empty()) {
        status_->setText(QString::fromStdString(task_->listError()));
    } else {
        int errors = 0;
        for (const auto& p : model_->pieces()) errors += p.error.empty() ? 0 : 1;
        status_->setText(cancelled ? tr("Scan cancelled after %1 of %2 files").arg(task_->done()).arg(task_->total())
                                   : tr("%1 pieces, %2 unreadable").arg(task_->total()).arg(errors));
    }
    progress_->setRange(0, 1);
    progress_->setValue(1);
    summary_->setPieces(model_->pieces());
    Q_EMIT scanFinished(cancelled);
}

void DatasetBrowser::rebuildFolderTree() {
    // Built from the listed files, so the tree shows only folders that hold MIDI files, with counts.
    folders_->clear();
    auto* root = new QStandardItem(QDir(folder_).dirName());
    root->setData(QString(), Qt::UserRole);
    root->setToolTip(folder_);
    folders_->appendRow(root);
    QMap<QString, QStandardItem*> items;
    QMap<QStandardItem*, int> counts;
    for (const auto& p : model_->pieces()) {
        const QStringList parts = QString::fromStdString(p.relativePath).split(QLatin1Char('/'));
        QStandardItem* parent = root;
        counts[root] += 1;
        QString path;
        for (int i = 0; i + 1 < parts.size(); ++i) {
            path = path.isEmpty() ? parts[i] : path + QLatin1Char('/') + parts[i];
            QStandardItem*& item = items[path];
            if (!item) {
                item = new QStandardItem(parts[i]);
                item->setData(path, Qt::UserRole);
                parent->appendRow(item);
            }
            counts[item] += 1;
            parent = item;
        }
    }
    for (auto it = counts.begin(); it != counts.end(); ++it)
        it.key()->setText(QStringLiteral("%1 (%2)").arg(it.key()->text()).arg(it.value()));
    tree_->expandToDepth(0);
    tree_->setCurrentIndex(folders_->index(0, 0));
}

QMenu* DatasetBrowser::contextMenu() {
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("datasetMenu"));
    const QStringList paths = selectedPaths();
    const QString current = paths.value(0);
    QAction* open = menu->addAction(tr("&Open"), this, [this, current] { Q_EMIT pieceSelected(current); });
    open->setObjectName(QStringLiteral("openPiece"));
    open->setEnabled(paths.size() == 1);
    QAction* exportAction = menu->addAction(tr("&Export Selected (%n)…", nullptr, int(paths.size())), this,
                                            [this] { Q_EMIT exportRequested(); });
    exportAction->setObjectName(QStringLiteral("exportPieces"));
    exportAction->setEnabled(!paths.isEmpty());
    QAction* show = menu->addAction(tr("Show in &Folder"), this, [current] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(current).absolutePath()));
    });
    show->setObjectName(QStringLiteral("showInFolder"));
    show->setEnabled(!current.isEmpty());
    return menu;
}

QStringList DatasetBrowser::selectedPaths() const {
    QStringList out;
    for (const QModelIndex& i : table_->selectionModel()->selectedRows())
        out << filter_->data(i, DatasetTableModel::PathRole).toString();
    return out;
}

QByteArray DatasetBrowser::saveState() const {
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s << outer_->saveState() << inner_->saveState() << table_->horizontalHeader()->saveState();
    return out;
}

void DatasetBrowser::restoreState(const QByteArray& state) {
    QDataStream s(state);
    QByteArray a, b, c;
    s >> a >> b >> c;
    if (s.status() != QDataStream::Ok) return;
    outer_->restoreState(a);
    inner_->restoreState(b);
    table_->horizontalHeader()->restoreState(c);
}

}  // namespace mozart::ui
