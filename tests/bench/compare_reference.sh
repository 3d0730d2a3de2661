#!/bin/bash
# Side by side: the Python prototype (shared/bench/seed_reference.py) and model_speed, same
# machine, same settings, interleaved. Prints one JSON line per run, each after a "##" line with
# the load average and the command.
#
#   tests/bench/compare_reference.sh BUILD_DIR [SHARED_DIR]
#
# Both get glibc's malloc thresholds raised and passive OpenMP waiting (the best settings for
# either; model_speed would set the latter itself). The reference also runs under
# reference_cpu_clock.py, which reports tokens per CPU-second like model_speed's
# tokens_per_cpu_s: on a shared machine compare those, wall-clock figures swing by 2-3x.
set -u
build=${1:?build folder}
shared=${2:-$(dirname "$0")/../../../shared}
here=$(cd "$(dirname "$0")" && pwd)
speed="$build/tests/bench/model_speed"
ref="$shared/bench/seed_reference.py"
export MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824 OMP_WAIT_POLICY=PASSIVE
run() { echo "## load $(cut -d' ' -f1 /proc/loadavg): $*"; "$@"; }
for bf16 in --bf16 ""; do
  run /usr/bin/python3 "$ref" train --threads 2 --steps 3 $bf16
  run /usr/bin/python3 "$here/reference_cpu_clock.py" "$shared/bench" train --threads 2 --steps 3 $bf16
  run "$speed" train --threads 2 --steps 3 $bf16
done
for threads in 1 2; do
  run /usr/bin/python3 "$ref" generate --threads $threads --prompt 448 --tokens 32
  run /usr/bin/python3 "$here/reference_cpu_clock.py" "$shared/bench" generate --threads $threads --prompt 448 --tokens 32
  run "$speed" decode --threads $threads --context 512 --tokens 64
done
