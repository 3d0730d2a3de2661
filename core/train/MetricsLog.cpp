#include "train/MetricsLog.h"

#include <cerrno>
#include <cstring>
#include <sstream>

#include <nlohmann/json.hpp>

#include "io/AtomicFile.h"

namespace mozart::train {

MetricsLog::~MetricsLog() { close(); }

bool MetricsLog::open(const std::string& path, std::int64_t keepUpToStep, std::string* error) {
    close();
    if (keepUpToStep >= 0) {
        std::string text, readError;
        if (io::readWholeFile(path, &text, &readError)) {
            std::istringstream in(text);
            std::string line, kept;
            while (std::getline(in, line)) {
                const auto j = nlohmann::json::parse(line, nullptr, false);
                if (j.is_discarded() || !j.is_object()) continue;  // a torn last line
                if (j.contains("step") && j["step"].is_number() && j["step"].get<std::int64_t>() > keepUpToStep)
                    continue;
                kept += line + "\n";
            }
            if (!io::writeFileAtomically(path, kept, error)) return false;
        }
    }
    file_ = std::fopen(path.c_str(), "a");
    if (!file_) {
        if (error) *error = path + ": cannot open for appending: " + std::strerror(errno);
        return false;
    }
    return true;
}

void MetricsLog::append(const nlohmann::json& event) {
    if (!file_) return;
    const std::string line = event.dump() + "\n";
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
}

void MetricsLog::close() {
    if (file_) std::fclose(file_);
    file_ = nullptr;
}

}  // namespace mozart::train
