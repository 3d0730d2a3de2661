// PieceAssembly: the piece written for a generation that started from a MIDI file. The file's own
// notes stay exactly as they were (its resolution, its tempo map; before bar K when regenerating
// from bar K; before bar A and from bar B + 1 on when filling bars A..B), and the generated notes are added in its time, on the track of their instrument.
// Re-encoding a file is not lossless (quantization, MidiTok's duration arithmetic in x/8 meters),
// so the prompt's notes are never taken from the decoded tokens.
#pragma once

#include <vector>

#include "generate/Generator.h"
#include "generate/PromptBuilder.h"
#include "midi/Score.h"

namespace mozart::generate {

// `tokenTicksPerQuarter`: the resolution of the generated notes (the tokenizer's).
midi::Score assembleOntoPrompt(const midi::Score& promptFile, const Prompt& prompt,
                               const std::vector<GeneratedNote>& generated, int tokenTicksPerQuarter);

}  // namespace mozart::generate
