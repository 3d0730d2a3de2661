// RemiTokenizer: construction and encoding (decoding lives in RemiDecoder.cpp).
#include "remi/RemiTokenizer.h"

#include "remi/RemiEncoder.h"

namespace mozart::remi {

RemiTokenizer::RemiTokenizer(TokenizerConfig config)
    : config_(std::move(config)), vocab_(config_), encoder_(std::make_shared<const RemiEncoder>(config_, vocab_)) {}

std::vector<TokenSequence> RemiTokenizer::encode(const midi::Score& score) const { return encoder_->encode(score); }

std::vector<TokenSequence> RemiTokenizer::encode(const midi::Score& score, std::string* error) const {
    return encoder_->encode(score, error);
}

std::vector<std::vector<std::int32_t>> RemiTokenizer::encodeIds(const midi::Score& score, std::string* error) const {
    return encoder_->encodeIds(score, nullptr, error);
}

std::vector<StreamTrack> RemiTokenizer::streamTracks(const midi::Score& score) const {
    const PreprocessedScore pre = encoder_->preprocess(score);
    std::vector<StreamTrack> tracks;
    tracks.reserve(pre.tracks.size());
    for (const PreTrack& t : pre.tracks) {
        StreamTrack s;
        s.program = t.program;
        s.isDrum = t.isDrum;
        s.notes = t.notes.size();
        // Merged tracks are named as MidiTok's merge_same_program_tracks names them.
        for (std::size_t i = 0; i < t.sources.size(); ++i) {
            if (i > 0) s.name += " / ";
            s.name += score.tracks[static_cast<std::size_t>(t.sources[i])].name;
        }
        tracks.push_back(std::move(s));
    }
    return tracks;
}

}  // namespace mozart::remi
