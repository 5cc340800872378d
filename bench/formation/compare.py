#!/usr/bin/env python3
"""Team formation benchmark (issue 5): ploeg's engine against COIN-OR CBC and
HiGHS (scipy.optimize.milp) on the same MIP, written by the engine itself
(`ploeg form-teams --write-mps`).

    compare.py PLOEG WORKDIR LIMIT SIZE...

For each size: a generated instance (seed 1); our objective, bound, gap and
time (--time-limit 60); CBC on the MPS file for LIMIT seconds, from its log:
its best objective at our time and the time it first reached ours (or its
best within LIMIT); HiGHS twice: limited to our time, then to LIMIT (scipy
gives no incumbent log). Prints the Markdown section on standard output."""
import json
import multiprocessing
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix


def read_mps(path):
    """The fixed-column MPS CoinMpsIO writes (names without spaces): enough of
    the format for this model (N/E/L/G rows, RANGES, UP/BV bounds, markers)."""
    rows, kinds, cols, col_index = {}, [], [], {}
    entries, obj, rhs, ranges, upper, integer = [], {}, {}, {}, {}, set()
    offset, section, in_int, obj_row = 0.0, None, False, None
    for line in Path(path).read_text().splitlines():
        if not line or line.startswith("*"):
            continue
        if not line.startswith(" "):
            section = line.split()[0]
            continue
        f = line.split()
        if section == "ROWS":
            if f[0] == "N":
                obj_row = f[1]
            else:
                rows[f[1]] = len(kinds)
                kinds.append(f[0])
        elif section == "COLUMNS":
            if len(f) >= 3 and f[1] == "'MARKER'":
                in_int = f[2] == "'INTORG'"
                continue
            name = f[0]
            if name not in col_index:
                col_index[name] = len(cols)
                cols.append(name)
                if in_int:
                    integer.add(col_index[name])
            j = col_index[name]
            for k in range(1, len(f) - 1, 2):
                r, v = f[k], float(f[k + 1])
                if r == obj_row:
                    obj[j] = v
                else:
                    entries.append((rows[r], j, v))
        elif section == "RHS":
            for k in range(1, len(f) - 1, 2):
                if f[k] == obj_row:
                    offset = -float(f[k + 1])
                else:
                    rhs[rows[f[k]]] = float(f[k + 1])
        elif section == "RANGES":
            for k in range(1, len(f) - 1, 2):
                ranges[rows[f[k]]] = float(f[k + 1])
        elif section == "BOUNDS":
            j = col_index[f[2]]
            if f[0] == "UP":
                upper[j] = float(f[3])
            elif f[0] == "BV":
                upper[j] = 1.0
                integer.add(j)
    n, m = len(cols), len(kinds)
    c = np.zeros(n)
    for j, v in obj.items():
        c[j] = v
    lo, hi = np.full(m, -np.inf), np.full(m, np.inf)
    for i, kind in enumerate(kinds):
        b = rhs.get(i, 0.0)
        if kind == "E":
            lo[i] = hi[i] = b
        elif kind == "L":
            hi[i] = b
            if i in ranges:
                lo[i] = b - abs(ranges[i])
        else:
            lo[i] = b
            if i in ranges:
                hi[i] = b + abs(ranges[i])
    r, j, v = zip(*entries)
    a = csr_matrix((v, (r, j)), shape=(m, n))
    ub = np.array([upper.get(j, np.inf) for j in range(n)])
    integrality = np.array([1 if j in integer else 0 for j in range(n)])
    return c, a, lo, hi, ub, integrality, offset


