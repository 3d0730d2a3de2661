#include "document/PieceDocument.h"

#include <QFileInfo>
#include <algorithm>

namespace mozart::ui {

namespace {

// One undo step of a track-list edit: the whole list before and after (tracks are few; notes are
// copied once per step, which is what a note edit costs too).
class TrackEditCommand : public QUndoCommand {
public:
    TrackEditCommand(PieceDocument* doc, const QString& text, std::vector<midi::Track> before,
                     std::vector<midi::Track> after)
        : QUndoCommand(text), doc_(doc), before_(std::move(before)), after_(std::move(after)) {}
    void undo() override { doc_->setTracks(before_); }
    void redo() override { doc_->setTracks(after_); }

private:
    PieceDocument* doc_;
    std::vector<midi::Track> before_, after_;
};

}  // namespace

PieceDocument::PieceDocument(QObject* parent) : QObject(parent) {
    connect(&undo_, &QUndoStack::cleanChanged, this,
            [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

void PieceDocument::load(midi::Score score, const QString& filePath) {
    undo_.clear();
    score_ = std::move(score);
    grid_ = BarGrid(score_);
    filePath_ = filePath;
    currentTrack_ = 0;
    selection_.clear();
    resetTrackState();
    Q_EMIT scoreReset();
    Q_EMIT filePathChanged();
    Q_EMIT currentTrackChanged(currentTrack_);
    Q_EMIT selectionChanged();
    Q_EMIT modifiedChanged(false);
}

void PieceDocument::clear() { load(midi::Score{}, QString()); }

void PieceDocument::setFilePath(const QString& path) {
    filePath_ = path;
    Q_EMIT filePathChanged();
}

QString PieceDocument::title() const {
    return filePath_.isEmpty() ? tr("Untitled") : QFileInfo(filePath_).fileName();
}

void PieceDocument::resetTrackState() {
    states_.assign(score_.tracks.size(), TrackState{});
    selectedMask_.clear();
    for (const auto& t : score_.tracks) selectedMask_.emplace_back(t.notes.size(), char(0));
}

void PieceDocument::setTrackVisible(int track, bool on) {
    if (track < 0 || track >= trackCount() || states_[track].visible == on) return;
    states_[track].visible = on;
    Q_EMIT trackStateChanged();
}

void PieceDocument::setTrackMuted(int track, bool on) {
    if (track < 0 || track >= trackCount() || states_[track].muted == on) return;
    states_[track].muted = on;
    Q_EMIT trackStateChanged();
}

void PieceDocument::setTrackSolo(int track, bool on) {
    if (track < 0 || track >= trackCount() || states_[track].solo == on) return;
    states_[track].solo = on;
    Q_EMIT trackStateChanged();
}

bool PieceDocument::isTrackAudible(int track) const {
    if (track < 0 || track >= trackCount()) return false;
    const bool anySolo = std::any_of(states_.begin(), states_.end(), [](auto& s) { return s.solo; });
    if (anySolo) return states_[track].solo;
    return !states_[track].muted;
}

std::vector<bool> PieceDocument::audibleTracks() const {
    std::vector<bool> out;
    for (int t = 0; t < trackCount(); ++t) out.push_back(isTrackAudible(t));
    return out;
}

QColor PieceDocument::trackColor(int track) {
    // Hues spaced by the golden angle so neighbouring tracks never look alike.
    const int hue = int((track * 137.508) + 200) % 360;
    return QColor::fromHsl(hue, 170, 130);
}

void PieceDocument::setCurrentTrack(int track) {
    if (track < 0 || track >= trackCount() || track == currentTrack_) return;
    currentTrack_ = track;
    Q_EMIT currentTrackChanged(track);
}

bool PieceDocument::isSelected(int track, int index) const {
    if (track < 0 || std::size_t(track) >= selectedMask_.size()) return false;
    const auto& mask = selectedMask_[std::size_t(track)];
    return index >= 0 && std::size_t(index) < mask.size() && mask[std::size_t(index)];
}

void PieceDocument::setSelection(NoteRefs notes) {
    notes.erase(std::remove_if(notes.begin(), notes.end(),
                               [this](const NoteRef& r) {
                                   return r.track < 0 || r.track >= trackCount() || r.index < 0 ||
                                          std::size_t(r.index) >= score_.tracks[r.track].notes.size();
                               }),
                notes.end());
    std::sort(notes.begin(), notes.end());
    notes.erase(std::unique(notes.begin(), notes.end()), notes.end());
    if (notes == selection_) return;
    for (const auto& r : selection_)
        if (std::size_t(r.track) < selectedMask_.size() &&
            std::size_t(r.index) < selectedMask_[r.track].size())
            selectedMask_[r.track][r.index] = 0;
    selection_ = std::move(notes);
    for (const auto& r : selection_) selectedMask_[r.track][r.index] = 1;
    Q_EMIT selectionChanged();
}

void PieceDocument::selectAll() {
    NoteRefs all;
    for (int t = 0; t < trackCount(); ++t) {
        if (!states_[t].visible) continue;
        for (int i = 0; i < int(score_.tracks[t].notes.size()); ++i) all.push_back({t, i});
    }
    setSelection(std::move(all));
}

void PieceDocument::selectTrack(int track) {
    NoteRefs notes;
    if (track >= 0 && track < trackCount() && states_[track].visible)
        for (int i = 0; i < int(score_.tracks[track].notes.size()); ++i) notes.push_back({track, i});
    setSelection(std::move(notes));
}

void PieceDocument::editTracks(std::vector<midi::Track> tracks, const QString& text) {
    undo_.push(new TrackEditCommand(this, text, score_.tracks, std::move(tracks)));
}

void PieceDocument::setTracks(std::vector<midi::Track> tracks) {
    std::vector<TrackState> keep = states_;
    score_.tracks = std::move(tracks);
    selection_.clear();
    resetTrackState();
    for (std::size_t t = 0; t < keep.size() && t < states_.size(); ++t) states_[t] = keep[t];
    currentTrack_ = std::clamp(currentTrack_, 0, std::max(0, trackCount() - 1));
    Q_EMIT scoreReset();
    Q_EMIT currentTrackChanged(currentTrack_);
    Q_EMIT selectionChanged();
    Q_EMIT trackStateChanged();
}

void PieceDocument::replaceScore(midi::Score score) {
    const bool sameLayout = score.tracks.size() == score_.tracks.size() && score.ticksPerQuarter == score_.ticksPerQuarter &&
                            score.timeSignatures == score_.timeSignatures;
    std::vector<TrackState> keep = states_;
    score_ = std::move(score);
    grid_ = BarGrid(score_);
    selection_.clear();
    resetTrackState();
    for (std::size_t t = 0; t < keep.size() && t < states_.size(); ++t) states_[t] = keep[t];
    if (sameLayout) {
        Q_EMIT notesChanged();
        Q_EMIT selectionChanged();
        return;
    }
    currentTrack_ = std::clamp(currentTrack_, 0, std::max(0, trackCount() - 1));
    Q_EMIT scoreReset();
    Q_EMIT currentTrackChanged(currentTrack_);
    Q_EMIT selectionChanged();
    Q_EMIT trackStateChanged();
}

void PieceDocument::replaceNotes(const std::map<int, std::vector<midi::Note>>& notesByTrack) {
    bool sizeChanged = false;
    for (const auto& [track, notes] : notesByTrack) {
        if (track < 0 || track >= trackCount()) continue;
        auto& target = score_.tracks[std::size_t(track)].notes;
        sizeChanged |= target.size() != notes.size();
        target = notes;
    }
    if (sizeChanged) {
        // Indices past the end are no longer valid; rebuild the masks and keep what still exists.
        NoteRefs keep = selection_;
        selection_.clear();
        selectedMask_.clear();
        for (const auto& t : score_.tracks) selectedMask_.emplace_back(t.notes.size(), char(0));
        setSelection(std::move(keep));
    }
    Q_EMIT notesChanged();
}

}  // namespace mozart::ui
