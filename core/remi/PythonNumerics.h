// PythonNumerics: the few Python / numpy numeric behaviours that MidiTok's token values and
// vocabulary order depend on, reproduced bit for bit (CPython 3.11, numpy 1.24): float repr,
// numpy's linspace / geomspace / round, and the iteration order of a Python set of ints.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mozart::remi::python {

// Python's repr(float): shortest round-trip digits, "40.0", "121.29", "1e+16", "1.5e-05".
std::string floatRepr(double value);

// numpy.linspace(start, stop, num) in float64 (endpoint included).
std::vector<double> linspace(double start, double stop, int num);
// numpy.linspace(start, stop, num, dtype=int32): the float values floored (numpy >= 1.20).
std::vector<std::int32_t> linspaceInt(double start, double stop, int num);
// numpy.geomspace(start, stop, num) in float64 (positive start and stop).
std::vector<double> geomspace(double start, double stop, int num);
// numpy.round(value, decimals): scale by 10**decimals, round half to even, scale back.
double roundDecimals(double value, int decimals);
// Python's round(value, ndigits) on a float: correctly rounded, ties to even on the exact value.
double pythonRound(double value, int ndigits);
// numpy.round(value) (no decimals): round half to even.
double roundHalfEven(double value);

// The order in which CPython 3.11 iterates `set(values)` (values inserted in the given order).
std::vector<std::int64_t> setIterationOrder(const std::vector<std::int64_t>& values);

}  // namespace mozart::remi::python
