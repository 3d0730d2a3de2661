#include "document/NoteEdits.h"

#include <QCoreApplication>
#include <QTextStream>
#include <algorithm>

namespace mozart::ui {

namespace {

std::set<int> selectedTracks(const PieceDocument& doc) {
    std::set<int> tracks;
    for (const auto& r : doc.selection()) tracks.insert(r.track);
    return tracks;
}

TrackNotes snapshot(const PieceDocument& doc, const std::set<int>& tracks) {
    TrackNotes out;
    for (int t : tracks) out[t] = doc.score().tracks[std::size_t(t)].notes;
    return out;
}

void push(PieceDocument& doc, const QString& text, TrackNotes before, TrackNotes after,
          NoteRefs selectionAfter) {
    if (before == after && selectionAfter == doc.selection()) return;
    doc.undoStack()->push(new NoteEditCommand(&doc, text, std::move(before), std::move(after),
                                              doc.selection(), std::move(selectionAfter)));
}

midi::Tick roundTo(midi::Tick t, midi::Tick grid) {
    if (grid <= 1) return t;
    return ((t + grid / 2) / grid) * grid;
}

}  // namespace

namespace NoteEdits {

const char* const kClipboardMime = "application/x-mozart-notes";

void transpose(PieceDocument& doc, int semitones) {
    if (!doc.hasSelection() || semitones == 0) return;
    const auto tracks = selectedTracks(doc);
    TrackNotes before = snapshot(doc, tracks), after = before;
    for (const auto& r : doc.selection()) {
        auto& n = after[r.track][std::size_t(r.index)];
        n.pitch = std::uint8_t(std::clamp(int(n.pitch) + semitones, 0, 127));
    }
    push(doc, semitones > 0 ? QCoreApplication::translate("NoteEdits", "Transpose up") : QCoreApplication::translate("NoteEdits", "Transpose down"), std::move(before),
         std::move(after), doc.selection());
}

void move(PieceDocument& doc, midi::Tick ticks, int semitones) {
    if (!doc.hasSelection() || (ticks == 0 && semitones == 0)) return;
    const auto tracks = selectedTracks(doc);
    TrackNotes before = snapshot(doc, tracks), after = before;
    midi::Tick earliest = std::numeric_limits<midi::Tick>::max();
    for (const auto& r : doc.selection())
        earliest = std::min(earliest, before[r.track][std::size_t(r.index)].start);
    ticks = std::max(ticks, -earliest);  // the group keeps its shape and stops at tick 0
    for (const auto& r : doc.selection()) {
        auto& n = after[r.track][std::size_t(r.index)];
        n.start += ticks;
        n.pitch = std::uint8_t(std::clamp(int(n.pitch) + semitones, 0, 127));
    }
    push(doc, QCoreApplication::translate("NoteEdits", "Move notes"), std::move(before), std::move(after), doc.selection());
}

void deleteSelection(PieceDocument& doc) {
    if (!doc.hasSelection()) return;
    const auto tracks = selectedTracks(doc);
    TrackNotes before = snapshot(doc, tracks), after;
    for (int t : tracks) {
        const auto& notes = before[t];
        auto& kept = after[t];
        for (int i = 0; i < int(notes.size()); ++i)
            if (!doc.isSelected(t, i)) kept.push_back(notes[std::size_t(i)]);
    }
    push(doc, QCoreApplication::translate("NoteEdits", "Delete notes"), std::move(before), std::move(after), {});
}

void duplicate(PieceDocument& doc, midi::Tick grid) {
    if (!doc.hasSelection()) return;
    const auto tracks = selectedTracks(doc);
    TrackNotes before = snapshot(doc, tracks), after = before;
    midi::Tick first = std::numeric_limits<midi::Tick>::max(), last = 0;
    for (const auto& r : doc.selection()) {
        const auto& n = before[r.track][std::size_t(r.index)];
        first = std::min(first, n.start);
        last = std::max(last, std::max(n.end(), n.start + 1));
    }
    midi::Tick span = last - first;
    if (grid > 1) span = ((span + grid - 1) / grid) * grid;
    NoteRefs added;
    for (const auto& r : doc.selection()) {
        midi::Note n = before[r.track][std::size_t(r.index)];
        n.start += span;
        added.push_back({r.track, int(after[r.track].size())});
        after[r.track].push_back(n);
    }
    push(doc, QCoreApplication::translate("NoteEdits", "Duplicate notes"), std::move(before), std::move(after), std::move(added));
}

void quantize(PieceDocument& doc, midi::Tick grid) {
    if (grid <= 1 || doc.isEmpty()) return;
    std::set<int> tracks = selectedTracks(doc);
    const bool whole = tracks.empty();
    if (whole)
        for (int t = 0; t < doc.trackCount(); ++t) tracks.insert(t);
    TrackNotes before = snapshot(doc, tracks), after = before;
    auto snapNote = [grid](midi::Note& n) {
        const midi::Tick start = roundTo(n.start, grid);
        midi::Tick end = roundTo(n.end(), grid);
        if (n.duration > 0 && end <= start) end = start + grid;  // never lose a note
        n.start = start;
        n.duration = n.duration > 0 ? end - start : 0;           // zero-length stays zero-length
    };
    if (whole) {
        for (auto& [t, notes] : after)
            for (auto& n : notes) snapNote(n);
    } else {
        for (const auto& r : doc.selection()) snapNote(after[r.track][std::size_t(r.index)]);
    }
    push(doc, QCoreApplication::translate("NoteEdits", "Quantize"), std::move(before), std::move(after), doc.selection());
}

void addNote(PieceDocument& doc, int track, const midi::Note& note) {
    if (track < 0 || track >= doc.trackCount()) return;
    TrackNotes before = snapshot(doc, {track}), after = before;
    after[track].push_back(note);
    push(doc, QCoreApplication::translate("NoteEdits", "Add note"), std::move(before), std::move(after),
         {{track, int(after[track].size()) - 1}});
}

void paste(PieceDocument& doc, int track, midi::Tick at, const std::vector<midi::Note>& notes) {
    if (track < 0 || track >= doc.trackCount() || notes.empty()) return;
    TrackNotes before = snapshot(doc, {track}), after = before;
    NoteRefs added;
    for (midi::Note n : notes) {
        n.start += std::max<midi::Tick>(0, at);
        added.push_back({track, int(after[track].size())});
        after[track].push_back(n);
    }
    push(doc, QCoreApplication::translate("NoteEdits", "Paste notes"), std::move(before), std::move(after), std::move(added));
}

void changeVelocity(PieceDocument& doc, int delta) {
    if (!doc.hasSelection() || delta == 0) return;
    const auto tracks = selectedTracks(doc);
    TrackNotes before = snapshot(doc, tracks), after = before;
    for (const auto& r : doc.selection()) {
        auto& n = after[r.track][std::size_t(r.index)];
        n.velocity = std::uint8_t(std::clamp(int(n.velocity) + delta, 1, 127));
    }
    push(doc, QCoreApplication::translate("NoteEdits", "Change velocity"), std::move(before), std::move(after), doc.selection());
}

std::vector<midi::Note> copySelection(const PieceDocument& doc) {
    std::vector<midi::Note> out;
    for (const auto& r : doc.selection())
        out.push_back(doc.score().tracks[std::size_t(r.track)].notes[std::size_t(r.index)]);
    if (out.empty()) return out;
    midi::Tick first = out.front().start;
    for (const auto& n : out) first = std::min(first, n.start);
    for (auto& n : out) n.start -= first;
    return out;
}

QByteArray toClipboard(const std::vector<midi::Note>& notes) {
    QByteArray out;
    for (const auto& n : notes)
        out += QByteArray::number(qlonglong(n.start)) + ' ' + QByteArray::number(qlonglong(n.duration)) +
               ' ' + QByteArray::number(n.pitch) + ' ' + QByteArray::number(n.velocity) + '\n';
    return out;
}

std::vector<midi::Note> fromClipboard(const QByteArray& data) {
    std::vector<midi::Note> out;
    for (const QByteArray& line : data.split('\n')) {
        const auto parts = line.simplified().split(' ');
        if (parts.size() != 4) continue;
        bool ok[4];
        const qlonglong start = parts[0].toLongLong(&ok[0]);
        const qlonglong duration = parts[1].toLongLong(&ok[1]);
        const int pitch = parts[2].toInt(&ok[2]);
        const int velocity = parts[3].toInt(&ok[3]);
        if (!(ok[0] && ok[1] && ok[2] && ok[3]) || start < 0 || duration < 0) continue;
        midi::Note n;
        n.start = start;
        n.duration = duration;
        n.pitch = std::uint8_t(std::clamp(pitch, 0, 127));
        n.velocity = std::uint8_t(std::clamp(velocity, 1, 127));
        out.push_back(n);
    }
    return out;
}

}  // namespace NoteEdits

NoteGesture::NoteGesture(PieceDocument& doc, std::set<int> tracks)
    : doc_(doc), before_(snapshot(doc, tracks)), selectionBefore_(doc.selection()) {}

void NoteGesture::preview(const std::function<void(TrackNotes&)>& edit) {
    TrackNotes notes = before_;
    edit(notes);
    doc_.replaceNotes(notes);
}

void NoteGesture::finish(const QString& text) {
    if (done_) return;
    done_ = true;
    TrackNotes after;
    for (const auto& [t, notes] : before_) after[t] = doc_.score().tracks[std::size_t(t)].notes;
    if (after == before_) return;
    const NoteRefs selectionAfter = doc_.selection();
    // The document already shows `after`; the command's first redo() re-applies the same notes.
    doc_.undoStack()->push(new NoteEditCommand(&doc_, text, before_, std::move(after), selectionBefore_,
                                               selectionAfter));
}

void NoteGesture::cancel() {
    if (done_) return;
    done_ = true;
    doc_.replaceNotes(before_);
    doc_.setSelection(selectionBefore_);
}

}  // namespace mozart::ui
