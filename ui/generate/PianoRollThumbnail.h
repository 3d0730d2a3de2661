// PianoRollThumbnail: a small picture of a piece as the piano roll shows it (time across, pitch
// up, one colour per track as in the piano roll), for the variations list and the generation
// history. A pure function of the notes: no widget, no file, safe on any thread (QImage only).
#pragma once

#include <QImage>
#include <QSize>

#include "midi/Score.h"

namespace mozart::ui {

// `size` in device-independent pixels; the image holds size * devicePixelRatio pixels and carries
// that ratio. The pitch axis spans the piece's own range (at least an octave), the time axis its
// notes' extent, so short and long pieces both fill the picture. An empty piece gives the bare
// background.
QImage pianoRollThumbnail(const midi::Score& score, QSize size, qreal devicePixelRatio = 1.0);

}  // namespace mozart::ui
