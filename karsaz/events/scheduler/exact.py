"""The exact model in OR-Tools CP-SAT, solved lexicographically in two phases.

Tables are interchangeable, so the model decides only slots: x[r, s] = 1 when request r meets in
slot s (only slots where all its participants are available exist). Per slot, meetings <= free
tables; per participant and slot, at most one meeting; per participant, at most max_meetings;
each request at most once; pinned requests are constants. Tables are dealt out afterwards.

Phase 1 maximises the total weight and proves it optimal (or returns CP-SAT's best bound).
Phase 2, only when phase 1 proved optimality, fixes the weight at that optimum and minimises
    (U + 1) · idle_gaps + max_unmet
i.e. fewer idle gaps first, then fairness: max_unmet is the largest number of a participant's
requests (up to their maximum) left out, so nobody carries the loss alone; U bounds max_unmet, so
the sum is exactly lexicographic. An idle gap is a free slot between two meetings of the same
participant on the same day: gaps = (blocks of consecutive meetings) - (days with meetings).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from karsaz.events.scheduler.instance import Indexed
from karsaz.events.scheduler.state import bits


@dataclass
class ExactResult:
    slot_of: list[int]
    weight: int
    bound: int
    optimal: bool


def _params(limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver


def solve_exact(
    ix: Indexed,
    *,
    deadline: float,
    hint: list[int] | None = None,
    workers: int = 2,
    seed: int = 0,
    tie_breaks: bool = True,
    improve: Callable[[list[int]], list[int]] | None = None,
    upper: int | None = None,
    target: list[int] | None = None,
    log: Callable[[str], None] | None = None,
) -> ExactResult | None:
    model = cp_model.CpModel()
    n_req = len(ix.parts)
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_part_slot: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    by_slot: list[list[cp_model.IntVar]] = [[] for _ in range(ix.S)]
    pinned_busy: set[tuple[int, int]] = set()
    pinned_count = [0] * len(ix.cap)
    pinned_load = [0] * ix.S
    pinned_weight = 0
    for r, pin in enumerate(ix.pin):
        if pin is not None:
            pinned_load[pin[0]] += 1
            pinned_weight += ix.weight[r]
            for d in ix.parts[r]:
                pinned_busy.add((d, pin[0]))
                pinned_count[d] += 1
    for r in range(n_req):
        if ix.pin[r] is not None:
            continue
        slots = [
            s for s in bits(ix.allowed[r]) if not any((d, s) in pinned_busy for d in ix.parts[r])
        ]
        if not slots:
            continue
        for s in slots:
            var = model.new_bool_var(f"x{r}_{s}")
            x[r, s] = var
            by_slot[s].append(var)
            for d in ix.parts[r]:
                by_part_slot.setdefault((d, s), []).append(var)
        model.add_at_most_one(x[r, s] for s in slots)
    for vars_ in by_part_slot.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    per_part: dict[int, list[cp_model.IntVar]] = {}
    for (d, _s), vars_ in by_part_slot.items():
        per_part.setdefault(d, []).extend(vars_)
    for d, vars_ in per_part.items():
        room = ix.cap[d] - pinned_count[d]
        if room < len(vars_):
            model.add(sum(vars_) <= max(0, room))
    for s, vars_ in enumerate(by_slot):
        room = ix.T - pinned_load[s]
        if room < len(vars_):
            model.add(sum(vars_) <= max(0, room))
    weight_expr = sum(ix.weight[r] * var for (r, _s), var in x.items())
    model.maximize(weight_expr)
    if upper is not None:
        # A valid bound from the relaxation: reaching it ends the search with a proof.
        model.add(weight_expr <= upper - pinned_weight)
    if hint:
        for (r, s), var in x.items():
            model.add_hint(var, 1 if hint[r] == s else 0)

    found = None
    if target:
        # Phase 0: can the requests chosen by the integral relaxation all be given slots?
        # If so, that schedule meets the relaxation's bound and is optimal.
        trial = model.clone()
        by_request: dict[int, list[cp_model.IntVar]] = {}
        for (r, _s), var in x.items():
            by_request.setdefault(r, []).append(var)
        for r in target:
            if ix.pin[r] is None:
                vars_ = [
                    trial.get_bool_var_from_proto_index(v.index) for v in by_request.get(r, [])
                ]
                trial.add(cp_model.LinearExpr.sum(vars_) == 1)
        solver0 = _params(0.3 * (deadline - time.monotonic()), workers, seed)
        status0 = solver0.solve(trial)
        if status0 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if upper is not None and round(solver0.objective_value) + pinned_weight >= upper:
                found = (solver0, status0)
            else:  # short of the bound: phase 1 goes on from this schedule
                model.clear_hints()
                for var in x.values():
                    model.add_hint(
                        var,
                        1
                        if solver0.boolean_value(trial.get_bool_var_from_proto_index(var.index))
                        else 0,
                    )
        if log:
            log(f"phase 0: chosen requests fit: {solver0.status_name(status0)}")

    if found is None:
        remaining = deadline - time.monotonic()
        solver = _params(remaining * (0.7 if tie_breaks else 1.0), workers, seed)
        status = solver.solve(model)
    else:
        solver, status = found
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    slot_of = _read(ix, x, solver)
    best = round(solver.objective_value) + pinned_weight
    if found is None:
        bound = int(solver.best_objective_bound + 1e-6) + pinned_weight
    else:
        # Phase 0 solved a restricted model: its status and bound say nothing about the
        # whole problem, only the relaxation's bound does.
        bound = sum(ix.weight) if upper is None else upper
    if upper is not None:
        bound = min(bound, upper)
    optimal = (found is None and status == cp_model.OPTIMAL) or best >= bound
    if log:
        log(f"phase 1: weight {best}, bound {bound}, {solver.status_name(status)}")
    if not (tie_breaks and optimal) or deadline - time.monotonic() < 0.2:
        return ExactResult(slot_of, best, bound, optimal)

    # Phase 2: same weight, fewer idle gaps, then fairness; hinted by the compacted phase-1
    # schedule, so it can only improve on the cheap compaction.
    if improve is not None:
        slot_of = improve(slot_of)
    model.add(weight_expr == best - pinned_weight)
    model.clear_hints()
    for (r, s), var in x.items():
        model.add_hint(var, 1 if slot_of[r] == s else 0)
    gap_terms: list[cp_model.LinearExprT] = []
    unmet_terms: list[int] = []
    max_unmet = model.new_int_var(0, ix.S, "max_unmet")
    for d in range(len(ix.cap)):
        if not ix.of_part[d]:
            continue
        busy: list[Any] = []  # ortools stubs type numbers too narrowly
        for s in range(ix.S):
            if (d, s) in pinned_busy:
                busy.append(1)
            else:
                busy.append(cp_model.LinearExpr.sum(by_part_slot.get((d, s), [])))
        for day in range(ix.n_days):
            day_slots = [s for s in range(ix.S) if ix.day_of[s] == day]
            if not day_slots:
                continue
            active = model.new_bool_var(f"a{d}_{day}")
            model.add(active <= cp_model.LinearExpr.sum([busy[s] for s in day_slots]))
            prev: Any = 0
            for s in day_slots:
                start = model.new_bool_var(f"st{d}_{s}")
                model.add(start >= busy[s] - prev)
                gap_terms.append(start)
                prev = busy[s]
            gap_terms.append(-active)
        wanted = min(len(ix.of_part[d]), ix.cap[d])
        got = cp_model.LinearExpr.sum(busy)
        unmet_terms.append(wanted)
        model.add(max_unmet >= wanted - got)
    upper = max(unmet_terms, default=0)
    model.minimize((upper + 1) * cp_model.LinearExpr.sum(gap_terms) + max_unmet)
    solver2 = _params(deadline - time.monotonic(), workers, seed)
    status2 = solver2.solve(model)
    if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        slot_of = _read(ix, x, solver2)
        if log:
            log(f"phase 2: penalty {solver2.objective_value}, {solver2.status_name(status2)}")
    return ExactResult(slot_of, best, bound, optimal)


def _read(
    ix: Indexed, x: dict[tuple[int, int], cp_model.IntVar], solver: cp_model.CpSolver
) -> list[int]:
    slot_of = [pin[0] if pin is not None else -1 for pin in ix.pin]
    for (r, s), var in x.items():
        if solver.boolean_value(var):
            slot_of[r] = s
    return slot_of
