#include "audio/Transport.h"

#include <algorithm>

namespace mozart::audio {

void Transport::setSchedule(EventSchedule schedule, TransportSink& sink) {
    stop(sink);
    schedule_ = std::move(schedule);
    muted_.assign(schedule_.trackCount(), false);
    solo_.assign(schedule_.trackCount(), false);
    loopStart_ = loopEnd_ = 0;
    moveTo(0);
}

void Transport::moveTo(std::int64_t frame) {
    frame = std::max<std::int64_t>(0, frame);
    position_.store(frame, std::memory_order_relaxed);
    next_ = schedule_.firstAtOrAfter(frame);
    chasePending_ = true;
}

void Transport::chase(TransportSink& sink) {
    sink.resetChannels();
    for (const auto& e : schedule_.stateBefore(position())) sink.send(e);
    chasePending_ = false;
}

void Transport::play() { state_.store(State::Playing, std::memory_order_relaxed); }

void Transport::pause(TransportSink& sink) {
    if (state() != State::Playing) return;
    state_.store(State::Paused, std::memory_order_relaxed);
    sink.silence(true);
    chasePending_ = true;
}

void Transport::stop(TransportSink& sink) {
    state_.store(State::Stopped, std::memory_order_relaxed);
    sink.silence(true);
    moveTo(looping() ? loopStart_ : 0);
}

void Transport::seek(std::int64_t frame, TransportSink& sink) {
    if (state() == State::Playing) sink.silence(true);
    moveTo(frame);
}

bool Transport::setLoop(std::int64_t start, std::int64_t end) {
    start = std::max<std::int64_t>(0, start);
    if (end <= start) return false;
    loopStart_ = start;
    loopEnd_ = end;
    return true;
}

void Transport::clearLoop() { loopStart_ = loopEnd_ = 0; }

bool Transport::trackAudible(std::size_t track) const {
    if (track >= muted_.size()) return true;
    if (muted_[track]) return false;
    const bool anySolo = std::find(solo_.begin(), solo_.end(), true) != solo_.end();
    return !anySolo || solo_[track];
}

void Transport::silenceTrack(std::size_t track, TransportSink& sink) {
    // Notes already sounding on a track just muted stop now rather than at their note-off.
    ScheduledEvent off;
    off.frame = position();
    off.type = ScheduledEvent::Type::Control;
    off.channel = std::uint8_t(schedule_.channelOfTrack(track));
    off.data1 = 123;  // all notes off
    sink.send(off);
}

void Transport::setTrackMuted(std::size_t track, bool muted, TransportSink& sink) {
    if (track >= muted_.size()) return;
    muted_[track] = muted;
    if (!trackAudible(track)) silenceTrack(track, sink);
}

void Transport::setTrackSolo(std::size_t track, bool solo, TransportSink& sink) {
    if (track >= solo_.size()) return;
    solo_[track] = solo;
    for (std::size_t t = 0; t < solo_.size(); ++t)
        if (!trackAudible(t)) silenceTrack(t, sink);
}

void Transport::advance(int frames, TransportSink& sink) {
    if (state() != State::Playing || frames <= 0) {
        sink.renderUntil(std::max(0, frames));
        return;
    }
    if (chasePending_) chase(sink);
    const auto& events = schedule_.events();
    std::int64_t pos = position();
    int offset = 0;
    while (offset < frames) {
        const std::int64_t blockEnd = pos + (frames - offset);
        const bool wraps = looping() && pos < loopEnd_ && loopEnd_ <= blockEnd;
        // Past the loop (or with none) the music ends at the schedule's end.
        const bool endsHere = !wraps && !(looping() && pos < loopEnd_) && schedule_.endFrame() <= blockEnd;
        const std::int64_t limit = wraps ? loopEnd_ : endsHere ? std::max(pos, schedule_.endFrame()) : blockEnd;
        while (next_ < events.size() && (events[next_].frame < limit || (endsHere && events[next_].frame <= limit))) {
            const ScheduledEvent& e = events[next_++];
            sink.renderUntil(offset + int(std::max(pos, e.frame) - pos));
            const bool noteOn = e.type == ScheduledEvent::Type::NoteOn;
            if (noteOn && (endsHere && e.frame >= limit)) continue;  // nothing starts on the last frame
            if (noteOn && !trackAudible(e.track)) continue;
            sink.send(e);
        }
        offset += int(limit - pos);
        pos = limit;
        if (wraps) {
            sink.renderUntil(offset);
            sink.silence(false);  // held notes release naturally into the loop's start
            moveTo(loopStart_);
            pos = loopStart_;
            for (const auto& e : schedule_.stateBefore(pos)) sink.send(e);
            chasePending_ = false;
            continue;
        }
        if (endsHere) {
            sink.renderUntil(offset);
            state_.store(State::Stopped, std::memory_order_relaxed);
            moveTo(looping() ? loopStart_ : 0);
            sink.renderUntil(frames);
            return;
        }
    }
    position_.store(pos, std::memory_order_relaxed);
    sink.renderUntil(frames);
}

}  // namespace mozart::audio
