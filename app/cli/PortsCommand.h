// `mozart ports`: lists the MIDI input and output ports, or says why there are none.
#pragma once

namespace CLI { class App; }

namespace mozart::cli {

CLI::App* addPortsCommand(CLI::App& app);
int runPorts();

}  // namespace mozart::cli
