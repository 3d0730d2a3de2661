// ReadDiagnostics: collects what went wrong while reading one file: at most one error (the file is
// rejected) and a bounded list of warnings (problems that were recovered from).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "midi/MidiError.h"

namespace mozart::midi {

class ReadDiagnostics {
public:
    explicit ReadDiagnostics(std::string file) : file_(std::move(file)) {}

    void warn(std::size_t offset, std::string message) {
        if (warnings_.size() < kMaxWarnings) {
            warnings_.push_back({file_, offset, std::move(message)});
        } else if (warnings_.size() == kMaxWarnings) {
            warnings_.push_back({file_, offset, "further warnings were left out"});
        }
    }
    void fail(std::size_t offset, std::string message) {
        if (!error_) error_ = Diagnostic{file_, offset, std::move(message)};
    }
    bool failed() const { return error_.has_value(); }

    std::optional<Diagnostic> takeError() { return std::move(error_); }
    std::vector<Diagnostic> takeWarnings() { return std::move(warnings_); }

private:
    static constexpr std::size_t kMaxWarnings = 20;
    std::string file_;
    std::optional<Diagnostic> error_;
    std::vector<Diagnostic> warnings_;
};

}  // namespace mozart::midi
