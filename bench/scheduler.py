"""Benchmark of the B2B meeting scheduler (not a test): `python bench/scheduler.py`.

Generated events (see karsaz/events/scheduler/generate.py): 60 delegates in the shape of issue
16 (one day of 8 slots, 8 tables, about 250 requests), then 200, 1,000, 1,200 and 3,000
delegates (about 10 requests each, 2 days of 16 slots, one table per 5 delegates). For each, in
the same run: the scheduler (weight, upper bound, ratio, status, total time and the time at
which optimality was proven), a first-come-first-served greedy baseline, and HiGHS (through
scipy.optimize.milp) on the same integer program (x[r, s] = 1 when request r meets in slot s;
one slot per request, one meeting per participant and slot, max meetings, tables per slot,
pins fixed), given the same time limit.

Targets: time to proven optimum within 3x HiGHS's on every instance HiGHS proves within the
limit; 200 delegates proven optimal; 1,200 delegates at least 99.7% of the bound and 3,000 at
least 97%, within 20 s. The machine may be shared: timings are one run each, not medians. The
last line is one JSON object with every figure.

Options: --sizes 60/0,60/1,60/2,60/3,200,1000,1200,3000 (SIZE/SEED: that seed)  --time-limit 20
--seed 1  --save (writes each instance to bench/data/scheduler/ so it can be re-run with
`python -m karsaz.events.scheduler FILE`).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from karsaz.events.scheduler import parse_instance, solve, verify
from karsaz.events.scheduler.exact import solve_exact
from karsaz.events.scheduler.generate import generate
from karsaz.events.scheduler.instance import Indexed
from karsaz.events.scheduler.state import bits

# Issue 16's instance: 60 delegates, 8 slots in one day, 8 tables, about 250 requests.
SHAPES: dict[int, dict[str, Any]] = {60: {"days": 1, "slots_per_day": 8, "per_table": 7}}


def highs(ix: Indexed, time_limit: float) -> dict[str, Any]:
    """The scheduler's integer program in HiGHS; the time includes building the matrix."""
    started = time.monotonic()
    pinned_busy = {(d, pin[0]) for r, pin in enumerate(ix.pin) if pin for d in ix.parts[r]}
    pinned_count = [0] * len(ix.cap)
    pinned_load = [0] * ix.S
    fixed = 0
    for r, pin in enumerate(ix.pin):
        if pin is not None:
            fixed += ix.weight[r]
            pinned_load[pin[0]] += 1
            for d in ix.parts[r]:
                pinned_count[d] += 1
    cols = [
        (r, s)
        for r in range(len(ix.parts))
        if ix.pin[r] is None
        for s in bits(ix.allowed[r])
        if not any((d, s) in pinned_busy for d in ix.parts[r])
    ]
    groups: dict[tuple[str, Any], list[int]] = {}
    for j, (r, s) in enumerate(cols):
        groups.setdefault(("request", r), []).append(j)
        groups.setdefault(("slot", s), []).append(j)
        for d in ix.parts[r]:
            groups.setdefault(("busy", (d, s)), []).append(j)
            groups.setdefault(("max", d), []).append(j)
    rows: list[int] = []
    columns: list[int] = []
    upper: list[float] = []
    for (kind, key), js in groups.items():
        if kind == "slot":
            limit = ix.T - pinned_load[key]
        elif kind == "max":
            limit = ix.cap[key] - pinned_count[key]
        else:
            limit = 1
        rows.extend([len(upper)] * len(js))
        columns.extend(js)
        upper.append(max(0, limit))
    n = len(cols)
    if n == 0:
        return {"proven": True, "objective": fixed, "bound": fixed, "seconds": 0.0}
    matrix = coo_array(
        (np.ones(len(rows)), (np.array(rows), np.array(columns))), shape=(len(upper), n)
    ).tocsr()
    result = milp(
        -np.array([ix.weight[r] for r, _s in cols], dtype=float),
        constraints=LinearConstraint(matrix, -np.inf, np.array(upper)),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit},
    )
    seconds = time.monotonic() - started
    bound = getattr(result, "mip_dual_bound", None)
    return {
        "proven": result.status == 0,
        "objective": None if result.x is None else round(-result.fun) + fixed,
        "bound": None if bound is None else int(-bound + 1e-6) + fixed,
        "seconds": seconds,
    }


def _highs_child(ix: Indexed, time_limit: float, out: Any) -> None:
    highs(parse_instance(generate(10, seed=0)).ix, 1)  # warm, as the parent warms CP-SAT
    out.put(highs(ix, time_limit))


def highs_bounded(ix: Indexed, time_limit: float) -> dict[str, Any]:
    """HiGHS in a child process, killed at twice its limit (plus 5 s): on large instances it
    overran its time_limit sixfold (120 s for 20 s at 1,200 delegates, still in its root LP)."""
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    child = ctx.Process(target=_highs_child, args=(ix, time_limit, out))
    child.start()
    hard = 2 * time_limit + 5
    try:
        return out.get(timeout=hard)
    except Exception:  # queue.Empty: still running at the hard limit
        return {"proven": False, "objective": None, "bound": None, "seconds": hard, "killed": True}
    finally:
        if child.is_alive():
            child.kill()
        child.join()


