#include "midi/GeneralMidi.h"

#include <cctype>
#include <stdexcept>

namespace mozart::midi {

namespace {

const char* const kPrograms[128] = {
    "Acoustic Grand Piano", "Bright Acoustic Piano", "Electric Grand Piano", "Honky-tonk Piano",
    "Electric Piano 1", "Electric Piano 2", "Harpsichord", "Clavinet",
    "Celesta", "Glockenspiel", "Music Box", "Vibraphone",
    "Marimba", "Xylophone", "Tubular Bells", "Dulcimer",
    "Drawbar Organ", "Percussive Organ", "Rock Organ", "Church Organ",
    "Reed Organ", "Accordion", "Harmonica", "Tango Accordion",
    "Acoustic Guitar (nylon)", "Acoustic Guitar (steel)", "Electric Guitar (jazz)",
    "Electric Guitar (clean)", "Electric Guitar (muted)", "Overdriven Guitar",
    "Distortion Guitar", "Guitar Harmonics",
    "Acoustic Bass", "Electric Bass (finger)", "Electric Bass (pick)", "Fretless Bass",
    "Slap Bass 1", "Slap Bass 2", "Synth Bass 1", "Synth Bass 2",
    "Violin", "Viola", "Cello", "Contrabass",
    "Tremolo Strings", "Pizzicato Strings", "Orchestral Harp", "Timpani",
    "String Ensemble 1", "String Ensemble 2", "Synth Strings 1", "Synth Strings 2",
    "Choir Aahs", "Voice Oohs", "Synth Voice", "Orchestra Hit",
    "Trumpet", "Trombone", "Tuba", "Muted Trumpet",
    "French Horn", "Brass Section", "Synth Brass 1", "Synth Brass 2",
    "Soprano Sax", "Alto Sax", "Tenor Sax", "Baritone Sax",
    "Oboe", "English Horn", "Bassoon", "Clarinet",
    "Piccolo", "Flute", "Recorder", "Pan Flute",
    "Blown Bottle", "Shakuhachi", "Whistle", "Ocarina",
    "Lead 1 (square)", "Lead 2 (sawtooth)", "Lead 3 (calliope)", "Lead 4 (chiff)",
    "Lead 5 (charang)", "Lead 6 (voice)", "Lead 7 (fifths)", "Lead 8 (bass + lead)",
    "Pad 1 (new age)", "Pad 2 (warm)", "Pad 3 (polysynth)", "Pad 4 (choir)",
    "Pad 5 (bowed)", "Pad 6 (metallic)", "Pad 7 (halo)", "Pad 8 (sweep)",
    "FX 1 (rain)", "FX 2 (soundtrack)", "FX 3 (crystal)", "FX 4 (atmosphere)",
    "FX 5 (brightness)", "FX 6 (goblins)", "FX 7 (echoes)", "FX 8 (sci-fi)",
    "Sitar", "Banjo", "Shamisen", "Koto",
    "Kalimba", "Bagpipe", "Fiddle", "Shanai",
    "Tinkle Bell", "Agogo", "Steel Drums", "Woodblock",
    "Taiko Drum", "Melodic Tom", "Synth Drum", "Reverse Cymbal",
    "Guitar Fret Noise", "Breath Noise", "Seashore", "Bird Tweet",
    "Telephone Ring", "Helicopter", "Applause", "Gunshot",
};

}  // namespace

std::string programName(int program, bool isDrum) {
    if (isDrum) return "Drums";
    if (program < 0 || program > 127) return "Program " + std::to_string(program);
    return kPrograms[program];
}

std::optional<int> programFromName(const std::string& name) {
    auto lower = [](std::string t) {
        for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return t;
    };
    const std::string wanted = lower(name);
    if (wanted.empty() || wanted.size() > 64) return std::nullopt;
    if (wanted == "drums" || wanted == "drum kit" || wanted == "drum") return -1;
    if (wanted.find_first_not_of("-0123456789") == std::string::npos && wanted.size() <= 4) {
        try {
            const int n = std::stoi(wanted);
            if (n >= -1 && n <= 127 && std::to_string(n) == wanted) return n;
        } catch (const std::exception&) {
        }
        return std::nullopt;
    }
    for (int p = 0; p < 128; ++p)
        if (lower(kPrograms[p]) == wanted) return p;
    return std::nullopt;
}

std::string programFamily(int program) {
    static const char* const families[16] = {"Piano", "Chromatic Percussion", "Organ", "Guitar", "Bass", "Strings",
                                             "Ensemble", "Brass", "Reed", "Pipe", "Synth Lead", "Synth Pad",
                                             "Synth Effects", "Ethnic", "Percussive", "Sound Effects"};
    if (program < 0) return "Drums";
    if (program > 127) return {};
    return families[program / 8];
}

std::string noteName(int pitch) {
    static const char* const names[12] = {"C", "C#", "D", "D#", "E", "F",
                                          "F#", "G", "G#", "A", "A#", "B"};
    const int octave = pitch / 12 - 1;
    return std::string(names[((pitch % 12) + 12) % 12]) + std::to_string(octave);
}

std::string keyName(int sharps, bool minor) {
    // Circle of fifths from 7 flats to 7 sharps.
    static const char* const majors[15] = {"Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C",
                                           "G",  "D",  "A",  "E",  "B",  "F#", "C#"};
    static const char* const minors[15] = {"Ab", "Eb", "Bb", "F", "C",  "G",  "D", "A",
                                           "E",  "B",  "F#", "C#", "G#", "D#", "A#"};
    if (sharps < -7 || sharps > 7) return "unknown key (" + std::to_string(sharps) + ")";
    return std::string((minor ? minors : majors)[sharps + 7]) + (minor ? " minor" : " major");
}

}  // namespace mozart::midi
