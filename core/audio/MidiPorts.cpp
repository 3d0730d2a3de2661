#include "audio/MidiPorts.h"

#include <RtMidi.h>

#include <algorithm>
#include <cctype>
#include <sys/stat.h>

namespace mozart::audio {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

template <typename Port>
std::vector<std::string> portNames(Port& port) {
    std::vector<std::string> names;
    const unsigned n = port.getPortCount();
    for (unsigned i = 0; i < n; ++i) names.push_back(port.getPortName(i));
    return names;
}

}  // namespace

std::string midiUnavailableReason() {
    struct stat st {};
    // Checked first: RtMidi would otherwise have ALSA print its own complaint on stderr.
    if (::stat("/dev/snd/seq", &st) != 0) return "no ALSA sequencer (/dev/snd/seq is missing)";
    return {};
}

MidiPortList listMidiPorts() {
    MidiPortList list;
    list.problem = midiUnavailableReason();
    if (!list.problem.empty()) return list;
    try {
        RtMidiIn in(RtMidi::LINUX_ALSA, "Mozart Studio");
        list.inputs = portNames(in);
        RtMidiOut out(RtMidi::LINUX_ALSA, "Mozart Studio");
        list.outputs = portNames(out);
    } catch (const RtMidiError& e) {
        list.problem = "cannot open the ALSA sequencer: " + e.getMessage();
    }
    return list;
}

int findMidiPort(const std::vector<std::string>& names, const std::string& wanted, const char* kind,
                 std::string* error) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == wanted) return int(i);
    int found = -1, matches = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (lower(names[i]).find(lower(wanted)) != std::string::npos) {
            found = int(i);
            ++matches;
        }
    }
    if (matches == 1) return found;
    if (!wanted.empty() && std::all_of(wanted.begin(), wanted.end(), ::isdigit)) {
        const unsigned long index = std::stoul(wanted);
        if (index < names.size()) return int(index);
    }
    std::string available;
    for (std::size_t i = 0; i < names.size(); ++i) available += "\n  " + std::to_string(i) + ": " + names[i];
    if (names.empty()) available = " none";
    *error = std::string(matches > 1 ? "several MIDI " : "no MIDI ") + kind + " port" +
             (matches > 1 ? "s match \"" : " matches \"") + wanted + "\"; " + kind + " ports:" + available;
    return -1;
}

std::unique_ptr<MidiOutPort> MidiOutPort::open(const std::string& name, std::string* error) {
    if (std::string why = midiUnavailableReason(); !why.empty()) {
        *error = "cannot use MIDI port \"" + name + "\": " + why;
        return nullptr;
    }
    try {
        std::unique_ptr<MidiOutPort> port(new MidiOutPort);
        port->out_ = std::make_unique<RtMidiOut>(RtMidi::LINUX_ALSA, "Mozart Studio");
        const int index = findMidiPort(portNames(*port->out_), name, "output", error);
        if (index < 0) return nullptr;
        port->name_ = port->out_->getPortName(unsigned(index));
        port->out_->openPort(unsigned(index), "Mozart Studio out");
        return port;
    } catch (const RtMidiError& e) {
        *error = "cannot open MIDI output \"" + name + "\": " + e.getMessage();
        return nullptr;
    }
}

MidiOutPort::~MidiOutPort() = default;

void MidiOutPort::send(const std::uint8_t* bytes, std::size_t size) {
    try {
        out_->sendMessage(bytes, size);
    } catch (const RtMidiError&) {
        // A port that went away mid-piece: nothing useful to do per message.
    }
}

}  // namespace mozart::audio
