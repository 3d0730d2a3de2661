#include "dataset/DatasetTableModel.h"

#include <QBrush>
#include <QColor>
#include <QStringList>

namespace mozart::ui {

namespace {
// The Status column shows the start of a long text; the whole of it is in the tooltip.
QString clipped(const QString& text, int max = 60) {
    return text.size() <= max ? text : text.left(max - 1).trimmed() + QChar(0x2026);
}

QString duration(double seconds) {
    const int s = int(seconds + 0.5);
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}
}  // namespace

void DatasetTableModel::setPieces(std::vector<PieceInfo> pieces) {
    beginResetModel();
    pieces_ = std::move(pieces);
    endResetModel();
}

void DatasetTableModel::updatePiece(std::size_t row, PieceInfo info) {
    if (row >= pieces_.size()) return;
    pieces_[row] = std::move(info);
    Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
}

void DatasetTableModel::updatePieces(std::vector<std::pair<std::size_t, PieceInfo>> rows) {
    std::size_t first = pieces_.size(), last = 0;
    for (auto& [row, info] : rows) {
        if (row >= pieces_.size()) continue;
        pieces_[row] = std::move(info);
        first = std::min(first, row);
        last = std::max(last, row);
    }
    if (first <= last && first < pieces_.size())
        Q_EMIT dataChanged(index(int(first), 0), index(int(last), ColumnCount - 1));
}

int DatasetTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(pieces_.size());
}

int DatasetTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DatasetTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || std::size_t(index.row()) >= pieces_.size()) return {};
    const PieceInfo& p = pieces_[std::size_t(index.row())];
    const bool ok = p.scanned && p.error.empty();
    if (role == PathRole) return QString::fromStdString(p.path);
    if (role == ErrorRole) return QString::fromStdString(p.error);
    if (role == Qt::ForegroundRole) {
        if (!p.error.empty()) return QBrush(QColor(200, 40, 40));
        if (p.warningCount > 0) return QBrush(QColor(190, 100, 0));
        if (!p.duplicateOf.empty()) return QBrush(QColor(150, 110, 20));
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (!p.error.empty()) return QString::fromStdString(p.error);
        if (p.warningCount > 0) {
            QStringList lines;
            for (const auto& w : p.warnings) lines << QString::fromStdString(w);
            if (p.warningCount > p.warnings.size()) lines << tr("… and %n more", nullptr, int(p.warningCount - p.warnings.size()));
            return tr("Read with warnings (%n):", nullptr, int(p.warningCount)) + QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
        }
        if (!p.duplicateOf.empty()) return tr("Same bytes as %1").arg(QString::fromStdString(p.duplicateOf));
        return QString::fromStdString(p.relativePath);
    }
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Duration: case Tracks: case Notes: case Tempo: case Tokens:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default: return {};
        }
    }
    if (role != Qt::DisplayRole && role != SortRole) return {};
    const bool sort = role == SortRole;
    if (sort && !ok) {
        // Unread and unreadable pieces sort below every real figure.
        switch (index.column()) {
        case Duration: case Tracks: case Notes: case Tempo: case Tokens: return -1;
        default: break;
        }
    }
    switch (index.column()) {
    case Composer: return QString::fromStdString(p.composer);
    case File: return QString::fromStdString(p.fileName);
    case Duration: return ok ? (sort ? QVariant(p.seconds) : QVariant(duration(p.seconds))) : QVariant();
    case Tracks: return ok ? QVariant(p.tracks) : QVariant();
    case Instruments: {
        QStringList names;
        for (const auto& n : p.instruments) names << QString::fromStdString(n);
        return ok ? QVariant(names.join(QStringLiteral(", "))) : QVariant();
    }
    case Notes: return ok ? QVariant(qulonglong(p.notes)) : QVariant();
    case Tempo: return ok ? (sort ? QVariant(p.tempo) : QVariant(QString::number(p.tempo, 'f', 0))) : QVariant();
    case Tokens: return ok ? QVariant(qulonglong(p.tokens)) : QVariant();
    case Status:
        if (!p.scanned) return tr("waiting");
        if (!p.error.empty()) return clipped(tr("error: %1").arg(QString::fromStdString(p.error)));
        if (p.warningCount > 0)
            return clipped(tr("warnings (%n): %1", nullptr, int(p.warningCount))
                               .arg(p.warnings.empty() ? QString() : QString::fromStdString(p.warnings.front())));
        if (!p.duplicateOf.empty()) return tr("duplicate of %1").arg(QString::fromStdString(p.duplicateOf));
        return tr("ok");
    default: return {};
    }
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Composer: return tr("Composer");
    case File: return tr("File");
    case Duration: return tr("Duration");
    case Tracks: return tr("Tracks");
    case Instruments: return tr("Instruments");
    case Notes: return tr("Notes");
    case Tempo: return tr("Tempo");
    case Tokens: return tr("Tokens");
    case Status: return tr("Status");
    default: return {};
    }
}

void DatasetFilterModel::setFolderPrefix(const QString& relativeFolder) {
    prefix_ = relativeFolder.isEmpty() || relativeFolder == QLatin1String(".") ? QString()
                                                                               : relativeFolder + QLatin1Char('/');
    invalidateFilter();
}

bool DatasetFilterModel::filterAcceptsRow(int row, const QModelIndex& parent) const {
    auto* model = static_cast<const DatasetTableModel*>(sourceModel());
    if (!prefix_.isEmpty()) {
        const auto& p = model->pieces()[std::size_t(row)];
        if (!QString::fromStdString(p.relativePath).startsWith(prefix_)) return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(row, parent);
}

}  // namespace mozart::ui
