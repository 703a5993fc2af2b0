"""Benchmark of the B2B meeting scheduler (not a test): `python bench/scheduler.py`.

Generated events of 200, 1,000 and 3,000 delegates (about 10 requests each, 2 days of 16
slots, one table per 5 delegates; see karsaz/events/scheduler/generate.py). For each: the
scheduled weight, the upper bound, their ratio and the time, beside a first-come-first-served
greedy baseline solved in the same run. Targets: 200 delegates proven optimal; 3,000 delegates
at least 97% of the bound within 20 s. The last line is one JSON object with every figure.

Options: --sizes 200,1000,3000  --time-limit 20  --seed 1  --save (writes each instance to
bench/data/scheduler/ so it can be re-run with `python -m karsaz.events.scheduler FILE`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from karsaz.events.scheduler import parse_instance, solve, verify
from karsaz.events.scheduler.generate import generate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200,1000,3000")
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", action="store_true")
    args = parser.parse_args()
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        data = generate(size, seed=args.seed, time_limit_s=args.time_limit)
        if args.save:
            out = Path(__file__).resolve().parent / "data" / "scheduler" / f"event-{size}.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(data))
        inst = parse_instance(data)
        started = time.monotonic()
        baseline = solve(inst, method="fcfs")
        base_s = time.monotonic() - started
        started = time.monotonic()
        schedule = solve(inst)
        seconds = time.monotonic() - started
        problems = verify(inst, schedule.meetings) + verify(inst, baseline.meetings)
        row = {
            "delegates": size,
            "requests": len(inst.requests),
            "tables": len(inst.tables),
            "slots": len(inst.slots),
            "weight": schedule.objective,
            "upper_bound": schedule.upper_bound,
            "ratio": round(schedule.objective / schedule.upper_bound, 4)
            if schedule.upper_bound
            else 1.0,
            "status": schedule.status,
            "method": schedule.method,
            "bound_method": schedule.stats["bound_method"],
            "seconds": round(seconds, 2),
            "idle_gaps": schedule.stats["idle_gaps"],
            "fcfs_weight": baseline.objective,
            "fcfs_ratio": round(baseline.objective / schedule.upper_bound, 4)
            if schedule.upper_bound
            else 1.0,
            "fcfs_seconds": round(base_s, 2),
            "violations": len(problems),
        }
        results.append(row)
        print(
            f"{size:>5} delegates, {row['requests']:>6} requests: weight {row['weight']} / "
            f"bound {row['upper_bound']} = {row['ratio']:.2%} ({row['status']}, {row['method']}) "
            f"in {row['seconds']} s; FCFS {row['fcfs_weight']} = {row['fcfs_ratio']:.2%}",
            flush=True,
        )
    by_size = {r["delegates"]: r for r in results}
    targets = {}
    if 200 in by_size:
        targets["200_proven_optimal"] = by_size[200]["status"] == "optimal"
    if 3000 in by_size:
        big = by_size[3000]
        targets["3000_ratio_at_least_97pct_within_20s"] = (
            big["ratio"] >= 0.97 and big["seconds"] <= 20.5
        )
    print(json.dumps({"benchmark": "scheduler", "results": results, "targets_met": targets}))


if __name__ == "__main__":
    main()
