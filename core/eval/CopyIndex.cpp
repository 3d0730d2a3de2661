#include "eval/CopyIndex.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>

#include "data/Sha256.h"
#include "io/AtomicFile.h"

namespace mozart::eval {

namespace {

constexpr char kMagic[8] = {'M', 'Z', 'C', 'O', 'P', 'Y', 'I', 'X'};
constexpr std::size_t kMaxFileBytes = std::size_t(1) << 31;
constexpr std::uint32_t kMaxNameBytes = 4096;
constexpr int kStepsPerBeat = 24;

std::uint64_t shingleHash(const NoteStep* steps) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < CopyIndex::kShingle; ++i) {
        h ^= steps[i] + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
        h *= 0xBF58476D1CE4E5B9ull;
    }
    return h ^ (h >> 31);
}

void put32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(char((v >> (8 * i)) & 0xFF));
}
void put64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(char((v >> (8 * i)) & 0xFF));
}

// Reads little-endian fields off a byte string, never past its end.
struct Reader {
    const std::string& bytes;
    std::size_t at = 0, end = 0;
    bool ok = true;
    std::uint64_t take(int width) {
        if (!ok || end - at < std::size_t(width)) {
            ok = false;
            return 0;
        }
        std::uint64_t v = 0;
        for (int i = 0; i < width; ++i) v |= std::uint64_t(std::uint8_t(bytes[at + std::size_t(i)])) << (8 * i);
        at += std::size_t(width);
        return v;
    }
    std::string text(std::uint64_t length) {
        if (!ok || end - at < length) {
            ok = false;
            return {};
        }
        std::string s = bytes.substr(at, std::size_t(length));
        at += std::size_t(length);
        return s;
    }
    std::size_t left() const { return end - at; }
};

}  // namespace

std::vector<NoteStep> noteSteps(const midi::Score& score) {
    std::vector<std::pair<midi::Tick, int>> notes;
    for (const midi::Track& t : score.tracks)
        if (!t.isDrum)
            for (const midi::Note& n : t.notes) notes.emplace_back(n.start, int(n.pitch));
    std::sort(notes.begin(), notes.end());
    std::vector<NoteStep> steps;
    if (notes.size() < 2) return steps;
    steps.reserve(notes.size() - 1);
    const double perTick = double(kStepsPerBeat) / std::max(1, score.ticksPerQuarter);
    for (std::size_t i = 1; i < notes.size(); ++i) {
        const int interval = notes[i].second - notes[i - 1].second;  // -127 .. 127
        const double onset = double(notes[i].first - notes[i - 1].first) * perTick;
        const std::uint32_t gap = std::uint32_t(std::clamp<double>(std::llround(onset), 0, 0xFFFF));
        steps.push_back(NoteStep(std::uint32_t(interval + 128) << 16 | gap));
    }
    return steps;
}

CopyIndex::CopyIndex(std::string key, std::vector<Entry> pieces) : key_(std::move(key)), pieces_(std::move(pieces)) {
    buildTable();
}

std::size_t CopyIndex::stepCount() const {
    std::size_t n = 0;
    for (const Entry& e : pieces_) n += e.steps.size();
    return n;
}

void CopyIndex::buildTable() {
    table_.clear();
    std::size_t count = 0;
    for (const Entry& e : pieces_) count += e.steps.size() >= std::size_t(kShingle) ? e.steps.size() - kShingle + 1 : 0;
    table_.reserve(count);
    for (std::uint32_t p = 0; p < pieces_.size(); ++p) {
        const auto& s = pieces_[p].steps;
        for (std::size_t i = 0; i + kShingle <= s.size(); ++i)
            table_.push_back({shingleHash(s.data() + i), p, std::uint32_t(i)});
    }
    // Ties in hash order by piece and position, so equal runs are always reported from the same place.
    std::sort(table_.begin(), table_.end(), [](const Shingle& a, const Shingle& b) {
        return std::tie(a.hash, a.piece, a.position) < std::tie(b.hash, b.piece, b.position);
    });
}

