#include "remi/PythonNumerics.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace mozart::remi::python {

std::string floatRepr(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    if (value == 0.0) return std::signbit(value) ? "-0.0" : "0.0";
    // Shortest round-trip digits in scientific form, then laid out the way Python's repr does:
    // positional when the decimal exponent is in [-4, 16), scientific otherwise.
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    bool negative = sci[0] == '-';
    if (negative) sci.erase(0, 1);
    const auto ePos = sci.find('e');
    std::string mantissa = sci.substr(0, ePos);
    const int exponent = std::atoi(sci.c_str() + ePos + 1);
    std::string digits;
    for (char c : mantissa)
        if (c != '.') digits += c;
    std::string out;
    if (exponent >= -4 && exponent < 16) {
        const int pointPos = exponent + 1;  // digits before the decimal point
        if (pointPos <= 0) {
            out = "0." + std::string(static_cast<std::size_t>(-pointPos), '0') + digits;
        } else if (pointPos >= static_cast<int>(digits.size())) {
            out = digits + std::string(static_cast<std::size_t>(pointPos) - digits.size(), '0') + ".0";
        } else {
            out = digits.substr(0, static_cast<std::size_t>(pointPos)) + "." +
                  digits.substr(static_cast<std::size_t>(pointPos));
        }
    } else {
        out = digits.substr(0, 1);
        if (digits.size() > 1) out += "." + digits.substr(1);
        char expBuf[16];
        std::snprintf(expBuf, sizeof expBuf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        out += expBuf;
    }
    return negative ? "-" + out : out;
}

std::vector<double> linspace(double start, double stop, int num) {
    std::vector<double> out;
    if (num <= 0) return out;
    out.reserve(static_cast<std::size_t>(num));
    const int div = num - 1;
    const double delta = stop - start;
    if (div == 0) {
        out.push_back(start);
        return out;
    }
    const double step = delta / div;
    for (int i = 0; i < num; ++i) {
        // numpy: y = arange(num) * step + start (or (arange / div) * delta when step == 0)
        double y = step == 0.0 ? (static_cast<double>(i) / div) * delta : static_cast<double>(i) * step;
        out.push_back(y + start);
    }
    out.back() = stop;
    return out;
}

std::vector<std::int32_t> linspaceInt(double start, double stop, int num) {
    std::vector<std::int32_t> out;
    for (double v : linspace(start, stop, num)) out.push_back(static_cast<std::int32_t>(std::floor(v)));
    return out;
}

std::vector<double> geomspace(double start, double stop, int num) {
    // numpy 1.24: logspace(log10(start), log10(stop)) then the end points forced exactly.
    std::vector<double> exps = linspace(std::log10(start), std::log10(stop), num);
    std::vector<double> out;
    out.reserve(exps.size());
    for (double e : exps) out.push_back(std::pow(10.0, e));
    if (!out.empty()) {
        out.front() = start;
        if (out.size() > 1) out.back() = stop;
    }
    return out;
}

double roundHalfEven(double value) { return std::nearbyint(value); }

double roundDecimals(double value, int decimals) {
    const double factor = std::pow(10.0, decimals);
    return std::nearbyint(value * factor) / factor;
}

double pythonRound(double value, int ndigits) {
    if (!std::isfinite(value)) return value;
    // glibc printf rounds the exact binary value correctly, as Python's dtoa-based round does.
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", ndigits, value);
    return std::strtod(buf, nullptr);
}

namespace {

std::int64_t pythonIntHash(std::int64_t v) {
    constexpr std::int64_t modulus = (std::int64_t{1} << 61) - 1;
    std::int64_t h = v >= 0 ? v % modulus : -((-v) % modulus);
    return h == -1 ? -2 : h;
}

struct Slot {
    bool used = false;
    std::int64_t key = 0;
    std::int64_t hash = 0;
};

constexpr std::size_t kLinearProbes = 9;
constexpr int kPerturbShift = 5;

void insertClean(std::vector<Slot>& table, const Slot& item) {
    const std::size_t mask = table.size() - 1;
    std::size_t perturb = static_cast<std::size_t>(item.hash);
    std::size_t i = static_cast<std::size_t>(item.hash) & mask;
    while (true) {
        if (!table[i].used) {
            table[i] = item;
            return;
        }
        if (i + kLinearProbes <= mask) {
            for (std::size_t j = 1; j <= kLinearProbes; ++j) {
                if (!table[i + j].used) {
                    table[i + j] = item;
                    return;
                }
            }
        }
        perturb >>= kPerturbShift;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

}  // namespace

std::vector<std::int64_t> setIterationOrder(const std::vector<std::int64_t>& values) {
    // CPython 3.11 setobject.c: open addressing, 9 linear probes then perturbation; the table
    // (8 slots at first) grows to the smallest power of two > 4 * used when 5 * fill >= 3 * mask.
    std::vector<Slot> table(8);
    std::size_t used = 0;
    for (std::int64_t key : values) {
        const std::int64_t hash = pythonIntHash(key);
        const std::size_t mask = table.size() - 1;
        std::size_t perturb = static_cast<std::size_t>(hash);
        std::size_t i = static_cast<std::size_t>(hash) & mask;
        bool present = false;
        Slot* freeSlot = nullptr;
        while (!present && !freeSlot) {
            const std::size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
            for (std::size_t j = 0; j <= probes; ++j) {
                Slot& s = table[i + j];
                if (!s.used) {
                    freeSlot = &s;
                    break;
                }
                if (s.hash == hash && s.key == key) {
                    present = true;
                    break;
                }
            }
            if (present || freeSlot) break;
            perturb >>= kPerturbShift;
            i = (i * 5 + 1 + perturb) & mask;
        }
        if (present) continue;
        *freeSlot = Slot{true, key, hash};
        ++used;
        if (used * 5 < mask * 3) continue;
        const std::size_t minUsed = used > 50000 ? used * 2 : used * 4;
        std::size_t newSize = 8;
        while (newSize <= minUsed) newSize <<= 1;
        std::vector<Slot> old = std::move(table);
        table.assign(newSize, Slot{});
        for (const Slot& s : old)
            if (s.used) insertClean(table, s);
    }
    std::vector<std::int64_t> out;
    out.reserve(used);
    for (const Slot& s : table)
        if (s.used) out.push_back(s.key);
    return out;
}

}  // namespace mozart::remi::python
