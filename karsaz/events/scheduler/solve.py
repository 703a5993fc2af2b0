"""Entry point of the scheduler: pick a method, deal out tables, report the bound and check.

`auto` (the default): compute the relaxation bound (bounds.py) and a greedy + local-search
schedule; when that does not meet the bound and the exact model is small enough (at most
EXACT_VAR_LIMIT slot variables), CP-SAT improves it from that hint and proves optimality;
otherwise local search uses the time. Compaction then breaks ties (fewer idle gaps). The
reported upper bound is the smaller of the relaxation bound and, when CP-SAT ran, its proven
best bound. Status is "optimal" when the schedule reaches the bound.

Every phase stops as soon as it meets its own bound, and the run as soon as the weight is
proven optimal: the greedy schedule against the LP bound; the integral relaxation (a CP-SAT
run) is skipped when the LP's own solution is integral, being then its optimum (a cap at the LP
bound made it slower, not faster); local search and CP-SAT stop at the best bound so far; only
the idle-gap tie-breaks (heuristic.compact) go on: moves to their own local optimum, then swaps
for a budget as long as the proof took (at least TIE_BREAK_MIN_S). `stats["stop"]` says why
the run ended ("proven": the weight reached the bound; "time-limit": it did not; "baseline":
fcfs, which claims nothing), `stats["proof_s"]` when the proof was in hand.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from karsaz.events.scheduler.bounds import bmatching_bound, lp_bound_and_choice
from karsaz.events.scheduler.heuristic import LocalSearch, compact, fcfs, greedy, greedy_order
from karsaz.events.scheduler.instance import Id, Indexed, Instance
from karsaz.events.scheduler.state import State, bits

EXACT_VAR_LIMIT = 60_000
TIE_BREAK_MIN_S = 0.5
Progress = Callable[[float, str], None]


@dataclass
class Schedule:
    meetings: list[tuple[Id, Id, Id]]  # (request, slot, table)
    unscheduled: list[Id]
    objective: int
    upper_bound: int
    status: str  # "optimal" or "feasible"
    method: str
    stats: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "meetings": [{"request": r, "slot": s, "table": t} for r, s, t in self.meetings],
            "unscheduled": self.unscheduled,
            "objective": self.objective,
            "upper_bound": self.upper_bound,
            "status": self.status,
            "method": self.method,
            "stats": self.stats,
        }


def exact_size(ix: Indexed) -> int:
    return sum(bin(m).count("1") for r, m in enumerate(ix.allowed) if ix.pin[r] is None)


def solve(
    inst: Instance,
    *,
    time_limit_s: float | None = None,
    method: str = "auto",
    seed: int = 0,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Schedule:
    """method: "auto", "exact" (CP-SAT whatever the size, unless the heuristics already met the
    bound), "heuristic" or "fcfs" (baseline)."""
    started = time.monotonic()
    limit = inst.time_limit_s if time_limit_s is None else time_limit_s
    # The searches stop a little early, so that dealing tables and reporting stay in the limit.
    deadline = started + 0.97 * limit - 0.05
    ix = inst.ix
    workers = workers or min(8, os.cpu_count() or 1)

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            if fraction < 0:
                fraction = min(0.95, (time.monotonic() - started) / max(limit, 1e-9))
            progress(fraction, message)

    report(0.02, "bound")
    bound, lp_chosen = lp_bound_and_choice(ix)
    bound_method = "lp-relaxation"
    proved_at: float | None = None
    if method == "fcfs":
        state = fcfs(ix)
        used = "fcfs"
    else:
        report(0.05, "greedy")
        state = greedy(ix, greedy_order(ix))
        used = "greedy"
        chosen: list[int] = []
        if state.weight < bound:
            # The integral relaxation: a tighter bound, and a set of requests worth placing
            # first. Not needed when the greedy schedule already meets the LP bound, nor when
            # the LP's own solution is integral (it is then an optimum of this relaxation).
            if lp_chosen is not None:
                chosen = lp_chosen
            else:
                tight, chosen = bmatching_bound(ix, seconds=0.1 * limit, workers=workers)
                if tight < bound:
                    bound, bound_method = tight, "integral-relaxation"
            if chosen:
                picked = set(chosen)
                order = greedy_order(ix)
                order.sort(key=lambda r: r not in picked)  # stable: weight order within each part
                alternative = greedy(ix, order)
                if alternative.weight > state.weight:
                    state = alternative
        go_exact = method == "exact" or (method == "auto" and exact_size(ix) <= EXACT_VAR_LIMIT)
        if state.weight < bound:
            # Before an exact run, local search only briefly: it gives CP-SAT a good hint.
            share = 0.15 if go_exact else 1.0
            search = LocalSearch(
                state,
                deadline=time.monotonic() + share * (deadline - time.monotonic()),
                seed=seed,
                target=bound,
            )
            search.descend()
            used = "greedy+local-search"
            report(-1, f"local search weight {state.weight}")
            if not go_exact:
                search.deadline = deadline - 0.1 * limit  # leave time for the tie-breaks
                search.perturb(lambda _f, m: report(-1, m))
        if state.weight >= bound:
            proved_at = time.monotonic()
        if go_exact and proved_at is None:
            from karsaz.events.scheduler.exact import solve_exact

            report(-1, "CP-SAT")
            result = solve_exact(
                ix,
                deadline=deadline,
                hint=list(state.slot_of),
                workers=workers,
                seed=seed,
                upper=bound,
                target=chosen,
            )
            if result is not None:
                if result.bound < bound:
                    bound, bound_method = result.bound, "cp-sat"
                if result.weight >= state.weight:
                    state = _state_from(ix, result.slot_of)
                    used = "cp-sat"
                proved_at = result.proved_at
            if proved_at is None and state.weight >= bound:
                proved_at = time.monotonic()
    if used != "fcfs":
        # Tie-breaks (fewer idle gaps): moves to their local optimum, then swaps, which once
        # the weight is proven get as long as the proof took (at least TIE_BREAK_MIN_S), not
        # the rest of the time limit.
        report(-1, "tie-breaks")
        if proved_at is None:
            compact(state, deadline=deadline)
        else:
            budget = max(TIE_BREAK_MIN_S, proved_at - started)
            compact(state, deadline=deadline, swaps_until=time.monotonic() + budget)
    meetings = deal_tables(inst, state)
    objective = state.weight
    bound = max(bound, objective)  # never below what was found (only on solver rounding)
    scheduled = {r for r, _s, _t in meetings}
    report(1.0, "done")
    return Schedule(
        meetings=meetings,
        unscheduled=[r.id for r in inst.requests if r.id not in scheduled],
        objective=objective,
        upper_bound=bound,
        status="optimal" if objective >= bound else "feasible",
        method=used,
        stats={
            "bound_method": bound_method,
            "idle_gaps": idle_gaps(ix, state.slot_of),
            "max_unmet": max_unmet(ix, state.slot_of),
            "seconds": round(time.monotonic() - started, 3),
            "stop": "proven"
            if objective >= bound
            else ("baseline" if used == "fcfs" else "time-limit"),
            "proof_s": None if proved_at is None else round(proved_at - started, 3),
        },
    )


def _state_from(ix: Indexed, slot_of: list[int]) -> State:
    state = State(ix)  # places the pins
    for r, s in enumerate(slot_of):
        if s >= 0 and ix.pin[r] is None:
            state.place(r, s)
    return state


def deal_tables(inst: Instance, state: State) -> list[tuple[Id, Id, Id]]:
    """Pinned meetings keep their table; the others take the free tables in list order."""
    ix = state.ix
    out: list[tuple[Id, Id, Id]] = []
    for s in range(ix.S):
        taken = {ix.pin[r][1] for r in state.members[s] if ix.pin[r] is not None}  # type: ignore[index]
        free = (t for t in range(ix.T) if t not in taken)
        for r in sorted(state.members[s]):
            pin = ix.pin[r]
            t = pin[1] if pin is not None else next(free)
            out.append((inst.requests[r].id, inst.slots[s], inst.tables[t]))
    out.sort(key=lambda m: (ix.slot_ix[m[1]], ix.table_ix[m[2]]))
    return out


def idle_gaps(ix: Indexed, slot_of: list[int]) -> int:
    busy = [0] * len(ix.cap)
    for r, s in enumerate(slot_of):
        if s >= 0:
            for d in ix.parts[r]:
                busy[d] |= 1 << s
    gaps = 0
    for mask in busy:
        by_day: dict[int, list[int]] = {}
        for s in bits(mask):
            by_day.setdefault(ix.day_of[s], []).append(s)
        for slots in by_day.values():
            gaps += (slots[-1] - slots[0] + 1) - len(slots)
    return gaps


def max_unmet(ix: Indexed, slot_of: list[int]) -> int:
    got = [0] * len(ix.cap)
    for r, s in enumerate(slot_of):
        if s >= 0:
            for d in ix.parts[r]:
                got[d] += 1
    return max(
        (min(len(rs), ix.cap[d]) - got[d] for d, rs in enumerate(ix.of_part) if rs), default=0
    )


def verify(inst: Instance, meetings: list[tuple[Id, Id, Id]]) -> list[str]:
    """Independent check of a schedule against the instance; returns the violations found."""
    problems: list[str] = []
    reqs = {r.id: r for r in inst.requests}
    parts = {p.id: p for p in inst.participants}
    slots, tables = set(inst.slots), set(inst.tables)
    seen_req: set[Id] = set()
    table_use: set[tuple[Id, Id]] = set()
    person_use: set[tuple[Id, Id]] = set()
    counts: dict[Id, int] = {}
    for rid, slot, table in meetings:
        if rid not in reqs or slot not in slots or table not in tables:
            problems.append(f"unknown id in meeting {(rid, slot, table)!r}")
            continue
        if rid in seen_req:
            problems.append(f"request {rid!r} scheduled twice")
        seen_req.add(rid)
        if (slot, table) in table_use:
            problems.append(f"table {table!r} double-booked in slot {slot!r}")
        table_use.add((slot, table))
        req = reqs[rid]
        if req.pinned is not None and req.pinned != (slot, table):
            problems.append(f"pinned request {rid!r} moved")
        for p in req.participants:
            if (p, slot) in person_use:
                problems.append(f"participant {p!r} double-booked in slot {slot!r}")
            person_use.add((p, slot))
            if slot in parts[p].unavailable:
                problems.append(f"participant {p!r} booked in unavailable slot {slot!r}")
            counts[p] = counts.get(p, 0) + 1
    for p, n in counts.items():
        limit = parts[p].max_meetings
        if limit is not None and n > limit:
            problems.append(f"participant {p!r} has {n} meetings, max {limit}")
    for r in inst.requests:
        if r.pinned is not None and r.id not in seen_req:
            problems.append(f"pinned request {r.id!r} not scheduled")
    return problems
