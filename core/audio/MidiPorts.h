// MidiPorts: the machine's MIDI ports through RtMidi (the ALSA sequencer on Linux): listing them
// and sending to an output port. Where there is no sequencer (/dev/snd/seq missing, as in
// containers and CI) every function says so in words instead of failing obscurely.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

class RtMidiOut;

namespace mozart::audio {

// "" when MIDI ports can be used, else why not: "no ALSA sequencer (/dev/snd/seq is missing)".
std::string midiUnavailableReason();

struct MidiPortList {
    std::vector<std::string> inputs;
    std::vector<std::string> outputs;
    std::string problem;  // set when the ports could not be listed
};
MidiPortList listMidiPorts();

// Picks a port: an exact name, else the only name containing `wanted` (any case), else a port
// number. Returns the index, or -1 with `error` listing what there is.
int findMidiPort(const std::vector<std::string>& names, const std::string& wanted, const char* kind,
                 std::string* error);

class MidiOutPort {
public:
    // Opens the output port chosen by findMidiPort().
    static std::unique_ptr<MidiOutPort> open(const std::string& name, std::string* error);
    ~MidiOutPort();
    MidiOutPort(const MidiOutPort&) = delete;
    MidiOutPort& operator=(const MidiOutPort&) = delete;

    // Not thread-safe: one thread sends at a time.
    void send(const std::uint8_t* bytes, std::size_t size);
    const std::string& name() const { return name_; }

private:
    MidiOutPort() = default;
    std::unique_ptr<RtMidiOut> out_;
    std::string name_;
};

}  // namespace mozart::audio
