#include "cli/PlayCommand.h"

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <thread>
#include <unistd.h>

#include "audio/MidiPortPlayer.h"
#include "audio/Player.h"
#include "midi/SmfReader.h"

namespace mozart::cli {

namespace {

std::atomic<bool> g_interrupted{false};

void onInterrupt(int) { g_interrupted = true; }

// The two players share their transport calls; this runs either.
template <typename P>
int playToEnd(P& player, const midi::Score& score, const PlayOptions& o, const std::string& where) {
    player.setScore(score);
    if (o.loop.size() == 2 && !player.setLoop(o.loop[0], o.loop[1])) {
        std::fprintf(stderr, "mozart play: the loop %.2f .. %.2f s is empty\n", o.loop[0], o.loop[1]);
        return 2;
    }
    player.seek(o.loop.size() == 2 && o.start == 0.0 ? o.loop[0] : o.start);
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    std::printf("playing %s on %s (%.1f s)%s; Ctrl-C stops\n", o.input.c_str(), where.c_str(), player.duration(),
                o.loop.size() == 2 ? ", looping" : "");
    std::fflush(stdout);
    player.play();
    const bool terminal = isatty(STDOUT_FILENO) == 1;
    while (!g_interrupted && player.state() == P::State::Playing) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (terminal) {
            std::printf("\r%7.1f s", player.position());
            std::fflush(stdout);
        }
    }
    player.stop();
    if (terminal) std::printf("\n");
    std::printf(g_interrupted ? "stopped\n" : "finished\n");
    return 0;
}

}  // namespace

CLI::App* addPlayCommand(CLI::App& app, PlayOptions& o) {
    auto* cmd = app.add_subcommand("play", "Play a MIDI file with FluidSynth, or on a MIDI output port");
    cmd->add_option("input", o.input, "MIDI file")->required();
    cmd->add_option("--port,-p", o.port, "MIDI output port (name, part of it, or number; see `mozart ports`)");
    addSynthOptions(*cmd, o.synth);
    cmd->add_option("--start", o.start, "Start at this many seconds")->check(CLI::NonNegativeNumber);
    cmd->add_option("--loop", o.loop, "Loop between two times in seconds: --loop START END")->expected(2);
    return cmd;
}

int runPlay(const PlayOptions& o) {
    const auto read = midi::SmfReader::readFile(o.input);
    if (!read.ok()) {
        std::fprintf(stderr, "mozart play: %s\n", read.error ? read.error->toString().c_str() : o.input.c_str());
        return 1;
    }
    std::string error;
    if (!o.port.empty()) {
        auto player = audio::MidiPortPlayer::open(o.port, &error);
        if (!player) {
            std::fprintf(stderr, "mozart play: %s\n", error.c_str());
            return 1;
        }
        return playToEnd(*player, *read.score, o, "MIDI port " + player->portName());
    }
    auto player = audio::Player::create(o.synth.resolved(), nullptr, &error);
    if (!player) {
        std::fprintf(stderr,
                     "mozart play: %s\n"
                     "To hear it elsewhere: `mozart render %s --out FILE.wav` writes it to a file, and "
                     "--port NAME plays it on an external synthesizer (see `mozart ports`).\n",
                     error.c_str(), o.input.c_str());
        return 1;
    }
    return playToEnd(*player, *read.score, o, player->outputDescription());
}

}  // namespace mozart::cli