CopyMatch CopyIndex::longestSharedRun(const std::vector<NoteStep>& q) const {
    CopyMatch best;
    best.pieceNotes = q.empty() ? 0 : int(q.size()) + 1;
    std::size_t bestSteps = 0;
    for (std::size_t i = 0; i + kShingle <= q.size(); ++i) {
        const std::uint64_t h = shingleHash(q.data() + i);
        const auto hits = std::equal_range(table_.begin(), table_.end(), Shingle{h, 0, 0},
                                           [](const Shingle& a, const Shingle& b) { return a.hash < b.hash; });
        for (auto hit = hits.first; hit != hits.second; ++hit) {
            const std::uint32_t p = hit->piece, j = hit->position;
            const auto& s = pieces_[p].steps;
            // Only left-maximal matches: one that could start a step earlier is found from there.
            if (i > 0 && j > 0 && s[j - 1] == q[i - 1]) continue;
            std::size_t n = 0;
            while (i + n < q.size() && j + n < s.size() && s[j + n] == q[i + n]) ++n;
            if (n >= std::size_t(kShingle) && n > bestSteps) {
                bestSteps = n;
                best.notes = int(n) + 1;
                best.trainingPiece = pieces_[p].name;
                best.trainingNote = int(j);
                best.pieceNote = int(i);
            }
        }
    }
    return best;
}

CopyMatch copyCheck(const midi::Score& score, const CopyIndex& index) {
    std::size_t pitched = 0;
    for (const midi::Track& t : score.tracks)
        if (!t.isDrum) pitched += t.notes.size();
    CopyMatch m = index.longestSharedRun(noteSteps(score));
    m.pieceNotes = int(pitched);
    return m;
}

bool CopyIndex::save(const std::string& path, std::string* error) const {
    std::string out(kMagic, sizeof kMagic);
    put32(out, kFormatVersion);
    put32(out, std::uint32_t(kShingle));
    put32(out, std::uint32_t(key_.size()));
    out += key_;
    put32(out, std::uint32_t(pieces_.size()));
    for (const Entry& e : pieces_) {
        const std::string name = e.name.substr(0, kMaxNameBytes);
        put32(out, std::uint32_t(name.size()));
        out += name;
        put64(out, e.steps.size());
        for (NoteStep s : e.steps) put32(out, s);
    }
    const data::Sha256Digest digest = data::Sha256::of(out);
    out.append(reinterpret_cast<const char*>(digest.data()), digest.size());
    return io::writeFileAtomically(path, out, error);
}

std::optional<CopyIndex> CopyIndex::load(const std::string& path, std::string* error) {
    auto fail = [&](const std::string& why) -> std::optional<CopyIndex> {
        if (error) *error = path + ": " + why;
        return std::nullopt;
    };
    std::string bytes, readError;
    if (!io::readWholeFile(path, &bytes, &readError)) {
        if (error) *error = readError;
        return std::nullopt;
    }
    if (bytes.size() > kMaxFileBytes) return fail("too large for a copy index");
    if (bytes.size() < sizeof kMagic + 32 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        return fail("not a copy index");
    const std::size_t body = bytes.size() - 32;
    const data::Sha256Digest digest = data::Sha256::of(bytes.data(), body);
    if (std::memcmp(digest.data(), bytes.data() + body, 32) != 0)
        return fail("the copy index is damaged (checksum mismatch)");
    Reader r{bytes, sizeof kMagic, body};
    const auto version = r.take(4), shingle = r.take(4), keyLength = r.take(4);
    if (!r.ok || version != kFormatVersion || shingle != std::uint64_t(kShingle))
        return fail("written by another version of the copy index");
    if (keyLength > r.left()) return fail("the copy index is damaged (key length)");
    std::string key = r.text(keyLength);
    const std::uint64_t count = r.take(4);
    if (!r.ok || count > r.left() / 12) return fail("the copy index is damaged (piece count)");
    std::vector<Entry> pieces(static_cast<std::size_t>(count));
    for (Entry& e : pieces) {
        const std::uint64_t nameLength = r.take(4);
        if (!r.ok || nameLength > kMaxNameBytes) return fail("the copy index is damaged (piece name)");
        e.name = r.text(nameLength);
        const std::uint64_t steps = r.take(8);
        if (!r.ok || steps > r.left() / 4) return fail("the copy index is damaged (step count)");
        e.steps.resize(std::size_t(steps));
        for (NoteStep& s : e.steps) s = NoteStep(r.take(4));
    }
    if (!r.ok || r.left() != 0) return fail("the copy index is damaged (length)");
    return CopyIndex(std::move(key), std::move(pieces));
}

}  // namespace mozart::eval
