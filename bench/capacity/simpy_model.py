#!/usr/bin/env python3
"""The peer of `ploeg simulate` for the capacity benchmark (issue 6): reads the
same TOML model and simulates it with SimPy 3 (Debian's python3-simpy3), one
process per case, one simpy.Resource per competence pool of each team.

    simpy_model.py MODEL.toml [--replications N]

Prints the figures as JSON on standard output, with the field names of
`ploeg simulate --json`. `events` counts what ploeg counts (case arrivals,
service completions and functional hand-offs), not SimPy's internal events.
--replications runs the first N replications only (the same model, a wider
confidence interval), for when all of them would take SimPy too long.

The semantics, step by step as ploeg documents them:
- Arrivals per case type are Poisson at arrivals_per_week (or that week's
  arrivals_by_week, cycled) spread over the week's hours (168, or
  hours_per_week with time = "office-hours"); none at or after the horizon.
  The rate is constant within a week: an inter-arrival that would cross a
  week boundary is drawn again from the boundary (memoryless).
- A case joins one of the teams, uniformly at random, and uses that team's
  pools only. A pool has ceil(fte * availability / teams) servers, each
  working at (fte * availability / teams) / servers of full speed: a drawn
  service time is divided by that speed. One first-come-first-served queue
  per pool.
- At each position of its route the case first draws the position's
  probability (not needed: the next position); after the step, with
  probability rework it goes back to rework_to (the nearest position at or
  before this one whose step has that name; default this one), else on.
- Functional form: moving to a step of another competence than the step just
  finished waits for the next multiple of handoff_batch_hours (one event),
  and handoff_extra_hours is added to that step's work.
- Statistics for cases arriving in [warmup, horizon) only; the run goes on
  until every case is done. Utilisation: busy server hours inside
  [warmup, horizon) over servers * teams * that window. Wait: from joining a
  pool's queue to the start of service. p50/p90: nearest rank per
  replication, then averaged. ci95 (and p90_ci95): Student t over the
  replications.
"""
import argparse
import json
import math
import random
import sys
import time
import tomllib

import simpy

# Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom.
T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
       2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
       2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def t95(df):
    if df <= 30:
        return T95[df - 1]
    # Beyond the table: linear in 1/df between t(30) = 2.042 and z = 1.960.
    return 1.960 + (2.042 - 1.960) * 30 / df


def estimate(xs):
    """Mean and 95% confidence interval of the mean of per-replication values."""
    n = len(xs)
    mean = sum(xs) / n if n else 0.0
    if n < 2:
        return {"mean": mean, "ci95": [mean, mean]}
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1))
    half = t95(n - 1) * sd / math.sqrt(n)
    return {"mean": mean, "ci95": [mean - half, mean + half]}


def nearest_rank(xs, q):
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))]


class ModelError(Exception):
    pass


