// PromptBuilder: the token ids a generation starts from. From nothing it is BOS, then, where the
// tokenizer has those token types, the chosen time signature, tempo and instrument forced as the
// first tokens (Bar, TimeSig, Position_0, Tempo, Program). From a MIDI file it is the file's
// tokens (all of them, its last N bars re-encoded as a piece of their own, or the bars before a
// bar K followed by bar K's opening Bar so those bars stay exactly as they were).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "generate/GenerationSettings.h"
#include "midi/Score.h"
#include "remi/RemiGrammar.h"
#include "remi/RemiTokenizer.h"

namespace mozart::generate {

struct Prompt {
    std::vector<std::int32_t> ids;
    // The prompt's last Bar opens a bar still to be written (so it counts among the bars asked
    // for), as after forced first tokens or in front of a regenerated bar.
    bool opensNewBar = false;
    // Tempo where the prompt ends (microseconds per quarter), for lengths in seconds.
    std::int32_t tempoMicros = 500000;
    // For tokenizers without Tempo tokens: the tempo to write into the output (0: leave it).
    std::int32_t outputTempoMicros = 0;
    // Where the prompt file's time starts in the tokens' time (its last bars were taken), and
    // where its kept bars end (regeneration from a bar; -1 otherwise), in the tokens' ticks.
    midi::Tick tokenTickOffset = 0;
    midi::Tick keepBeforeTokenTick = -1;
    // Infilling: the file's notes from this tick on (the bars after the gap) are kept too.
    midi::Tick keepFromTokenTick = -1;
    std::string error;  // a sentence; ids are empty then
};

// `score` is the prompt piece (settings.midiFile read by the caller) or nullptr.
Prompt buildPrompt(const remi::RemiTokenizer& tokenizer, const remi::RemiGrammar& grammar,
                   const PromptSettings& settings, const midi::Score* score);

// The tokens of a score as one stream (all tracks merged into one piano track when the
// tokenizer keeps one stream per track).
std::vector<std::int32_t> encodeAsOneStream(const remi::RemiTokenizer& tokenizer, const midi::Score& score,
                                            std::string* error);

}  // namespace mozart::generate
