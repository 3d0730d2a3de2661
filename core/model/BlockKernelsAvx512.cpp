// The AVX-512 copy of the fused block's loops (CMake compiles this file with -O3 and AVX-512
// flags; BlockKernels.cpp calls into it only when the CPU has those instructions).
#include <cstdint>

#include "model/BlockKernels.h"

#define MOZART_KERNEL_NS mozart_kernels_avx512
#include "model/BlockKernelsImpl.inc"
#undef MOZART_KERNEL_NS

namespace mozart::model::kernels {

const Table& avx512Table() {
    static const Table t = mozart_kernels_avx512::makeTable();
    return t;
}

}  // namespace mozart::model::kernels
