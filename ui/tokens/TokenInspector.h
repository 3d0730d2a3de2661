// TokenInspector: the REMI tokens (MidiTok default tokenizer) of the edited track. Tokens of the
// selected notes are highlighted; selecting tokens selects their notes in the piano roll. The
// track is tokenized off the GUI thread, again a moment after each edit. Right-click copies tokens.
#pragma once

#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <string>
#include <vector>

#include "document/PieceDocument.h"
#include "tokens/TokenNoteMap.h"

class QLabel;
class QListView;
class QMenu;

namespace mozart::ui {

class TokenListModel : public QAbstractListModel {
    Q_OBJECT
public:
    using QAbstractListModel::QAbstractListModel;
    void setTokens(std::vector<std::string> tokens, TokenNoteMap map);
    void setHighlighted(std::vector<char> highlighted);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    const TokenNoteMap& map() const { return map_; }
    const std::vector<std::string>& tokens() const { return tokens_; }
    bool isHighlighted(int row) const { return row >= 0 && std::size_t(row) < highlighted_.size() && highlighted_[std::size_t(row)]; }

private:
    std::vector<std::string> tokens_;
    TokenNoteMap map_;
    std::vector<char> highlighted_;
};

class TokenInspector : public QWidget {
    Q_OBJECT
public:
    explicit TokenInspector(QWidget* parent = nullptr);
    ~TokenInspector() override;
    void setDocument(PieceDocument* document);
    QListView* view() const { return view_; }
    TokenListModel* model() const { return model_; }
    // Blocks until the pending tokenization is shown (tests).
    void waitUntilReady();
    // The right-click menu of the token list (copy tokens); the caller shows it.
    QMenu* contextMenu();
    // Wide enough for the index and the longest token name.
    QSize sizeHint() const override;

private:
    void scheduleTokenize();
    void tokenize();
    void showResult();
    void refreshHighlight();
    void copyTokens(bool selectedOnly);

    struct Result {
        int track = -1;
        std::vector<std::string> tokens;
        TokenNoteMap map;
    };
    QPointer<PieceDocument> doc_;
    TokenListModel* model_;
    QListView* view_;
    QLabel* header_;
    QTimer debounce_;
    QFutureWatcher<Result> watcher_;
    int shownTrack_ = -1;
    bool selecting_ = false;
    bool dirty_ = false;
    bool pending_ = false;  // a tokenization was started and its result not shown yet
};

}  // namespace mozart::ui
