// SmfChunks: finds the header and the track chunks of a Standard MIDI File (also inside a RIFF
// RMID wrapper) and decides what to do with a damaged or odd file structure.
//
// Rejected (error): empty or non-MIDI data, a RIFF file that is not RMID or has no 'data' chunk, a
// header chunk shorter than 6 bytes or cut off, format above 2, SMPTE time code division (the
// Score counts ticks per quarter note), division 0.
// Recovered (warning): a header chunk longer than 6 bytes (the extra bytes are skipped; symusic
// rejects such files), a header announcing 0 tracks (empty score, as symusic gives), fewer
// track chunks than announced, a track chunk claiming more bytes than the file holds (the bytes
// there are read), an unknown chunk running past the end, stray bytes after the last chunk.
// Track chunks beyond the announced count are ignored, as symusic does; unknown chunks between
// tracks are skipped silently, as the standard asks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "midi/ReadDiagnostics.h"

namespace mozart::midi {

struct SmfTrackChunk {
    std::size_t offset = 0;  // file offset of the chunk's first event byte
    std::size_t size = 0;    // bytes available (less than claimed when the file is cut short)
};

struct SmfLayout {
    int format = 1;
    int announcedTracks = 0;
    int ticksPerQuarter = 480;
    std::vector<SmfTrackChunk> tracks;
};

// Fills `layout`; returns false (with an error in `diagnostics`) when the file is rejected.
bool readSmfLayout(const std::uint8_t* data, std::size_t size, ReadDiagnostics& diagnostics,
                   SmfLayout* layout);

}  // namespace mozart::midi