def main() -> None:
    parser = argparse.ArgumentParser()
    # SIZE or SIZE/SEED (that instance with its own seed): issue 16's shape at four seeds, as
    # the proof takes a different path on each (LP, greedy, local search or CP-SAT).
    parser.add_argument("--sizes", default="60/0,60/1,60/2,60/3,200,1000,1200,3000")
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", action="store_true")
    args = parser.parse_args()
    # Warm our solvers (imports, first-call set-up; CP-SAT too, which small events may never
    # reach) as the child process warms HiGHS, so neither pays it inside its timing.
    warm = parse_instance(generate(10, seed=0))
    solve(warm, time_limit_s=1)
    solve_exact(warm.ix, deadline=time.monotonic() + 1, workers=1)
    results = []
    for spec in args.sizes.split(","):
        size, _, seed_text = spec.partition("/")
        size, seed = int(size), int(seed_text or args.seed)
        shape = SHAPES.get(size, {})
        data = generate(size, seed=seed, time_limit_s=args.time_limit, **shape)
        if args.save:
            name = f"event-{size}.json" if not seed_text else f"event-{size}-{seed}.json"
            out = Path(__file__).resolve().parent / "data" / "scheduler" / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(data))
        inst = parse_instance(data)
        started = time.monotonic()
        baseline = solve(inst, method="fcfs")
        base_s = time.monotonic() - started
        started = time.monotonic()
        schedule = solve(inst)
        seconds = time.monotonic() - started
        exact = highs_bounded(inst.ix, args.time_limit)
        problems = verify(inst, schedule.meetings) + verify(inst, baseline.meetings)
        bound = schedule.upper_bound
        proof_s = schedule.stats["proof_s"]
        row = {
            "delegates": size,
            "seed": seed,
            "requests": len(inst.requests),
            "tables": len(inst.tables),
            "slots": len(inst.slots),
            "weight": schedule.objective,
            "upper_bound": bound,
            "ratio": round(schedule.objective / bound, 4) if bound else 1.0,
            "status": schedule.status,
            "stop": schedule.stats["stop"],
            "method": schedule.method,
            "bound_method": schedule.stats["bound_method"],
            "seconds": round(seconds, 3),
            "proof_s": proof_s,
            "idle_gaps": schedule.stats["idle_gaps"],
            "highs_proven": exact["proven"],
            "highs_objective": exact["objective"],
            "highs_bound": exact["bound"],
            "highs_seconds": round(exact["seconds"], 3),
            "highs_killed": exact.get("killed", False),
            # Time to proven optimum, ours over HiGHS's; None when either did not prove it.
            "proof_vs_highs": round(proof_s / exact["seconds"], 2)
            if proof_s is not None and exact["proven"]
            else None,
            "total_vs_highs": round(seconds / exact["seconds"], 2) if exact["proven"] else None,
            "fcfs_weight": baseline.objective,
            "fcfs_ratio": round(baseline.objective / bound, 4) if bound else 1.0,
            "fcfs_seconds": round(base_s, 3),
            "violations": len(problems),
        }
        if exact["proven"] and schedule.status == "optimal":
            row["optimum_agrees"] = exact["objective"] == schedule.objective
        results.append(row)
        highs_text = (
            f"HiGHS proven {exact['objective']} in {row['highs_seconds']} s"
            if exact["proven"]
            else f"HiGHS not proven ({exact['objective']} / {exact['bound']}) after "
            f"{row['highs_seconds']} s{' (killed)' if row['highs_killed'] else ''}"
        )
        print(
            f"{size:>5} delegates (seed {seed}), {row['requests']:>6} requests: "
            f"weight {row['weight']} / bound {bound} = {row['ratio']:.2%} "
            f"({row['status']}, {row['method']}) in "
            f"{row['seconds']} s, proven at {proof_s} s; {highs_text}; "
            f"FCFS {row['fcfs_weight']} = {row['fcfs_ratio']:.2%}",
            flush=True,
        )
    by_size = {r["delegates"]: r for r in results if r["seed"] == args.seed}
    proven_by_highs = [r for r in results if r["highs_proven"]]
    targets = {
        "proof_within_3x_highs": bool(proven_by_highs)
        and all(
            r["proof_vs_highs"] is not None and r["proof_vs_highs"] <= 3.0 for r in proven_by_highs
        ),
        "same_optimum_as_highs": all(r.get("optimum_agrees", True) for r in results),
        "no_violations": all(r["violations"] == 0 for r in results),
    }
    if 200 in by_size:
        targets["200_proven_optimal"] = by_size[200]["status"] == "optimal"
    if 1200 in by_size:
        big = by_size[1200]
        targets["1200_ratio_at_least_99.7pct_within_20s"] = (
            big["ratio"] >= 0.997 and big["seconds"] <= 20.5
        )
    if 3000 in by_size:
        big = by_size[3000]
        targets["3000_ratio_at_least_97pct_within_20s"] = (
            big["ratio"] >= 0.97 and big["seconds"] <= 20.5
        )
    print(
        json.dumps(
            {
                "benchmark": "scheduler",
                "results": results,
                "targets_met": targets,
                "target_met": all(targets.values()),
            }
        )
    )


if __name__ == "__main__":
    main()
