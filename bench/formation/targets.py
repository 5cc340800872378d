#!/usr/bin/env python3
"""The team formation targets of issue 5, each run with 90% of its time as
`--time-limit` (the engine uses all the time it is given; one core), on the generated instances (seed 1), for the
seeds given (default 1): proven optimum at 300 people in under 1 s, within
1% of the bound at 5,000 in under 5 s, within 2% at 20,000 in under 60 s.
Prints the Markdown section on standard output.

    targets.py PLOEG WORKDIR [SEED...]"""
import json
import os
import subprocess
import sys
from pathlib import Path

TARGETS = [(300, 1, "proven optimum", lambda s: s["proven_optimal"]),
           (5000, 5, "within 1% of the bound", lambda s: s["gap"] <= 0.01),
           (20000, 60, "within 2% of the bound", lambda s: s["gap"] <= 0.02)]
# And what the same sizes reach with more time.
LONGER = {300: 60, 5000: 60}


def run(ploeg, d, limit, seed, work):
    summary = work / f"summary-{d.name}-{limit}-{seed}.json"
    subprocess.run([ploeg, "form-teams", "--people", str(d / "people.csv"), "--teams",
                    str(d / "teams.csv"), "--mode", "optimise", "--out", str(work / "a.csv"),
                    "--json", str(summary), "--time-limit", str(limit), "--seed", str(seed)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return json.loads(summary.read_text())


def main():
    ploeg, work = sys.argv[1], Path(sys.argv[2])
    seeds = [int(s) for s in sys.argv[3:]] or [1]
    lines = ["## Team formation: the issue's targets (issue 5)", "",
             "ploeg given 90% of each target's time as `--time-limit` (and, below it, 60 s), on "
             "`ploeg form-teams --generate N --seed 1`, pinned to one core "
             f"(CPU {','.join(map(str, sorted(os.sched_getaffinity(0))))}); the engine's seed is the "
             f"one named. Command: `bench/formation/targets.py {' '.join(sys.argv[1:])}`.", "",
             "| people | target | seed | time limit | objective | bound | gap | time | met |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for n, limit, goal, met in TARGETS:
        d = work / f"n{n}"
        subprocess.run([ploeg, "form-teams", "--generate", str(n), "--seed", "1", "--out-dir", str(d)],
                       check=True, stdout=subprocess.DEVNULL)
        for seed in seeds:
            # 90% of the target's time as the limit: the engine uses all it is given.
            for seconds in [0.9 * limit] + ([LONGER[n]] if n in LONGER else []):
                s = run(ploeg, d, seconds, seed, work)
                ok = met(s) and s["seconds"] < limit
                lines.append(
                    f"| {n:,} | {goal} in < {limit} s | {seed} | {seconds:g} s | {s['objective']:,}"
                    f"{' (proven)' if s['proven_optimal'] else ''} | {s['bound']:,.0f} "
                    f"| {s['gap'] * 100:.2f}% | {s['seconds']:.1f} s | {'yes' if ok else 'no'} |")
                print(lines[-1], file=sys.stderr)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
