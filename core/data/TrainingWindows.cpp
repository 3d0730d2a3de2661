#include "data/TrainingWindows.h"

#include <algorithm>

namespace mozart::data {

std::optional<TrainingWindows> TrainingWindows::build(const Dataset& dataset, const std::vector<std::size_t>& pieces,
                                                      const WindowConfig& config, const remi::Vocabulary& vocabulary,
                                                      std::string* error) {
    if (config.length == 0 || config.stride == 0) {
        *error = "window length and stride must be at least 1";
        return std::nullopt;
    }
    TrainingWindows w;
    w.store_ = dataset.store();
    w.config_ = config;
    w.pad_ = vocabulary.id("PAD_None");
    if (w.pad_ < 0) {
        *error = "the vocabulary has no PAD_None token to pad short sequences with";
        return std::nullopt;
    }
    if (config.addBosEos) {
        w.bos_ = vocabulary.id("BOS_None");
        w.eos_ = vocabulary.id("EOS_None");
    }
    const std::uint64_t extra = (w.bos_ >= 0 ? 1 : 0) + (w.eos_ >= 0 ? 1 : 0);
    const std::uint64_t row = config.length + 1;
    for (std::size_t piece : pieces) {
        const DatasetPiece& p = dataset.pieces()[piece];
        for (std::uint32_t s = 0; s < p.record.streamCount; ++s) {
            const std::uint32_t stream = p.record.firstStream + s;
            const std::uint64_t ids = w.store_->stream(stream).size();
            if (ids == 0 || ids < config.minStreamTokens) continue;
            const std::uint64_t n = ids + extra;
            TrainingWindow window{std::uint32_t(piece), stream, 0, p.label};
            if (n <= row) {
                w.windows_.push_back(window);
                continue;
            }
            std::uint64_t start = 0;
            for (; start + row <= n; start += config.stride) {
                window.start = start;
                w.windows_.push_back(window);
            }
            if (start - config.stride + row < n) {
                window.start = n - row;
                w.windows_.push_back(window);
            }
        }
    }
    return w;
}

void TrainingWindows::fill(std::size_t i, std::int64_t* row) const {
    const TrainingWindow& w = windows_[i];
    const TokenSpan ids = store_->stream(w.stream);
    const std::uint64_t lead = bos_ >= 0 ? 1 : 0;
    const std::uint64_t n = ids.size() + lead + (eos_ >= 0 ? 1 : 0);
    for (std::size_t j = 0; j < rowLength(); ++j) {
        const std::uint64_t at = w.start + j;
        if (at >= n)
            row[j] = pad_;
        else if (at < lead)
            row[j] = bos_;
        else if (at - lead < ids.size())
            row[j] = ids[std::size_t(at - lead)];
        else
            row[j] = eos_;
    }
}

TokenSpan TrainingWindows::tokensBefore(std::size_t i) const {
    const TrainingWindow& w = windows_[i];
    const TokenSpan ids = store_->stream(w.stream);
    const std::uint64_t lead = bos_ >= 0 ? 1 : 0;
    const std::uint64_t before = std::min<std::uint64_t>(w.start > lead ? w.start - lead : 0, ids.size());
    return ids.subspan(0, std::size_t(before));
}

}  // namespace mozart::data
