#include "cli/PortsCommand.h"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "audio/MidiPorts.h"

namespace mozart::cli {

CLI::App* addPortsCommand(CLI::App& app) {
    return app.add_subcommand("ports", "List MIDI input and output ports");
}

int runPorts() {
    const auto list = audio::listMidiPorts();
    if (!list.problem.empty()) {
        std::printf("no MIDI ports: %s\n", list.problem.c_str());
        return 1;
    }
    auto print = [](const char* title, const std::vector<std::string>& names) {
        std::printf("%s:%s\n", title, names.empty() ? " none" : "");
        for (std::size_t i = 0; i < names.size(); ++i) std::printf("  %zu: %s\n", i, names[i].c_str());
    };
    print("MIDI outputs (mozart play --port)", list.outputs);
    print("MIDI inputs (recording)", list.inputs);
    return 0;
}

}  // namespace mozart::cli
