// DatasetScanTask: reads every MIDI file under a folder (recursively: .mid .midi .rmi .kar) and
// fills a PieceInfo for each: duration, tracks, instruments, notes, tempo, REMI token count,
// byte-identical duplicates and read errors. The file list is known at once (list()), the details
// arrive file by file. run() is called on a worker thread; cancel(), progress() and takeFinished()
// are safe from any thread. No Qt here: the browser polls it on a timer.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "dataset/PieceInfo.h"
#include "remi/TokenizerConfig.h"

namespace mozart::ui {

class DatasetScanTask {
public:
    DatasetScanTask(std::string folder, remi::TokenizerConfig tokenizer);

    // Finds the files to scan (run() does this first, always to the end: listing is quick, and a
    // cancelled scan still shows every file). pieces() is the list in path order, with only the
    // names filled in; read it from another thread only once isListed() is true.
    void list();
    bool isListed() const { return listed_; }
    const std::vector<PieceInfo>& pieces() const { return pieces_; }

    void run();
    void cancel() { cancelled_ = true; }
    bool isCancelled() const { return cancelled_; }
    // Files done so far, and how many in all.
    std::size_t done() const { return done_; }
    std::size_t total() const { return total_; }
    // Indices of pieces completed since the last call, with their filled-in values.
    std::vector<std::pair<std::size_t, PieceInfo>> takeFinished();

    const std::string& folder() const { return folder_; }
    std::string listError() const { return listError_; }

private:
    std::string folder_;
    remi::TokenizerConfig tokenizer_;
    std::vector<PieceInfo> pieces_;
    std::string listError_;
    std::atomic<bool> cancelled_{false};
    std::atomic<std::size_t> done_{0}, total_{0};
    std::mutex mutex_;
    std::vector<std::pair<std::size_t, PieceInfo>> finished_;
    std::atomic<bool> listed_{false};
    bool listStarted_ = false;
};

}  // namespace mozart::ui
