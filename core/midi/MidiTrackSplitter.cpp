#include "midi/MidiTrackSplitter.h"

#include <algorithm>
#include <utility>

namespace mozart::midi {

MidiTrackSplitter::MidiTrackSplitter() { beginTrack(0); }

void MidiTrackSplitter::beginTrack(std::size_t expectedNotes) {
    tracks_.clear();
    trackIndex_.fill(kNone);
    for (auto& h : holding_) h = Track{};
    program_.fill(0);
    pedalDownSince_.fill(0);
    pedalDownSince_[0] = -1;  // symusic's `std::array<unit,16> last_pedal_on{-1}`
    openNotes_.clear();
    freeOpenNote_ = kNone;
    openHead_.fill(kNone);
    openTail_.fill(kNone);
    expectedNotes_ = expectedNotes;
}

std::uint32_t MidiTrackSplitter::createTrack(int channel) {
    const int program = program_[channel];
    Track track = std::move(holding_[channel]);
    holding_[channel] = Track{};
    track.program = program;
    track.isDrum = channel == 9;
    track.channel = channel;
    if (tracks_.empty()) track.notes.reserve(expectedNotes_);
    tracks_.push_back(std::move(track));
    const auto index = std::uint32_t(tracks_.size() - 1);
    trackIndex_[channel * kPrograms + program] = std::int32_t(index);
    return index;
}

Track& MidiTrackSplitter::trackFor(int channel) {
    const std::int32_t index = trackIndex_[channel * kPrograms + program_[channel]];
    return index == kNone ? holding_[channel] : tracks_[std::size_t(index)];
}

void MidiTrackSplitter::noteOn(int channel, int pitch, int velocity, Tick time) {
    std::int32_t index = trackIndex_[channel * kPrograms + program_[channel]];
    if (index == kNone) index = std::int32_t(createTrack(channel));
    auto& notes = tracks_[std::size_t(index)].notes;
    // Duration -1 marks a note still open; endTrack drops those.
    notes.push_back(Note{time, -1, std::uint8_t(pitch), std::uint8_t(velocity)});

    std::int32_t node;
    if (freeOpenNote_ != kNone) {
        node = freeOpenNote_;
        freeOpenNote_ = openNotes_[std::size_t(node)].next;
    } else {
        node = std::int32_t(openNotes_.size());
        openNotes_.push_back({});
    }
    openNotes_[std::size_t(node)] = {std::uint32_t(index), std::uint32_t(notes.size() - 1), kNone};
    const int key = channel * 128 + pitch;
    if (openTail_[key] == kNone)
        openHead_[key] = node;
    else
        openNotes_[std::size_t(openTail_[key])].next = node;
    openTail_[key] = node;
}

void MidiTrackSplitter::noteOff(int channel, int pitch, Tick time) {
    const int key = channel * 128 + pitch;
    const std::int32_t node = openHead_[key];
    if (node == kNone) return;  // nothing open: ignored, as in symusic
    OpenNote& open = openNotes_[std::size_t(node)];
    Note& note = tracks_[open.track].notes[open.note];
    note.duration = time - note.start;
    openHead_[key] = open.next;
    if (open.next == kNone) openTail_[key] = kNone;
    open.next = freeOpenNote_;
    freeOpenNote_ = node;
}

void MidiTrackSplitter::controlChange(int channel, int controller, int value, Tick time) {
    Track& track = trackFor(channel);
    track.controls.push_back({time, std::uint8_t(controller), std::uint8_t(value)});
    if (controller != 64) return;
    Tick& downSince = pedalDownSince_[channel];
    if (value >= 64) {
        if (downSince < 0) downSince = time;
    } else if (downSince >= 0) {
        track.pedals.push_back({downSince, time - downSince});
        downSince = -1;
    }
}

void MidiTrackSplitter::pitchBend(int channel, int value, Tick time) {
    trackFor(channel).pitchBends.push_back({time, std::int16_t(value)});
}

void MidiTrackSplitter::lyric(std::string text, Tick time) {
    constexpr int kMetaChannel = 15;  // low nibble of the 0xFF status byte
    std::int32_t index = trackIndex_[kMetaChannel * kPrograms + program_[kMetaChannel]];
    if (index == kNone) index = std::int32_t(createTrack(kMetaChannel));
    if (text.empty()) return;
    tracks_[std::size_t(index)].lyrics.push_back(
        {time, TextEvent::Kind::Lyric, std::move(text)});
}

void MidiTrackSplitter::endTrack(const std::string& name, std::vector<Track>* out) {
    for (const std::int32_t index : trackIndex_) {  // (channel, program) order
        if (index == kNone) continue;
        Track& track = tracks_[std::size_t(index)];
        if (track.empty()) continue;
        auto& notes = track.notes;
        notes.erase(std::remove_if(notes.begin(), notes.end(),
                                   [](const Note& n) { return n.duration < 0; }),
                    notes.end());
        track.name = name;
        out->push_back(std::move(track));
    }
}

}  // namespace mozart::midi