def ours(ploeg, people, teams, work, n, limit=60, mps=True):
    summary = work / f"summary-{n}-{limit}.json"
    model = work / f"model-{n}.mps"
    extra = ["--write-mps", str(model)] if mps else []
    subprocess.run([ploeg, "form-teams", "--people", people, "--teams", teams, "--mode", "optimise",
                    "--out", str(work / f"assignment-{n}.csv"), "--json", str(summary),
                    "--time-limit", str(limit), "--seed", "1"] + extra,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return json.loads(summary.read_text()), model


def cbc(mps, limit, our_objective, our_seconds):
    """CBC minimises -objective (the MPS offset included): incumbents from its log."""
    started = time.monotonic()
    run = subprocess.run(["cbc", str(mps), "-timeMode", "elapsed", "-sec", str(limit), "-solve", "-quit"],
                         capture_output=True, text=True)
    wall = time.monotonic() - started
    found = [(float(s), -float(v)) for v, s in
             re.findall(r"Integer solution of (-?[\d.e+]+) found.*?\(([\d.]+) seconds\)", run.stdout)]
    at_our_time = max((v for s, v in found if s <= our_seconds), default=None)
    reached = next((s for s, v in found if v >= our_objective - 0.5), None)
    best = max((v for s, v in found), default=None)
    optimal = "Optimal solution found" in run.stdout
    return at_our_time, reached, best, optimal, wall


def _highs_child(model, limit, conn):
    c, a, lo, hi, ub, integrality, offset = model
    res = milp(c, integrality=integrality, bounds=Bounds(np.zeros(len(c)), ub),
               constraints=LinearConstraint(a, lo, hi), options={"time_limit": limit, "disp": False})
    conn.send((None if res.x is None else -(res.fun + offset), res.status == 0))


def highs(model, limit):
    """HiGHS in a forked child: its presolve does not always heed time_limit
    (at 20,000 people it ran far past it), so the child is killed at twice the
    limit plus a minute and the row says so rather than the benchmark hanging."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_highs_child, args=(model, limit, send))
    started = time.monotonic()
    child.start()
    answered = receive.poll(2 * limit + 60)
    value, optimal = receive.recv() if answered else (None, False)
    wall = time.monotonic() - started
    if not answered:
        child.kill()
    child.join()
    return value, optimal, wall, answered


def fmt(v, digits=0):
    return "–" if v is None else f"{v:,.{digits}f}"


def main():
    ploeg, work, limit = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
    sizes = " ".join(sys.argv[4:])
    lines = [
        "## Team formation (issue 5)", "",
        f"Written by `bench/formation/run`; command: `BENCH_LIMIT={limit:g} BENCH_SIZES=\"{sizes}\" "
        "bench/formation/run`, pinned to one core.", "",
        f"Generated instances (`ploeg form-teams --generate N --seed 1`); ploeg with `--time-limit 60`, "
        f"one core. CBC and HiGHS get the same MIP (the engine's `--write-mps`: the clustered model it "
        f"solves itself, whole subsets of friendship clusters per team), at most {limit:.0f} s each. "
        "\"at our time\": their best objective when ploeg had finished; \"reach ours\": when CBC first "
        "matched ploeg's objective (from its log; HiGHS through scipy reports no incumbents, so it runs "
        "twice: limited to our time, then to the limit).", "",
        "| people | ploeg objective | bound | gap | ploeg time | CBC at our time | CBC reach ours "
        "| CBC best (time) | HiGHS at our time | HiGHS best (time) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n in map(int, sys.argv[4:]):
        d = work / f"n{n}"
        subprocess.run([ploeg, "form-teams", "--generate", str(n), "--seed", "1", "--out-dir", str(d)],
                       check=True, stdout=subprocess.DEVNULL)
        summary, mps = ours(ploeg, str(d / "people.csv"), str(d / "teams.csv"), work, n)
        obj, secs = summary["objective"], summary["seconds"]
        c_at, c_reach, c_best, c_opt, c_wall = cbc(mps, limit, obj, secs)
        model = read_mps(mps)
        h_at, _, _, _ = highs(model, max(secs, 1.0))
        h_best, h_opt, h_wall, h_answered = highs(model, limit)
        h_note = "" if h_answered else ", killed: no answer"
        del model  # the 20,000-person model holds gigabytes
        proven = " (proven)" if summary["proven_optimal"] else ""
        lines.append(
            f"| {n:,} | {obj:,}{proven} | {fmt(summary['bound'])} | {summary['gap'] * 100:.2f}% | {secs:.1f} s "
            f"| {fmt(c_at)} | {fmt(c_reach, 1) + ' s' if c_reach is not None else 'not within limit'} "
            f"| {fmt(c_best)}{' optimal' if c_opt else ''} ({c_wall:.0f} s) | {fmt(h_at)} "
            f"| {fmt(h_best)}{' optimal' if h_opt else ''} ({h_wall:.0f} s{h_note}) |")
        print(lines[-1], file=sys.stderr, flush=True)  # a row as soon as it is known
    print("\n".join(lines))


if __name__ == "__main__":
    main()
