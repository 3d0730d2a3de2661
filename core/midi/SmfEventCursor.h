// SmfEventCursor: walks the events of one MTrk chunk exactly as symusic's parser (minimidi at
// 75ba26c) splits them, so that every file symusic accepts yields the same events here.
//
// Where minimidi departs from the SMF specification we follow minimidi, because the tokens must
// match MidiTok's: a variable-length quantity is at most 4 bytes (the 4th byte's continuation bit
// is ignored); meta events leave running status alone while SysEx (F0) and system messages
// (F1-FE) replace it; an F7 byte is a one-byte message, so the bytes of an F7 "escape" event are
// read as further events; undefined status bytes (F4 F5 F9 FD) swallow 255 bytes. Unlike
// minimidi it never reads outside the chunk: where minimidi would throw (or read past the end),
// the cursor stops and says why.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mozart::midi {

struct SmfEvent {
    std::uint64_t tick = 0;     // absolute tick within the track
    std::size_t offset = 0;     // offset in the chunk of the event's status (or first data) byte
    std::uint8_t status = 0;    // status in force (running status resolved); 0xFF for meta events
    std::uint8_t metaType = 0;  // meta events only
    // Channel and system messages: the data bytes after the status byte.
    // Meta events: the payload (after the type byte and the length).
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    // Meta events only: the bytes from the type byte on ([type, length VLQ..., payload]), which is
    // what symusic indexes into for tempo, time and key signatures.
    const std::uint8_t* meta = nullptr;
    std::size_t metaSize = 0;
};

class SmfEventCursor {
public:
    enum class Stop {
        None,              // still reading
        EndOfChunk,        // all bytes read (no End of Track event)
        EndOfTrack,        // an End of Track meta event
        Truncated,         // an event runs past the end of the chunk
        NoRunningStatus,   // a data byte where a status byte must be, with no status to repeat
    };

    SmfEventCursor(const std::uint8_t* chunk, std::size_t size) : begin_(chunk), size_(size) {}

    // Reads the next event; false once the track has stopped (see stop()).
    bool next(SmfEvent& e) {
        if (stop_ != Stop::None) return false;
        if (pos_ >= size_) return halt(Stop::EndOfChunk, pos_);
        const std::size_t eventStart = pos_;
        std::uint32_t delta = 0;
        if (!readVlq(&delta)) return halt(Stop::Truncated, eventStart);
        tick_ += delta;
        if (pos_ >= size_) return halt(Stop::Truncated, eventStart);
        e.tick = tick_;
        e.offset = pos_;
        e.meta = nullptr;
        e.metaSize = 0;
        const std::uint8_t status = begin_[pos_];
        if (status == 0xFF) return readMeta(e);
        if (status == 0xF0) return readSysEx(e);
        if (status < 0x80) return readRunningStatus(e);
        return readMessage(e, status);
    }

    Stop stop() const { return stop_; }
    std::size_t stopOffset() const { return stopOffset_; }  // where the stop was noticed
    // Offset of the first variable-length quantity that ran to a 4th byte with its continuation bit
    // set (read as 4 bytes, as symusic does), or npos.
    std::size_t overlongVlqOffset() const { return overlongVlq_; }
    // Offset of the first F7 byte read as a status (see the file comment), or npos.
    std::size_t escapeOffset() const { return escape_; }
    static constexpr std::size_t npos = ~std::size_t(0);

private:
    const std::uint8_t* begin_;
    std::size_t size_;
    std::size_t pos_ = 0;
    std::uint64_t tick_ = 0;
    std::uint8_t runningStatus_ = 0;
    std::size_t runningLength_ = 0;  // length of the running message including its status byte
    Stop stop_ = Stop::None;
    std::size_t stopOffset_ = 0;
    std::size_t overlongVlq_ = npos;
    std::size_t escape_ = npos;

    bool halt(Stop why, std::size_t at) {
        stop_ = why;
        stopOffset_ = at;
        return false;
    }

    std::size_t remaining() const { return size_ - pos_; }

    bool readVlq(std::uint32_t* value) {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            if (pos_ >= size_) return false;
            const std::uint8_t b = begin_[pos_++];
            v = (v << 7) | (b & 0x7F);
            if (!(b & 0x80)) break;
            if (i == 3 && overlongVlq_ == npos) overlongVlq_ = pos_ - 4;
        }
        *value = v;
        return true;
    }

    // Total length (status byte included) of a message starting with `status` (>= 0x80, not F0/FF).
    static std::size_t messageLength(std::uint8_t status) {
        if (status < 0xF0) {
            static constexpr std::uint8_t kChannel[8] = {3, 3, 3, 3, 2, 2, 3, 0};
            return kChannel[(status >> 4) - 8];
        }
        // minimidi lists undefined statuses with length 65535 in a table of bytes: 255.
        static constexpr std::uint8_t kSystem[16] = {0, 2, 3, 2, 255, 255, 1, 1,
                                                     1, 255, 1, 1, 1, 255, 1, 0};
        return kSystem[status & 0x0F];
    }

    bool readMessage(SmfEvent& e, std::uint8_t status) {
        if (status == 0xF7 && escape_ == npos) escape_ = pos_;
        const std::size_t length = messageLength(status);
        runningStatus_ = status;
        runningLength_ = length;
        if (length > remaining()) return halt(Stop::Truncated, pos_);
        e.status = status;
        e.data = begin_ + pos_ + 1;
        e.size = length - 1;
        pos_ += length;
        return true;
    }

    bool readRunningStatus(SmfEvent& e) {
        if (runningLength_ == 0) return halt(Stop::NoRunningStatus, pos_);
        const std::size_t dataLength = runningLength_ - 1;
        if (dataLength > remaining()) return halt(Stop::Truncated, pos_);
        e.status = runningStatus_;
        e.data = begin_ + pos_;
        e.size = dataLength;
        pos_ += dataLength;
        return true;
    }

    bool readSysEx(SmfEvent& e) {
        const std::size_t start = pos_;
        ++pos_;
        std::uint32_t length = 0;
        if (!readVlq(&length)) return halt(Stop::Truncated, start);
        const std::size_t header = pos_ - start;
        runningStatus_ = 0xF0;
        runningLength_ = header + length;
        if (length > remaining()) return halt(Stop::Truncated, start);
        e.status = 0xF0;
        e.data = begin_ + pos_;
        e.size = length;
        pos_ += length;
        return true;
    }

    bool readMeta(SmfEvent& e) {
        const std::size_t start = pos_;
        if (remaining() < 2) return halt(Stop::Truncated, start);
        const std::uint8_t type = begin_[pos_ + 1];
        pos_ += 2;
        std::uint32_t length = 0;
        if (!readVlq(&length)) return halt(Stop::Truncated, start);
        if (length > remaining()) return halt(Stop::Truncated, start);
        if (type == 0x2F) return halt(Stop::EndOfTrack, start);
        e.status = 0xFF;
        e.metaType = type;
        e.data = begin_ + pos_;
        e.size = length;
        e.meta = begin_ + start + 1;
        e.metaSize = pos_ + length - (start + 1);
        pos_ += length;
        return true;
    }
};

}  // namespace mozart::midi