def read_model(path):
    """The model as plain dicts and lists, with names resolved to indices."""
    with open(path, "rb") as f:
        root = tomllib.load(f)
    sim = root.get("simulation", {})
    clock = sim.get("time", "continuous")
    if clock not in ("continuous", "office-hours"):
        raise ModelError(f"simulation.time must be continuous or office-hours, not {clock!r}")
    week = float(sim.get("hours_per_week", 38)) if clock == "office-hours" else 168.0
    org = root.get("organisation", {})
    model = {
        "week": week,
        "horizon_weeks": int(sim.get("horizon_weeks", 52)),
        "warmup_weeks": int(sim.get("warmup_weeks", 8)),
        "replications": int(sim.get("replications", 10)),
        "seed": int(sim.get("seed", 1)),
        "functional": org.get("form", "teams") == "functional",
        "teams": int(org.get("teams", 1)),
        "batch": float(org.get("handoff_batch_hours", 38)),
        "extra": float(org.get("handoff_extra_hours", 0)),
    }
    competences, index = [], {}
    for c in root.get("competence", []):
        index[c["name"]] = len(competences)
        competences.append({"name": c["name"], "fte": float(c["fte"]),
                            "availability": float(c.get("availability", 1))})
    steps, step_index = [], {}
    for s in root.get("step", []):
        name = s["name"]
        competence = s.get("competence", name)
        if "staff" in s:
            if competence in index:
                raise ModelError(f"step {name}: the staff of {competence} is given twice")
            index[competence] = len(competences)
            competences.append({"name": competence, "fte": float(s["staff"]), "availability": 1.0})
        elif competence not in index:
            raise ModelError(f"step {name}: no staff for competence {competence}")
        service = s["service_hours"]
        mean = float(service["mean"])
        cv = float(service.get("cv", 1))
        default = "exponential" if cv == 1 else "deterministic" if cv == 0 else "gamma"
        distribution = service.get("distribution", default)
        if distribution not in ("exponential", "gamma", "lognormal", "deterministic"):
            raise ModelError(f"step {name}: unknown distribution {distribution!r}")
        step_index[name] = len(steps)
        steps.append({"name": name, "competence": index[competence], "mean": mean, "cv": cv,
                      "distribution": distribution})
    case_types = []
    for ct in root.get("case_type", []):
        route = []
        for entry in ct["steps"]:
            e = {"step": entry} if isinstance(entry, str) else entry
            if e["step"] not in step_index:
                raise ModelError(f"case_type {ct['name']}: no step {e['step']!r}")
            position = len(route)
            target = position
            if "rework_to" in e:
                matches = [p for p, r in enumerate(route) if steps[r["step"]]["name"] == e["rework_to"]]
                if steps[step_index[e["step"]]]["name"] == e["rework_to"]:
                    matches.append(position)
                if not matches:
                    raise ModelError(f"case_type {ct['name']}: rework_to {e['rework_to']!r} "
                                     "is not this step or an earlier one")
                target = matches[-1]
            route.append({"step": step_index[e["step"]], "probability": float(e.get("probability", 1)),
                          "rework": float(e.get("rework", 0)), "rework_to": target})
        by_week = [float(x) for x in ct.get("arrivals_by_week", [])]
        case_types.append({"name": ct["name"], "per_week": float(ct.get("arrivals_per_week", 0)),
                           "by_week": by_week, "route": route})
    for c in competences:
        capacity = c["fte"] * c["availability"] / model["teams"]
        c["servers"] = math.ceil(capacity - 1e-9) if capacity > 0 else 0
        c["speed"] = capacity / c["servers"] if c["servers"] else 1.0
    model.update(competences=competences, steps=steps, case_types=case_types)
    return model


def sampler(rng, step):
    """A function drawing the step's work in hours (before the pool's speed)."""
    mean, cv = step["mean"], step["cv"]
    if step["distribution"] == "exponential":
        rate = 1 / mean
        return lambda: rng.expovariate(rate)
    if step["distribution"] == "deterministic":
        return lambda: mean
    if step["distribution"] == "gamma":
        shape = 1 / (cv * cv)
        scale = mean / shape
        return lambda: rng.gammavariate(shape, scale)
    sigma = math.sqrt(math.log1p(cv * cv))
    mu = math.log(mean) - sigma * sigma / 2
    return lambda: rng.lognormvariate(mu, sigma)


