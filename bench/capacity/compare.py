#!/usr/bin/env python3
"""Resource planning benchmark (issue 6): `ploeg simulate` against the same
models simulated with SimPy 3 (simpy_model.py), then the issue's targets.

    compare.py PLOEG WORKDIR [--simpy-replications N] [--ploeg-runs N]

For each comparison model (models/region4.toml: four regional teams;
models/region4-functional.toml: the same staff and demand as functional
units with batched hand-offs): ploeg run --ploeg-runs times (the run with
the median in-process time is reported; its output is the same every time),
simpy_model.py once (on its first N replications with --simpy-replications).
Each process is timed from outside (wall clock and user+system CPU) as well
as by its own in-process figure (ploeg's stderr line, simpy_model.py's
"seconds"). Then models/org5000.toml (5,000 people, a million requests in a
year; also scaled down to 4 and 33 teams, to show events per second against
the size) and `ploeg plan-staff models/plan30.toml` (30 teams, targets
p90<=5d and the issue's example p90<=60d) against the issue's targets. Run with Debian's /usr/bin/python3 (python3-simpy3); the run script
pins it, and so every child, to one core.

Prints the Markdown section on standard output, progress rows on stderr."""
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODELS = HERE / "models"
COMPARED = [("region4.toml", "4 regional teams"),
            ("region4-functional.toml", "the same as functional units")]
PLAN_TARGETS = ["p90<=5d", "p90<=60d"]  # the first is the model's own; the second the example
SIZES = [4, 33]  # org5000.toml's team and load per team with fewer teams (and more replications)


def cpu_busy():
    """(busy, stolen) seconds so far of all CPUs ("cpu") and of each ("cpu1"), from /proc/stat."""
    tick = os.sysconf("SC_CLK_TCK")
    busy = {}
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("cpu"):
            name, *fields = line.split()
            v = [int(x) for x in fields[:8]]  # user nice system idle iowait irq softirq steal
            busy[name] = ((v[0] + v[1] + v[2] + v[5] + v[6]) / tick, v[7] / tick)
    return busy


def own_cpu():
    return sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))


def scaled(model, teams, replications, out):
    """org5000.toml with `teams` teams of the same size and load: FTE and arrivals scaled."""
    text = model.read_text()
    base = tomllib.loads(text)["organisation"]["teams"]
    factor = teams / base
    lines = []
    for line in text.splitlines():
        key = line.split("=")[0].strip()
        if key in ("fte", "arrivals_per_week"):
            line = f"{key} = {float(line.split('=')[1].split('#')[0]) * factor!r}"
        elif key == "teams":
            line = f"teams = {teams}"
        elif key == "replications":
            line = f"replications = {replications}"
        lines.append(line)
    out.write_text("\n".join(lines) + "\n")
    return out


def say(line):
    print(line, file=sys.stderr, flush=True)


