// TrainingWindows: fixed-length slices of the token streams of some pieces (one part of a split),
// the sequences a language model is trained on.
//
// - Each stream is a training sequence of its own: [BOS] stream ids [EOS] (BOS/EOS when asked
//   for and in the vocabulary). With MidiTok's default configuration a piece has one stream per
//   track, each starting again at bar 1, so windows never cross from one stream into the next
//   (a window spanning two tracks would teach a jump back in time that no piece has). To train
//   on whole multi-instrument pieces, use a one-stream configuration (TokenizerConfig::rich()).
// - A window holds length + 1 ids (the model reads the first `length`, the targets are the last
//   `length`: the caller takes [:, :-1] and [:, 1:], nothing is shifted here). Windows start at
//   0, stride, 2*stride, ... while they fit, plus one ending exactly at the sequence end when
//   the stride steps over the tail. A sequence shorter than a window gives one window, padded
//   with PAD_None after its end (the trainer should ignore PAD targets).
// - Streams with fewer than minStreamTokens ids are skipped (tiny or empty tracks).
// - Every window carries its piece's label (conditioning) and piece index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/Dataset.h"
#include "data/TokenStore.h"
#include "remi/Vocabulary.h"

namespace mozart::data {

struct WindowConfig {
    std::size_t length = 512;  // ids the model reads; rows hold length + 1
    std::size_t stride = 256;
    bool addBosEos = true;
    std::size_t minStreamTokens = 8;
};

struct TrainingWindow {
    std::uint32_t piece = 0;   // index into Dataset::pieces()
    std::uint32_t stream = 0;  // index into the TokenStore
    std::uint64_t start = 0;   // in the sequence [BOS] ids [EOS]
    std::int32_t label = -1;
};

class TrainingWindows {
public:
    // nullopt with `error` for a zero length or stride, or a vocabulary without PAD_None.
    static std::optional<TrainingWindows> build(const Dataset& dataset, const std::vector<std::size_t>& pieces,
                                                const WindowConfig& config, const remi::Vocabulary& vocabulary,
                                                std::string* error);

    std::size_t size() const { return windows_.size(); }
    const TrainingWindow& operator[](std::size_t i) const { return windows_[i]; }
    std::size_t rowLength() const { return config_.length + 1; }
    const WindowConfig& config() const { return config_; }
    std::int64_t padId() const { return pad_; }

    // Writes the rowLength() ids of window i into `row`.
    void fill(std::size_t i, std::int64_t* row) const;
    // The stream's ids before window i (for augmentations that need earlier context).
    TokenSpan tokensBefore(std::size_t i) const;

private:
    std::shared_ptr<const TokenStore> store_;
    WindowConfig config_;
    std::int64_t pad_ = 0, bos_ = -1, eos_ = -1;
    std::vector<TrainingWindow> windows_;
};

}  // namespace mozart::data