def replicate(m, replication):
    """One replication: raw sums, as ploeg's engine keeps them."""
    rng = random.Random(m["seed"] * 1_000_003 + replication)
    env = simpy.Environment()
    week, teams = m["week"], m["teams"]
    start, end = m["warmup_weeks"] * week, m["horizon_weeks"] * week
    competences, steps = m["competences"], m["steps"]
    pools = [[simpy.Resource(env, capacity=max(1, c["servers"])) for c in competences]
             for _ in range(teams)]
    speed = [c["speed"] for c in competences]
    draw = [sampler(rng, s) for s in steps]
    step_competence = [s["competence"] for s in steps]
    functional, batch, extra = m["functional"], m["batch"], m["extra"]
    n_steps, n_comp = len(steps), len(competences)
    step_wait, step_visits = [0.0] * n_steps, [0] * n_steps
    comp_wait, comp_visits, busy = [0.0] * n_comp, [0] * n_comp, [0.0] * n_comp
    throughput = [[] for _ in m["case_types"]]
    counter = [0]  # events: arrivals, completions, hand-offs
    chance = rng.random

    def case(type_index, route, team_pools, arrived, counted):
        n = len(route)
        position = 0
        last = -1  # the step last finished
        while True:
            while position < n and route[position]["probability"] < 1 and \
                    not chance() < route[position]["probability"]:
                position += 1
            if position == n:
                break
            r = route[position]
            s = r["step"]
            k = step_competence[s]
            crossed = functional and last >= 0 and step_competence[last] != k
            if crossed:
                release = (math.floor(env.now / batch) + 1) * batch if batch > 0 else env.now
                yield env.timeout(release - env.now)
                counter[0] += 1
            queued = env.now
            with team_pools[k].request() as request:
                yield request
                now = env.now
                work = draw[s]()
                if crossed:
                    work += extra
                duration = work / speed[k]
                if counted:
                    wait = now - queued
                    step_wait[s] += wait
                    step_visits[s] += 1
                    comp_wait[k] += wait
                    comp_visits[k] += 1
                overlap = min(now + duration, end) - max(now, start)
                if overlap > 0:
                    busy[k] += overlap
                yield env.timeout(duration)
            counter[0] += 1
            last = s
            if r["rework"] > 0 and chance() < r["rework"]:
                position = r["rework_to"]
            else:
                position += 1
        if counted:
            throughput[type_index].append(env.now - arrived)

    def arrivals(type_index, ct):
        route = ct["route"]
        by_week, per_week = ct["by_week"], ct["per_week"]
        t = 0.0
        while t < end:
            w = int(t // week)
            rate = (by_week[w % len(by_week)] if by_week else per_week) / week
            boundary = (w + 1) * week
            nxt = t + rng.expovariate(rate) if rate > 0 else boundary
            if nxt >= boundary:
                t = boundary  # this week's rate is spent: draw again from the next week
                yield env.timeout(t - env.now)
                continue
            if nxt >= end:
                return
            yield env.timeout(nxt - env.now)
            t = nxt
            counter[0] += 1
            team = rng.randrange(teams) if teams > 1 else 0
            env.process(case(type_index, route, pools[team], t, t >= start))

    for i, ct in enumerate(m["case_types"]):
        env.process(arrivals(i, ct))
    env.run()
    return {"step_wait": step_wait, "step_visits": step_visits, "comp_wait": comp_wait,
            "comp_visits": comp_visits, "busy": busy, "throughput": throughput, "events": counter[0]}


def simulate(m, replications):
    started = time.perf_counter()
    window = (m["horizon_weeks"] - m["warmup_weeks"]) * m["week"]
    reps = [replicate(m, r) for r in range(replications)]
    seconds = time.perf_counter() - started
    events = sum(r["events"] for r in reps)
    competences = []
    for k, c in enumerate(m["competences"]):
        capacity = c["servers"] * m["teams"] * window
        competences.append({
            "name": c["name"], "servers": c["servers"], "speed": c["speed"],
            "utilisation": estimate([r["busy"][k] / capacity if capacity else 0 for r in reps]),
            "mean_wait_hours": estimate([r["comp_wait"][k] / r["comp_visits"][k] if r["comp_visits"][k] else 0
                                         for r in reps])})
    steps = []
    for s, step in enumerate(m["steps"]):
        k = step["competence"]
        steps.append({
            "name": step["name"], "competence": m["competences"][k]["name"],
            "utilisation": competences[k]["utilisation"],
            "mean_wait_hours": estimate([r["step_wait"][s] / r["step_visits"][s] if r["step_visits"][s] else 0
                                         for r in reps])})

    def figures(name, per_rep):
        t = estimate([sum(xs) / len(xs) if xs else 0 for xs in per_rep])
        p90 = estimate([nearest_rank(xs, 0.9) for xs in per_rep])
        return {"name": name, "completed": sum(len(xs) for xs in per_rep),
                "throughput_hours": {"mean": t["mean"],
                                     "p50": estimate([nearest_rank(xs, 0.5) for xs in per_rep])["mean"],
                                     "p90": p90["mean"], "p90_ci95": p90["ci95"],
                                     "ci95": t["ci95"]}}

    case_types = [figures(ct["name"], [r["throughput"][i] for r in reps])
                  for i, ct in enumerate(m["case_types"])]
    all_cases = figures("all", [[x for xs in r["throughput"] for x in xs] for r in reps])
    return {"engine": f"simpy {simpy.__version__}", "replications": replications,
            "horizon_weeks": m["horizon_weeks"], "warmup_weeks": m["warmup_weeks"],
            "events": events, "seconds": seconds, "events_per_second": events / seconds if seconds else 0,
            "steps": steps, "competences": competences, "case_types": case_types, "all_cases": all_cases}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model")
    parser.add_argument("--replications", type=int, help="run only the first N of the model's replications")
    args = parser.parse_args()
    try:
        m = read_model(args.model)
    except (ModelError, KeyError, tomllib.TOMLDecodeError) as e:
        sys.exit(f"simpy_model.py: {args.model}: {e}")
    replications = min(args.replications or m["replications"], m["replications"])
    json.dump(simulate(m, max(2, replications)), sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
