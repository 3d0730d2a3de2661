#include "train/MetricsFollower.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

namespace mozart::train {

namespace {

double number(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : MetricsEvent::kNone;
}

MetricsEvent::Kind kindOf(const std::string& name) {
    using K = MetricsEvent::Kind;
    if (name == "step") return K::Step;
    if (name == "validation") return K::Validation;
    if (name == "checkpoint") return K::Checkpoint;
    if (name == "started") return K::Started;
    if (name == "resumed") return K::Resumed;
    if (name == "paused") return K::Paused;
    if (name == "finished") return K::Finished;
    if (name == "skipped") return K::Skipped;
    return K::Other;
}

std::string text(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool parseMetricsLine(const std::string& line, MetricsEvent& e) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return false;
    const auto name = j.find("event");
    if (name == j.end() || !name->is_string()) return false;
    e = MetricsEvent{};
    e.name = name->get<std::string>();
    e.kind = kindOf(e.name);
    const double step = number(j, "step");
    e.step = step == step && step >= 0 && step < 9e18 ? std::int64_t(step) : 0;
    e.loss = number(j, "loss");
    e.learningRate = number(j, "lr");
    e.gradNorm = number(j, "grad_norm");
    e.tokensPerSecond = number(j, "tokens_per_second");
    e.elapsed = number(j, "elapsed");
    const double tokens = number(j, "tokens");
    e.tokens = tokens == tokens && tokens >= 0 && tokens < 9e18 ? std::int64_t(tokens) : 0;
    e.perplexity = number(j, "perplexity");
    e.accuracy = number(j, "accuracy");
    const auto best = j.find("best");
    e.best = best != j.end() && best->is_boolean() && best->get<bool>();
    e.folder = text(j, "folder");
    e.reason = text(j, "reason");
    const double maxSteps = number(j, "max_steps");
    e.maxSteps = maxSteps == maxSteps && maxSteps >= 0 && maxSteps < 9e18 ? std::int64_t(maxSteps) : 0;
    e.maxMinutes = number(j, "max_minutes");
    return true;
}

MetricsFollower::Poll MetricsFollower::poll() {
    Poll out;
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
        if (errno != ENOENT) out.error = path_ + ": " + std::strerror(errno);
        return out;
    }
    // Replaced (a new inode: an atomic rewrite) or shortened: everything read so far is void.
    if ((inode_ != 0 && std::uint64_t(st.st_ino) != inode_) || std::uint64_t(st.st_size) < offset_) {
        offset_ = 0;
        partial_.clear();
        skipping_ = false;
        tokensSeen_ = 0;
        out.restarted = true;
    }
    inode_ = std::uint64_t(st.st_ino);
    if (std::uint64_t(st.st_size) == offset_) return out;
    std::FILE* f = std::fopen(path_.c_str(), "rb");
    if (!f) {
        out.error = path_ + ": " + std::strerror(errno);
        return out;
    }
    const std::uint64_t available = std::uint64_t(st.st_size) - offset_;
    const std::size_t want = std::size_t(std::min<std::uint64_t>(available, kMaxReadBytes));
    std::string chunk(want, '\0');
    std::size_t got = 0;
    if (::fseeko(f, off_t(offset_), SEEK_SET) == 0) got = std::fread(chunk.data(), 1, want, f);
    std::fclose(f);
    chunk.resize(got);
    offset_ += got;
    out.more = available > got;
    std::size_t begin = 0;
    while (begin < chunk.size()) {
        const std::size_t newline = chunk.find('\n', begin);
        const std::size_t end = newline == std::string::npos ? chunk.size() : newline;
        if (!skipping_) partial_.append(chunk, begin, end - begin);
        if (partial_.size() > kMaxLineBytes) {
            partial_.clear();
            skipping_ = true;
        }
        if (newline == std::string::npos) break;  // the rest of this line has not been written yet
        if (!skipping_) {
            MetricsEvent e;
            if (parseMetricsLine(partial_, e)) {
                if (e.kind == MetricsEvent::Kind::Step) e.tokensSeen = tokensSeen_ += e.tokens;
                out.events.push_back(std::move(e));
            }
        }
        partial_.clear();
        skipping_ = false;
        begin = newline + 1;
    }
    return out;
}

}  // namespace mozart::train
