// VariationList: the candidates of one generation run, each with a piano-roll thumbnail and its
// size; click one to audition it, keep one as the piece, or select several and keep them as
// tracks. Only the list and its buttons: what auditioning and keeping do is the Generate
// panel's (signals below, GUI thread).
#pragma once

#include <QImage>
#include <QList>
#include <QStringList>
#include <QWidget>

class QListWidget;
class QPushButton;

namespace mozart::ui {

class VariationList : public QWidget {
    Q_OBJECT
public:
    explicit VariationList(QWidget* parent = nullptr);

    void clear();
    // One row per variation; `thumbnails` in the same order (a missing or null image: no picture).
    void setVariations(const QStringList& texts, const QList<QImage>& thumbnails);
    // Marks `row` as the one shown without auditioning it again.
    void setCurrentRowSilently(int row);
    QList<int> selectedRows() const;  // ascending
    // Keep buttons: `keepOne` for "Keep This Variation"; `tracks` with `whyNot` as its tooltip when false.
    void setKeepEnabled(bool keepOne, bool tracks, const QString& whyNot);

    QListWidget* list() const { return list_; }
    QPushButton* keepButton() const { return keep_; }

Q_SIGNALS:
    void auditionRequested(int row);
    void keepRequested(int row);
    void keepAsTracksRequested(const QList<int>& rows);

private:
    void updateTracksButton();
    QListWidget* list_;
    QPushButton* keep_;
    QPushButton* tracks_;
    bool tracksAllowed_ = false;
    QString whyNot_;
};

}  // namespace mozart::ui
