// DatasetTableModel: the pieces of a scanned folder as a sortable table (composer, file, duration,
// tracks, instruments, notes, tempo, tokens, status). Rows appear when the folder is listed and
// fill in as the scan reaches each file. Qt::UserRole gives sortable raw values.
#pragma once

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <vector>

#include "dataset/PieceInfo.h"

namespace mozart::ui {

class DatasetTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Composer, File, Duration, Tracks, Instruments, Notes, Tempo, Tokens, Status, ColumnCount };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int PathRole = Qt::UserRole + 1;
    static constexpr int ErrorRole = Qt::UserRole + 2;

    using QAbstractTableModel::QAbstractTableModel;

    void setPieces(std::vector<PieceInfo> pieces);
    void updatePiece(std::size_t row, PieceInfo info);
    // Many rows at once with one dataChanged, so a sorted view re-sorts once, not per row.
    void updatePieces(std::vector<std::pair<std::size_t, PieceInfo>> rows);
    const std::vector<PieceInfo>& pieces() const { return pieces_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<PieceInfo> pieces_;
};

// Shows the pieces under one sub-folder and those matching a text in any column.
class DatasetFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setFolderPrefix(const QString& relativeFolder);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    QString prefix_;
};

}  // namespace mozart::ui
