"""Command line: read an instance (a file, or - for stdin), print the schedule as JSON.

Exit status: 0 solved, 2 invalid instance (every problem on stderr, naming its culprits).
"""

from __future__ import annotations

import argparse
import json
import sys

from karsaz.events.scheduler.instance import InstanceError, parse_instance
from karsaz.events.scheduler.solve import solve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m karsaz.events.scheduler")
    parser.add_argument("instance", help="instance JSON file, or - for standard input")
    parser.add_argument("--time-limit", type=float, default=None, help="overrides time_limit_s")
    parser.add_argument("--method", choices=("auto", "exact", "heuristic", "fcfs"), default="auto")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--indent", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        if args.instance == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.instance, encoding="utf-8") as handle:
                data = json.load(handle)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"error: cannot read {args.instance}: {exc}", file=sys.stderr)
        return 2
    try:
        instance = parse_instance(data)
    except InstanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    schedule = solve(instance, time_limit_s=args.time_limit, method=args.method, seed=args.seed)
    json.dump(schedule.as_json(), sys.stdout, ensure_ascii=False, indent=args.indent)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