def timed(command, **kwargs):
    """Runs command; returns (CompletedProcess, wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done, wall, cpu


def ploeg_simulate(ploeg, model, work, runs):
    """The median run (by in-process time) of `ploeg simulate`: its figures and timings."""
    out = work / (model.stem + "-ploeg.json")
    measured = []
    for _ in range(runs):
        done, wall, cpu = timed([ploeg, "simulate", str(model), "--json", str(out)])
        if done.returncode != 0:
            sys.exit(f"compare.py: ploeg simulate {model} failed:\n{done.stderr}")
        m = re.search(r"simulate: (\d+) events in ([\d.]+) s", done.stderr)
        if not m:
            sys.exit(f"compare.py: no timing line from ploeg simulate {model}:\n{done.stderr}")
        measured.append({"events": int(m.group(1)), "seconds": float(m.group(2)), "wall": wall, "cpu": cpu})
    measured.sort(key=lambda r: r["seconds"])
    run = measured[len(measured) // 2]
    run["runs"] = runs
    run["result"] = json.loads(out.read_text())
    return run


def simpy_simulate(model, work, replications):
    command = [sys.executable, str(HERE / "simpy_model.py"), str(model)]
    if replications:
        command += ["--replications", str(replications)]
    done, wall, cpu = timed(command)
    if done.returncode != 0:
        sys.exit(f"compare.py: simpy_model.py {model} failed:\n{done.stderr}")
    (work / (model.stem + "-simpy.json")).write_text(done.stdout)
    result = json.loads(done.stdout)
    return {"events": result["events"], "seconds": result["seconds"], "wall": wall, "cpu": cpu,
            "result": result}


def ci(e):
    lo, hi = e["ci95"]
    return lo, hi


def fmt_ci(mean, lo_hi, digits=1):
    if lo_hi is None:
        return f"{mean:,.{digits}f}"
    return f"{mean:,.{digits}f} [{lo_hi[0]:,.{digits}f}, {lo_hi[1]:,.{digits}f}]"


def overlap(a, b):
    if a is None or b is None:
        return "–"
    return "yes" if a[0] <= b[1] and b[0] <= a[1] else "**no**"


def millions(x):
    return f"{x / 1e6:.2f} M"


def events_row(name, engine, reps, r):
    per_s = r["events"] / r["seconds"] if r["seconds"] > 0 else float("inf")
    return (f"| {name} | {engine} | {reps} | {r['events']:,} | {r['seconds']:.3f} s | {millions(per_s)} "
            f"| {r['wall']:.3f} s | {r['cpu']:.3f} s | {millions(r['events'] / r['wall'])} |"), per_s


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ploeg")
    parser.add_argument("work", type=Path)
    parser.add_argument("--simpy-replications", type=int, default=0,
                        help="SimPy on the first N replications only (default: all of the model's)")
    parser.add_argument("--ploeg-runs", type=int, default=5, help="runs of ploeg per model, the median kept")
    args = parser.parse_args()
    ploeg, work = args.ploeg, args.work
    work.mkdir(parents=True, exist_ok=True)
    busy_before, own_before, started = cpu_busy(), own_cpu(), time.perf_counter()
    cpus = ",".join(map(str, sorted(os.sched_getaffinity(0))))
    version = subprocess.run([ploeg, "--version"], capture_output=True, text=True).stdout.strip()
    import simpy  # noqa: E402  (the run script checks it is there)

    # 1. ploeg against SimPy, on the same models.
    speed = ["| model | engine | replications | events | in-process time | events/s in-process "
             "| process wall | process CPU | events/s whole process |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    ratios = ["| model | ploeg / SimPy, events/s in-process | ploeg / SimPy, events/s whole process |",
              "| --- | ---: | ---: |"]
    figures = ["| model | case type | ploeg mean [95% CI] | SimPy mean [95% CI] | means' CIs overlap "
               "| ploeg p50 | SimPy p50 | ploeg p90 [95% CI] | SimPy p90 [95% CI] | p90 CIs overlap |",
               "| --- | --- | ---: | ---: | :---: | ---: | ---: | ---: | ---: | :---: |"]
    waits = ["| model | step | utilisation ploeg / SimPy | ploeg mean wait [95% CI] | SimPy mean wait [95% CI] "
             "| CIs overlap |",
             "| --- | --- | ---: | ---: | ---: | :---: |"]
    compared, mismatches = [], []
    for file, label in COMPARED:
        model = MODELS / file
        p = ploeg_simulate(ploeg, model, work, args.ploeg_runs)
        reps = p["result"]["model"]["replications"]
        row, p_rate = events_row(f"`{file}` ({label})", "ploeg", reps, p)
        speed.append(row)
        say(row)
        s = simpy_simulate(model, work, args.simpy_replications)
        s_reps = s["result"]["replications"]
        fewer = f" (of {reps})" if s_reps < reps else ""
        row, s_rate = events_row(f"`{file}`", f"SimPy {simpy.__version__}", f"{s_reps}{fewer}", s)
        speed.append(row)
        say(row)
        ratio = p_rate / s_rate
        ratio_whole = (p["events"] / p["wall"]) / (s["events"] / s["wall"])
        ratios.append(f"| `{file}` | {ratio:.0f}× | {ratio_whole:.0f}× |")
        say(ratios[-1])
        compared.append((file, p, p_rate, ratio))
        pr, sr = p["result"], s["result"]
        for pc, sc in zip(pr["case_types"] + [pr["all_cases"]], sr["case_types"] + [sr["all_cases"]]):
            pt, st = pc["throughput_hours"], sc["throughput_hours"]
            o = overlap(ci(pt), ci(st))
            o90 = overlap(pt.get("p90_ci95"), st.get("p90_ci95"))
            if o != "yes":
                mismatches.append(f"{file} {sc['name']} mean throughput time")
            if o90 not in ("yes", "–"):
                mismatches.append(f"{file} {sc['name']} p90")
            name = sc["name"] if sc["name"] != "all" else "(all)"
            figures.append(f"| `{file}` | {name} | {fmt_ci(pt['mean'], ci(pt))} | {fmt_ci(st['mean'], ci(st))} "
                           f"| {o} | {pt['p50']:.1f} | {st['p50']:.1f} "
                           f"| {fmt_ci(pt['p90'], pt.get('p90_ci95'))} | {fmt_ci(st['p90'], st.get('p90_ci95'))} "
                           f"| {o90} |")
            say(figures[-1])
        for ps, ss in zip(pr["steps"], sr["steps"]):
            pw, sw = ps["mean_wait_hours"], ss["mean_wait_hours"]
            o = overlap(ci(pw), ci(sw))
            if o != "yes":
                mismatches.append(f"{file} {ss['name']} wait")
            pu = ps["utilisation"]["mean"]
            waits.append(f"| `{file}` | {ss['name']} | {pu:.3f} / {ss['utilisation']['mean']:.3f} "
                         f"| {fmt_ci(pw['mean'], ci(pw), 2)} | {fmt_ci(sw['mean'], ci(sw), 2)} | {o} |")

    # 2. The 5,000-person organisation, one year.
    org = ploeg_simulate(ploeg, MODELS / "org5000.toml", work, max(1, min(3, args.ploeg_runs)))
    o_reps = org["result"]["model"]["replications"]
    o_teams = org["result"]["model"]["teams"]
    o_rate = org["events"] / org["seconds"]
    per_rep = org["seconds"] / o_reps
    completed = org["result"]["all_cases"]["completed"] / o_reps
    o_model = tomllib.loads((MODELS / "org5000.toml").read_text())
    per_week = sum(ct["arrivals_per_week"] for ct in o_model["case_type"])
    o_weeks, o_warmup = o_model["simulation"]["horizon_weeks"], o_model["simulation"]["warmup_weeks"]
    people = sum(c["fte"] for c in o_model["competence"])
    say(f"org5000: {org['events']:,} events, {org['seconds']:.2f} s in-process ({per_rep:.2f} s a replication), "
        f"{org['wall']:.2f} s wall, {org['cpu']:.2f} s CPU")
    # The same organisation's team at fewer teams: how events/s depends on the size.
    sizes = ["| teams | people | replications | cases in the system (mean) | events | in-process time "
             "| events/s in-process |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for teams in SIZES + [o_teams]:
        if teams == o_teams:
            r = org
        else:
            reps = round(o_reps * o_teams / teams)
            r = ploeg_simulate(ploeg, scaled(MODELS / "org5000.toml", teams, reps, work / f"org-{teams}.toml"),
                               work, org["runs"])
        sizes.append(f"| {teams} | {people * teams / o_teams:,.0f} | {r['result']['model']['replications']} "
                     f"| {r['result']['little']['mean_in_system']['mean']:,.0f} | {r['events']:,} "
                     f"| {r['seconds']:.2f} s | {millions(r['events'] / r['seconds'])} |")
        say(sizes[-1])

    # 3. plan-staff for 30 teams.
    plans = []
    for target in PLAN_TARGETS:
        done, wall, cpu = timed([ploeg, "plan-staff", str(MODELS / "plan30.toml"), "--target", target,
                                 "--json", str(work / "plan30.json")])
        m = re.search(r"plan-staff: (\d+) simulations in ([\d.]+) s", done.stderr)
        if done.returncode not in (0, 2) or not m:
            sys.exit(f"compare.py: ploeg plan-staff failed ({done.returncode}):\n{done.stderr}")
        plan = json.loads((work / "plan30.json").read_text())
        plans.append((target, done.returncode, int(m.group(1)), float(m.group(2)), wall, cpu, plan))
        say(f"plan-staff {target}: exit {done.returncode}, {m.group(1)} simulations, {m.group(2)} s "
            f"in-process, {wall:.2f} s wall, {sum(plan_people(plan))} people per team")

    # The targets.
    yes = lambda ok: "yes" if ok else "**no**"  # noqa: E731
    runs = [(f, r) for f, _, r, _ in compared] + [("org5000.toml", o_rate)]
    targets = ["| target | measured | met |", "| --- | --- | :---: |"]
    targets.append("| ≥ 5 million events/s on one core | "
                   + "; ".join(f"`{f}` {r / 1e6:.2f} M" for f, r in runs)
                   + " (in-process, median run) | " + yes(all(r >= 5e6 for _, r in runs)) + " |")
    targets.append("| ≥ 50× SimPy's events/s | "
                   + "; ".join(f"`{f}` {ratio:.0f}×" for f, _, _, ratio in compared)
                   + " (in-process) | " + yes(all(ratio >= 50 for *_, ratio in compared)) + " |")
    targets.append(f"| one-year simulation of 5,000 people (about a million requests) < 2 s | "
                   f"`org5000.toml`: {people:,.0f} FTE in {o_teams} teams, {per_week:,.0f} requests a week "
                   f"({per_week * o_weeks:,.0f} expected in {o_weeks} weeks; {completed:,.0f} decided per "
                   f"replication of those arriving after the {o_warmup}-week warm-up). {o_reps} replications: "
                   f"{org['seconds']:.2f} s in-process, so **{per_rep:.2f} s a replication** (a year each); the "
                   f"whole process (reading, analytic, {o_reps} years, JSON) {org['wall']:.2f} s wall, "
                   f"{org['cpu']:.2f} s CPU; {org['events']:,} events ({o_rate / 1e6:.2f} M/s) | {yes(per_rep < 2)} |")
    for target, rc, sims, secs, wall, cpu, plan in plans:
        targets.append(f"| `plan-staff` for 30 regional teams < 10 s | `plan30.toml --target \"{target}\"`: "
                       f"exit {rc} ({'target met' if rc == 0 else 'target not met'}), {sims} simulations, "
                       f"{secs:.2f} s in-process, {wall:.2f} s wall, {cpu:.2f} s CPU; plan "
                       f"{plan_summary(plan)} | {yes(rc == 0 and wall < 10)} |")
    busy_after, elapsed = cpu_busy(), time.perf_counter() - started
    ours = own_cpu() - own_before
    core = f"cpu{cpus}" if f"cpu{cpus}" in busy_after else "cpu"
    others_core = max(0.0, busy_after[core][0] - busy_before[core][0] - ours)
    others_all = max(0.0, busy_after["cpu"][0] - busy_before["cpu"][0] - ours)
    stolen = busy_after[core][1] - busy_before[core][1]

    command = "bench/capacity/run"
    if os.environ.get("PLOEG_BINARY"):
        command = f"PLOEG_BINARY={os.environ['PLOEG_BINARY']} {command}"
    if os.environ.get("BENCH_SIMPY_REPLICATIONS"):
        command = f"BENCH_SIMPY_REPLICATIONS={os.environ['BENCH_SIMPY_REPLICATIONS']} {command}"
    lines = [
        "## Resource planning: ploeg against SimPy (issue 6)", "",
        f"Written by `bench/capacity/run`; command: `{command}` ({version}, SimPy {simpy.__version__} "
        f"on Python {sys.version.split()[0]}), everything pinned to one core (CPU {cpus}).", "",
        "The same TOML model simulated by `ploeg simulate` and by `bench/capacity/simpy_model.py` "
        "(one SimPy process per case, one `simpy.Resource` per pool of each team). Both count the same "
        "events: arrivals, service completions and hand-offs. Office hours: 38-hour weeks, times in "
        "working hours.", "",
        *speed, "", *ratios, "",
        "Throughput time in office hours, per case type; p50 and p90 are nearest-rank per replication, "
        "averaged over the replications, p90 with its 95% interval.", "",
        *figures, "",
        "Mean wait per step (hours, from joining the pool's queue to the start of service):", "",
        *waits, "",
        "### The issue's targets", "",
        *targets, "",
        "Events per second against the organisation's size: `org5000.toml`'s team and load per team, "
        "with fewer teams and proportionally more replications (about the same number of events):", "",
        *sizes, "",
        f"Notes on method: wall and CPU times are measured around each process by compare.py (CPU: user + "
        f"system from getrusage), in-process times are ploeg's stderr line (simulation only, after reading "
        f"the model) and simpy_model.py's own `seconds`; ploeg ran {args.ploeg_runs} times per comparison "
        f"model and {org['runs']} times on org5000 with the median in-process run shown (SimPy once); "
        f"the two engines use different random streams, so agreement means overlapping 95% intervals "
        f"(Student t over replications), not equal digits; with batched hand-offs throughput times cluster "
        f"on 19-hour steps, so a replication's p90 can jump by a batch (wide p90 intervals of the functional "
        f"model); during the {elapsed:.0f} s of the benchmark other processes used {others_core:.1f} CPU-seconds "
        f"of its core and {others_all:.1f} of all {os.cpu_count()} cores, and the hypervisor took {stolen:.1f} s "
        f"of its core (steal)"
        + (" (the machine was shared: the times are pessimistic)"
           if others_core + stolen > 0.05 * elapsed else "") + ".",
    ]
    if mismatches:
        lines.append("")
        lines.append("Intervals that do not overlap: " + ", ".join(mismatches) + ".")
    print("\n".join(lines))


def plan_people(plan):
    return [c["per_team"] for c in plan["staff"]]


def plan_summary(plan):
    v = plan["value_days"]
    return (f"{sum(plan_people(plan))} people per team ("
            + ", ".join(f"{c['competence']} {c['per_team']}" for c in plan["staff"])
            + f"), p90 {v['mean']:.1f} [{v['ci95'][0]:.1f}, {v['ci95'][1]:.1f}] days")


if __name__ == "__main__":
    main()
