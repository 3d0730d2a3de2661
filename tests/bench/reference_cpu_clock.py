#!/usr/bin/python3
"""Runs shared/bench/seed_reference.py with its clock swapped for the process's CPU time, so its
tokens_per_s becomes tokens per CPU-second (all threads), comparable with model_speed's
tokens_per_cpu_s. On a machine shared with other work these are far steadier than wall-clock
figures. Usage: reference_cpu_clock.py SEED_REFERENCE_DIR train|generate [options...]"""
import sys
import time

sys.path.insert(0, sys.argv[1])
import seed_reference  # noqa: E402

seed_reference.time.perf_counter = time.process_time
sys.argv = ["seed_reference.py"] + sys.argv[2:]
seed_reference.main()
