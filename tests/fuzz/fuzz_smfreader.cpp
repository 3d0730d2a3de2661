// Fuzz target for SmfReader::parse: any bytes must give a score or exactly one error, without
// crashing, hanging or touching memory outside the input. A score read must also survive being
// written and read again: no diagnostics, and the same notes, tempos and time signatures.
#include <cstddef>
#include <cstdint>

#include "midi/SmfReader.h"
#include "midi/SmfWriter.h"

using namespace mozart::midi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ReadResult first = SmfReader::parse(data, size, "fuzz.mid");
    if (first.ok() == first.error.has_value()) __builtin_trap();
    if (!first.ok()) return 0;

    const std::vector<std::uint8_t> written = SmfWriter::encode(*first.score);
    const ReadResult again = SmfReader::parse(written.data(), written.size(), "written.mid");
    if (!again.ok() || !again.warnings.empty()) __builtin_trap();
    const Score& a = *first.score;
    const Score& b = *again.score;
    if (a.noteCount() != b.noteCount() || a.tempos != b.tempos ||
        a.timeSignatures != b.timeSignatures || a.ticksPerQuarter != b.ticksPerQuarter)
        __builtin_trap();
    return 0;
}
