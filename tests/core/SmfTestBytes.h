// SmfTestBytes: builds Standard MIDI File bytes event by event for reader and writer tests, so each
// fixture says in the test which bytes it holds.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace mozart::midi::test {

using Bytes = std::vector<std::uint8_t>;

inline Bytes vlq(std::uint32_t v) {
    Bytes groups{std::uint8_t(v & 0x7F)};
    while (v >>= 7) groups.insert(groups.begin(), std::uint8_t(0x80 | (v & 0x7F)));
    return groups;
}

inline void append(Bytes& to, const Bytes& more) { to.insert(to.end(), more.begin(), more.end()); }

inline Bytes be32(std::uint32_t v) {
    return {std::uint8_t(v >> 24), std::uint8_t(v >> 16), std::uint8_t(v >> 8), std::uint8_t(v)};
}

// Event bytes after a delta time.
class TrackBytes {
public:
    // Delta time then raw bytes (status and data, or data only for running status).
    TrackBytes& ev(std::uint32_t delta, std::initializer_list<std::uint8_t> bytes) {
        append(body_, vlq(delta));
        body_.insert(body_.end(), bytes);
        return *this;
    }
    TrackBytes& meta(std::uint32_t delta, std::uint8_t type, const Bytes& data) {
        append(body_, vlq(delta));
        body_.push_back(0xFF);
        body_.push_back(type);
        append(body_, vlq(std::uint32_t(data.size())));
        append(body_, data);
        return *this;
    }
    TrackBytes& text(std::uint32_t delta, std::uint8_t type, const std::string& s) {
        return meta(delta, type, Bytes(s.begin(), s.end()));
    }
    TrackBytes& raw(const Bytes& bytes) {
        append(body_, bytes);
        return *this;
    }
    TrackBytes& endOfTrack() { return meta(0, 0x2F, {}); }

    // The MTrk chunk; `claimedLength` overrides the length field when >= 0.
    Bytes chunk(long long claimedLength = -1) const {
        Bytes c{'M', 'T', 'r', 'k'};
        append(c, be32(claimedLength >= 0 ? std::uint32_t(claimedLength)
                                          : std::uint32_t(body_.size())));
        append(c, body_);
        return c;
    }

private:
    Bytes body_;
};

inline Bytes header(int format, int tracks, int division, std::uint32_t length = 6) {
    Bytes h{'M', 'T', 'h', 'd'};
    append(h, be32(length));
    append(h, {std::uint8_t(format >> 8), std::uint8_t(format), std::uint8_t(tracks >> 8),
               std::uint8_t(tracks), std::uint8_t(division >> 8), std::uint8_t(division)});
    return h;
}

inline Bytes smf(int format, int division, const std::vector<TrackBytes>& tracks) {
    Bytes file = header(format, int(tracks.size()), division);
    for (const auto& t : tracks) append(file, t.chunk());
    return file;
}

}  // namespace mozart::midi::test
