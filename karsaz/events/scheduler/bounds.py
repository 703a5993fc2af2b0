"""A valid upper bound on the schedulable weight that stays cheap at thousands of delegates.

Relaxation (slots forgotten, one variable per request, 0 <= y_r <= 1):
    maximise   sum_r w_r y_r
    subject to sum_{r ∋ d} y_r <= cap_d   for every participant d
               sum_r y_r       <= C
               y_r = 0 when no slot suits every participant of r
where cap_d = min(max_meetings_d, slots in which d is available) and
C = sum over slots s of min(tables, floor(participants available in s / 2)) (a meeting takes a
table and at least two people). Every schedule is feasible for it, so its optimum is an upper
bound. We solve it with GLOP, but do not trust the solver's floating-point value: we evaluate
the dual objective at the solver's duals (clipped to >= 0) in exact rational arithmetic,
    cap·u + C·λ + sum_r max(0, w_r - sum_{d ∈ r} u_d - λ),
which by weak duality bounds the relaxation for *any* non-negative u and λ, then round down
(weights are integers). If GLOP is unavailable the duals are all zero, giving sum of weights.
"""

from __future__ import annotations

import math
from fractions import Fraction

from karsaz.events.scheduler.instance import Indexed


def slot_capacity(ix: Indexed) -> int:
    involved = [d for d, rs in enumerate(ix.of_part) if rs]
    total = 0
    for s in range(ix.S):
        present = sum(1 for d in involved if ix.avail[d] >> s & 1)
        total += min(ix.T, present // 2)
    return total


def dual_value(ix: Indexed, u: list[Fraction], lam: Fraction, capacity: int) -> Fraction:
    value = sum((ix.cap[d] * u[d] for d in range(len(u))), Fraction(0)) + capacity * lam
    for r, parts in enumerate(ix.parts):
        if not ix.allowed[r]:
            continue
        slack = ix.weight[r] - sum((u[d] for d in parts), Fraction(0)) - lam
        if slack > 0:
            value += slack
    return value


def lp_upper_bound(ix: Indexed) -> int:
    return lp_bound_and_choice(ix)[0]


def lp_bound_and_choice(ix: Indexed) -> tuple[int, list[int] | None]:
    """The LP bound and, when GLOP's solution is integral and meets that bound, the requests it
    chose: then that is an optimum of the integral relaxation too, and bmatching_bound (a CP-SAT
    run, the slowest step before a proof on small events) has nothing left to find."""
    capacity = slot_capacity(ix)
    n = len(ix.cap)
    u = [Fraction(0)] * n
    lam = Fraction(0)
    chosen: list[int] | None = None
    try:
        from ortools.linear_solver import pywraplp

        solver = pywraplp.Solver.CreateSolver("GLOP")
    except ImportError:  # pragma: no cover - ortools is a pinned dependency
        solver = None
    if solver is not None and ix.parts:
        y = {r: solver.NumVar(0.0, 1.0, f"y{r}") for r in range(len(ix.parts)) if ix.allowed[r]}
        rows = []
        for d in range(n):
            row = solver.Constraint(-solver.infinity(), float(ix.cap[d]))
            for r in ix.of_part[d]:
                if r in y:
                    row.SetCoefficient(y[r], 1.0)
            rows.append(row)
        cap_row = solver.Constraint(-solver.infinity(), float(capacity))
        for var in y.values():
            cap_row.SetCoefficient(var, 1.0)
        objective = solver.Objective()
        for r, var in y.items():
            objective.SetCoefficient(var, float(ix.weight[r]))
        objective.SetMaximization()
        if solver.Solve() in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            u = [Fraction(max(0.0, row.dual_value())) for row in rows]
            lam = Fraction(max(0.0, cap_row.dual_value()))
            values = {r: var.solution_value() for r, var in y.items()}
            if all(min(v, 1 - v) < 1e-9 for v in values.values()):
                chosen = [r for r, v in values.items() if v > 0.5]
    bound = math.floor(dual_value(ix, u, lam, capacity))
    if chosen is not None and not _fits(ix, chosen, capacity, bound):
        chosen = None
    return bound, chosen


def _fits(ix: Indexed, chosen: list[int], capacity: int, bound: int) -> bool:
    """Checked in integers, not trusted from floating point: feasible, pins in, weight = bound."""
    count = [0] * len(ix.cap)
    for r in chosen:
        for d in ix.parts[r]:
            count[d] += 1
    picked = set(chosen)
    return (
        len(chosen) <= capacity
        and all(c <= cap for c, cap in zip(count, ix.cap, strict=True))
        and all(r in picked for r, pin in enumerate(ix.pin) if pin is not None and ix.allowed[r])
        and sum(ix.weight[r] for r in chosen) == bound
    )


def bmatching_bound(ix: Indexed, *, seconds: float, workers: int = 1) -> tuple[int, list[int]]:
    """The same relaxation with integral y (CP-SAT): a tighter valid upper bound (its proven
    bound, or optimum), and the chosen requests, which the exact model then tries to slot.

    Returns (bound, chosen request indices); the bound is the solver's proven bound on this
    relaxation, so it stays valid when the solver stops early.
    """
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    y = {r: model.new_bool_var(f"y{r}") for r in range(len(ix.parts)) if ix.allowed[r]}
    for r, pin in enumerate(ix.pin):
        if pin is not None and r in y:
            model.add(y[r] == 1)
    for d, rs in enumerate(ix.of_part):
        vars_ = [y[r] for r in rs if r in y]
        if len(vars_) > ix.cap[d]:
            model.add(cp_model.LinearExpr.sum(vars_) <= ix.cap[d])
    model.add(cp_model.LinearExpr.sum(list(y.values())) <= slot_capacity(ix))
    model.maximize(cp_model.LinearExpr.weighted_sum(list(y.values()), [ix.weight[r] for r in y]))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return sum(ix.weight[r] for r in y), []
    chosen = [r for r, var in y.items() if solver.boolean_value(var)]
    return math.floor(solver.best_objective_bound + 1e-6), chosen
