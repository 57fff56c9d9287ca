#!/usr/bin/env python3
"""Times alternated runs of footprint configurations and prints the median of each.

Used for the wall-time ratios in docs/performance.md (for example `jobs.csv` on against off):
each configuration is run N times, in turn with the others (the order reversed every other
round so that neither always follows the other), and only the run itself is timed: the output
folder is removed before each run, outside the timing.

    scripts/alternate-runs.py --runs 60 scenarios/bench/site-10k.toml \
        'without|target/release/footprint|--set|output.jobs_csv=false' \
        'with|target/release/footprint|--set|output.jobs_csv=true'

Each configuration is `label|binary|extra argument|...`; the command run is
`binary run SCENARIO extra arguments... --out DIR -q`. The first configuration is the
reference of the ratios. Python 3 standard library only.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("configs", nargs="+", help="label|binary|extra argument|...")
    parser.add_argument("--runs", type=int, default=30, help="runs of each configuration")
    parser.add_argument("--out", default="/tmp/footprint-alternate-runs", help="output folder")
    args = parser.parse_args()

    configs = []
    for text in args.configs:
        label, binary, *extra = text.split("|")
        configs.append((label, binary, extra))
    seconds = {label: [] for label, _, _ in configs}
    for round_index in range(args.runs):
        order = configs if round_index % 2 == 0 else configs[::-1]
        for label, binary, extra in order:
            shutil.rmtree(args.out, ignore_errors=True)
            command = [binary, "run", args.scenario, *extra, "--out", args.out, "-q"]
            start = time.perf_counter()
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            seconds[label].append(time.perf_counter() - start)
            if done.returncode != 0:
                sys.stderr.write(f"{label}: {' '.join(command)} failed:\n{done.stderr.decode()}")
                return 1
    shutil.rmtree(args.out, ignore_errors=True)

    reference = statistics.median(seconds[configs[0][0]])
    for label, _, _ in configs:
        median = statistics.median(seconds[label])
        spread = ""
        if len(seconds[label]) >= 2:
            quartiles = statistics.quantiles(seconds[label], n=4)
            spread = f"(quartiles {quartiles[0] * 1e3:.1f}, {quartiles[2] * 1e3:.1f})  "
        print(
            f"{label:12s} median {median * 1e3:7.1f} ms {spread}"
            f"/ {configs[0][0]}: {median / reference:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
