// DatasetBrowser: a folder of MIDI files as a folder tree, a sortable and filterable table of
// pieces and a summary picture. A DatasetScanTask fills the table in the background with progress
// that can be cancelled; files that fail to read stay listed with their error. Opening a row
// (double-click, Enter, or Open in its right-click menu) emits pieceSelected(); selecting does not.
#pragma once

#include <QString>
#include <QTimer>
#include <QWidget>
#include <memory>

#include "dataset/DatasetScanTask.h"
#include "dataset/DatasetTableModel.h"
#include "tasks/TaskThread.h"

class QStandardItemModel;
class QLabel;
class QMenu;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTableView;
class QTreeView;

namespace mozart::ui {

class DatasetSummaryView;

class DatasetBrowser : public QWidget {
    Q_OBJECT
public:
    explicit DatasetBrowser(QWidget* parent = nullptr);
    ~DatasetBrowser() override;

    // Starts scanning `folder` (cancelling any scan in progress).
    void openFolder(const QString& folder);
    QString folder() const { return folder_; }
    bool isScanning() const { return thread_.isRunning(); }
    void cancelScan();
    // Blocks until the current scan is over (for tests and the benchmark).
    void waitForScan();

    DatasetTableModel* model() const { return model_; }
    DatasetFilterModel* filterModel() const { return filter_; }
    QTableView* table() const { return table_; }
    QTreeView* folderTree() const { return tree_; }
    DatasetSummaryView* summary() const { return summary_; }
    QLineEdit* filterEdit() const { return filterEdit_; }
    // Absolute paths of the selected rows, in table order.
    QStringList selectedPaths() const;
    // The right-click menu of the table (open, export, show in folder); the caller shows it.
    QMenu* contextMenu();
    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

Q_SIGNALS:
    void pieceSelected(const QString& path);
    void exportRequested();  // "Export Selected…" in the row menu
    void scanProgress(int done, int total);
    void scanFinished(bool cancelled);

private:
    void poll();
    void finish();
    void rebuildFolderTree();

    QString folder_;
    std::unique_ptr<DatasetScanTask> task_;
    TaskThread thread_;
    QTimer pollTimer_;
    bool listed_ = false;
    int summaryCountdown_ = 0;

    DatasetTableModel* model_;
    DatasetFilterModel* filter_;
    QStandardItemModel* folders_;
    QTreeView* tree_;
    QTableView* table_;
    QLineEdit* filterEdit_;
    DatasetSummaryView* summary_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QLabel* status_;
    QSplitter* outer_;
    QSplitter* inner_;
};

}  // namespace mozart::ui
