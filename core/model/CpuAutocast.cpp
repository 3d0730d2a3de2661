#include "model/CpuAutocast.h"

#include <ATen/autocast_mode.h>

namespace mozart::model {

// Mirrors what Python's torch.autocast("cpu", dtype=torch.bfloat16) does on enter and exit.
CpuAutocast::CpuAutocast(bool enabled) : enabled_(enabled) {
    if (!enabled_) return;
    previousEnabled_ = at::autocast::is_cpu_enabled();
    previousDtype_ = int(at::autocast::get_autocast_cpu_dtype());
    at::autocast::set_cpu_enabled(true);
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::increment_nesting();
}

CpuAutocast::~CpuAutocast() {
    if (!enabled_) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_cpu_enabled(previousEnabled_);
    at::autocast::set_autocast_cpu_dtype(at::ScalarType(previousDtype_));
}

}  // namespace mozart::model
