// RemiTokenizer: construction and encoding (decoding lives in RemiDecoder.cpp).
#include "remi/RemiTokenizer.h"

#include "remi/RemiEncoder.h"

namespace mozart::remi {

RemiTokenizer::RemiTokenizer(TokenizerConfig config)
    : config_(std::move(config)), vocab_(config_), encoder_(std::make_shared<const RemiEncoder>(config_, vocab_)) {}

std::vector<TokenSequence> RemiTokenizer::encode(const midi::Score& score) const { return encoder_->encode(score); }

std::vector<std::vector<std::int32_t>> RemiTokenizer::encodeIds(const midi::Score& score) const {
    return encoder_->encodeIds(score, nullptr);
}

}  // namespace mozart::remi
