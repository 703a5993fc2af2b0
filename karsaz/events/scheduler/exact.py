"""The exact model in OR-Tools CP-SAT: the weight, proven optimal when time allows.

Tables are interchangeable, so the model decides only slots: x[r, s] = 1 when request r meets in
slot s (only slots where all its participants are available exist). Per slot, meetings <= free
tables; per participant and slot, at most one meeting; per participant, at most max_meetings;
each request at most once; pinned requests are constants. Tables are dealt out afterwards.

Phase 0 asks whether the requests chosen by the integral relaxation all fit (then the schedule
meets that relaxation's bound: a proof); phase 1 maximises the total weight from the best hint
and proves it optimal (or returns CP-SAT's best bound). Both stop on the proof. Idle gaps are
then the caller's tie-breaks (heuristic.compact), on a budget of their own. They used to be a
CP-SAT phase 2 here, given the rest of the time limit, which kept every event for all of it;
on the budget a proven small event can spare (0.5 to 1.5 s) it improved little or nothing (on
this model or on the chosen meetings alone), where swapping meetings between slots halves the
idle gaps of a 60-delegate event in a tenth of a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from karsaz.events.scheduler.instance import Indexed
from karsaz.events.scheduler.state import bits


@dataclass
class ExactResult:
    slot_of: list[int]
    weight: int
    bound: int
    optimal: bool
    proved_at: float | None = None  # time.monotonic() when the weight was proven optimal


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
    upper: int | None = None,
    target: list[int] | None = None,
    log: Callable[[str], None] | None = None,
) -> ExactResult | None:
    """`upper`: a valid upper bound on the weight (reaching it ends the search)."""
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
        # The rest is left to the tie-breaks when the proof does not come.
        solver = _params(0.7 * remaining, workers, seed)
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
    proved_at = time.monotonic() if optimal else None
    if log:
        log(f"phase 1: weight {best}, bound {bound}, {solver.status_name(status)}")
    return ExactResult(slot_of, best, bound, optimal, proved_at)


def _read(
    ix: Indexed, x: dict[tuple[int, int], cp_model.IntVar], solver: cp_model.CpSolver
) -> list[int]:
    slot_of = [pin[0] if pin is not None else -1 for pin in ix.pin]
    for (r, s), var in x.items():
        if solver.boolean_value(var):
            slot_of[r] = s
    return slot_of
