"""The pure scheduler: feasibility as properties, optimality against brute force, bad instances."""

import importlib
import io
import itertools
import json
import time
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from karsaz.events.scheduler import InstanceError, parse_instance, solve, verify
from karsaz.events.scheduler.__main__ import main
from karsaz.events.scheduler.bounds import bmatching_bound, lp_upper_bound
from karsaz.events.scheduler.generate import generate


@st.composite
def instances(draw: Any, max_requests: int = 7) -> dict[str, Any]:
    n_slots = draw(st.integers(1, 4))
    slots = list(range(1, n_slots + 1))
    tables = [f"T{n}" for n in range(draw(st.integers(1, 2)))]
    people = [f"p{n}" for n in range(draw(st.integers(2, 5)))]
    participants = [
        {
            "id": p,
            "unavailable": draw(st.lists(st.sampled_from(slots), unique=True, max_size=2)),
            "max_meetings": draw(st.one_of(st.none(), st.integers(0, 3))),
        }
        for p in people
    ]
    requests = []
    for n in range(draw(st.integers(0, max_requests))):
        members = draw(st.lists(st.sampled_from(people), min_size=2, max_size=3, unique=True))
        request: dict[str, Any] = {
            "id": n + 1,
            "participants": members,
            "weight": draw(st.integers(0, 5)),
        }
        if draw(st.integers(0, 5)) == 0:
            request["pinned"] = {"slot": draw(st.sampled_from(slots)), "table": tables[0]}
        requests.append(request)
    return {
        "slots": slots,
        "tables": tables,
        "participants": participants,
        "requests": requests,
        "time_limit_s": 2,
    }


def _valid(data: dict[str, Any]) -> Any:
    try:
        return parse_instance(data)
    except InstanceError:
        assume(False)


FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(instances())
def test_exact_schedules_are_feasible_and_within_bound(data: dict[str, Any]) -> None:
    inst = _valid(data)
    schedule = solve(inst, method="exact", workers=1)
    assert verify(inst, schedule.meetings) == []
    weights = {r.id: r.weight for r in inst.requests}
    assert schedule.objective == sum(weights[r] for r, _s, _t in schedule.meetings)
    assert schedule.objective <= schedule.upper_bound
    pinned = {r.id: r.pinned for r in inst.requests if r.pinned}
    assert {r: (s, t) for r, s, t in schedule.meetings if r in pinned} == pinned


@FAST
@given(instances(), st.sampled_from(["heuristic", "fcfs"]))
def test_heuristic_schedules_are_feasible(data: dict[str, Any], method: str) -> None:
    inst = _valid(data)
    schedule = solve(inst, method=method, time_limit_s=0.2)
    assert verify(inst, schedule.meetings) == []
    assert schedule.objective <= schedule.upper_bound
    scheduled = {r for r, _s, _t in schedule.meetings}
    assert scheduled.isdisjoint(schedule.unscheduled)
    assert scheduled | set(schedule.unscheduled) == {r.id for r in inst.requests}


def brute_force(inst: Any) -> int:
    """Every way to give each request a slot or none; the table count is the only table rule."""
    options = [[None, *inst.slots] for _ in inst.requests]
    best = -1
    parts = {p.id: p for p in inst.participants}
    for choice in itertools.product(*options):
        if any(
            r.pinned is not None and c != r.pinned[0]
            for r, c in zip(inst.requests, choice, strict=True)
        ):
            continue
        busy: set[tuple[Any, Any]] = set()
        count: dict[Any, int] = {}
        per_slot: dict[Any, int] = {}
        ok = True
        for r, c in zip(inst.requests, choice, strict=True):
            if c is None:
                continue
            per_slot[c] = per_slot.get(c, 0) + 1
            for p in r.participants:
                count[p] = count.get(p, 0) + 1
                limit = parts[p].max_meetings
                if (
                    (p, c) in busy
                    or c in parts[p].unavailable
                    or (limit is not None and count[p] > limit)
                ):
                    ok = False
                busy.add((p, c))
        if ok and all(n <= len(inst.tables) for n in per_slot.values()):
            weight = sum(
                r.weight for r, c in zip(inst.requests, choice, strict=True) if c is not None
            )
            best = max(best, weight)
    return best


@settings(max_examples=40, deadline=None)
@given(instances(max_requests=5))
def test_exact_matches_brute_force_and_bounds_are_valid(data: dict[str, Any]) -> None:
    inst = _valid(data)
    optimum = brute_force(inst)
    schedule = solve(inst, method="exact", workers=1)
    assert schedule.objective == optimum
    assert schedule.status == "optimal"
    assert schedule.upper_bound >= optimum
    assert lp_upper_bound(inst.ix) >= optimum
    assert bmatching_bound(inst.ix, seconds=1)[0] >= optimum
    quick = solve(inst, method="heuristic", time_limit_s=0.1)
    assert quick.objective <= optimum <= quick.upper_bound


def test_generated_instance_is_solved_to_optimality_and_beats_fcfs() -> None:
    inst = parse_instance(generate(30, seed=3, time_limit_s=2))
    schedule = solve(inst)
    assert verify(inst, schedule.meetings) == []
    assert schedule.status == "optimal"
    assert schedule.objective == schedule.upper_bound
    assert solve(inst, method="fcfs").objective <= schedule.objective


def test_pins_survive_a_rerun() -> None:
    data = generate(20, seed=5, time_limit_s=1.5)
    first = solve(parse_instance(data))
    placed = {r: (s, t) for r, s, t in first.meetings}
    for request in data["requests"][:10]:
        if request["id"] in placed:
            slot, table = placed[request["id"]]
            request["pinned"] = {"slot": slot, "table": table}
    data["requests"].append({"id": 999, "participants": [1, 2], "weight": 3})
    inst = parse_instance(data)
    second = solve(inst)
    assert verify(inst, second.meetings) == []
    again = {r: (s, t) for r, s, t in second.meetings}
    for request in data["requests"]:
        if "pinned" in request:
            assert again[request["id"]] == (request["pinned"]["slot"], request["pinned"]["table"])


BASE: dict[str, Any] = {
    "slots": [1, 2],
    "tables": ["A", "B"],
    "participants": [{"id": "a"}, {"id": "b"}, {"id": "c", "unavailable": [2], "max_meetings": 1}],
    "requests": [{"id": 1, "participants": ["a", "b"], "weight": 2}],
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slots": [1, 1]}, "slot 1 is listed twice"),
        ({"tables": "A"}, '"tables" must be a list'),
        ({"participants": [{"id": "a"}, {"id": "a"}]}, "participant 'a' is listed twice"),
        ({"participants": [{"id": "a", "unavailable": [7]}]}, "unknown slot(s) [7]"),
        ({"participants": [{"id": "a", "max_meetings": -1}]}, "max_meetings must be"),
        ({"requests": [{"id": 1, "participants": ["a"]}]}, "request 1 has 1 participant(s)"),
        ({"requests": [{"id": 1, "participants": ["a", "zz"]}]}, "unknown participant(s) ['zz']"),
        ({"requests": [{"id": 1, "participants": ["a", "a"]}]}, "more than once"),
        ({"requests": [{"id": 1, "participants": ["a", "b"], "weight": 1.5}]}, "weight must be"),
        (
            {
                "requests": [
                    {"id": 1, "participants": ["a", "b"]},
                    {"id": 1, "participants": ["a", "b"]},
                ]
            },
            "request 1 is listed twice",
        ),
        (
            {
                "requests": [
                    {"id": 1, "participants": ["a", "b"], "pinned": {"slot": 9, "table": "Z"}}
                ]
            },
            "request 1 is pinned to unknown slot 9",
        ),
        (
            {
                "requests": [
                    {"id": 1, "participants": ["a", "b"], "pinned": {"slot": 1, "table": "A"}},
                    {"id": 2, "participants": ["a", "c"], "pinned": {"slot": 1, "table": "B"}},
                ]
            },
            "participant 'a' is pinned to two meetings in slot 1: requests 1 and 2",
        ),
        (
            {
                "requests": [
                    {"id": 1, "participants": ["a", "b"], "pinned": {"slot": 1, "table": "A"}},
                    {"id": 2, "participants": ["c", "b"], "pinned": {"slot": 1, "table": "A"}},
                ]
            },
            "requests 1 and 2 are both pinned to table 'A' in slot 1",
        ),
        (
            {
                "requests": [
                    {"id": 1, "participants": ["a", "c"], "pinned": {"slot": 2, "table": "A"}}
                ]
            },
            "participant 'c' is unavailable",
        ),
        (
            {
                "requests": [
                    {"id": 1, "participants": ["a", "c"], "pinned": {"slot": 1, "table": "A"}},
                    {"id": 2, "participants": ["b", "c"], "pinned": {"slot": 2, "table": "A"}},
                ]
            },
            "participant 'c' has 2 pinned meetings",
        ),
        ({"time_limit_s": 0}, '"time_limit_s" must be a positive number'),
    ],
)
def test_bad_instances_name_the_culprits(change: dict[str, Any], message: str) -> None:
    with pytest.raises(InstanceError) as caught:
        parse_instance({**BASE, **change})
    assert any(message in problem for problem in caught.value.problems), caught.value.problems


def test_not_an_object() -> None:
    with pytest.raises(InstanceError, match="JSON object"):
        parse_instance([1, 2])


def test_cli_prints_the_schedule_and_rejects_bad_files(tmp_path: Any) -> None:
    path = tmp_path / "inst.json"
    path.write_text(json.dumps({**BASE, "time_limit_s": 2}))
    out = io.StringIO()
    with redirect_stdout(out):
        assert main([str(path)]) == 0
    result = json.loads(out.getvalue())
    assert len(result["meetings"]) == 1
    assert result["meetings"][0]["request"] == 1
    assert result["meetings"][0]["slot"] in (1, 2)
    assert result["unscheduled"] == []
    assert (result["objective"], result["upper_bound"], result["status"]) == (2, 2, "optimal")

    path.write_text(json.dumps({**BASE, "requests": [{"id": 1, "participants": ["a"]}]}))
    err = io.StringIO()
    with redirect_stderr(err):
        assert main([str(path)]) == 2
    assert "request 1 has 1 participant(s)" in err.getvalue()


# Issue 16's shape: 60 delegates, one day of 8 slots, 8 tables (64 meetings at most, all of
# weight 3 among the ~250 requests), so the optimum is 192. The time limit is far beyond what
# the proof needs: a run that waited for it would hand a phase hundreds of seconds.
ISSUE_16 = {"days": 1, "slots_per_day": 8, "per_table": 7, "time_limit_s": 600}


def _spy_on_tie_breaks(monkeypatch: pytest.MonkeyPatch) -> list[float | None]:
    """Records how long each call's swaps were allowed from the moment it was made (None: to
    the run's deadline)."""
    # The package re-exports the function `solve`, which shadows the module of that name.
    solve_module = importlib.import_module("karsaz.events.scheduler.solve")
    allowed: list[float | None] = []
    real = solve_module.compact

    def compact(state: Any, *, deadline: float, swaps_until: float | None = None) -> None:
        allowed.append(None if swaps_until is None else swaps_until - time.monotonic())
        real(state, deadline=deadline, swaps_until=swaps_until)

    monkeypatch.setattr(solve_module, "compact", compact)
    return allowed


def test_proven_by_the_lp_and_greedy_skips_cp_sat_and_stops_on_the_proof(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from karsaz.events.scheduler import exact
    from karsaz.events.scheduler.solve import TIE_BREAK_MIN_S

    def no_exact(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the weight was proven before CP-SAT: it must not run")

    monkeypatch.setattr(exact, "solve_exact", no_exact)
    allowed = _spy_on_tie_breaks(monkeypatch)
    inst = parse_instance(generate(60, seed=0, **ISSUE_16))
    schedule = solve(inst, workers=1)
    assert verify(inst, schedule.meetings) == []
    assert (schedule.objective, schedule.upper_bound, schedule.status) == (192, 192, "optimal")
    assert (schedule.method, schedule.stats["bound_method"]) == ("greedy", "lp-relaxation")
    assert schedule.stats["stop"] == "proven"
    # The tie-breaks' swaps had the proof's budget, not what was left of the 600 s.
    assert len(allowed) == 1
    assert allowed[0] is not None
    assert allowed[0] <= max(TIE_BREAK_MIN_S, schedule.stats["proof_s"]) + 0.001


def test_proven_by_cp_sat_stops_on_the_proof(monkeypatch: pytest.MonkeyPatch) -> None:
    from karsaz.events.scheduler.solve import TIE_BREAK_MIN_S

    allowed = _spy_on_tie_breaks(monkeypatch)
    inst = parse_instance(generate(60, seed=2, **ISSUE_16))
    schedule = solve(inst, workers=1)
    assert verify(inst, schedule.meetings) == []
    assert (schedule.objective, schedule.upper_bound, schedule.status) == (192, 192, "optimal")
    assert (schedule.method, schedule.stats["stop"]) == ("cp-sat", "proven")
    assert len(allowed) == 1
    assert allowed[0] is not None
    assert allowed[0] <= max(TIE_BREAK_MIN_S, schedule.stats["proof_s"]) + 0.001


def test_unproven_runs_leave_the_swaps_the_rest_of_the_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    allowed = _spy_on_tie_breaks(monkeypatch)
    schedule = solve(parse_instance(OUT_OF_REACH), method="heuristic")
    assert schedule.stats["stop"] == "time-limit"
    assert allowed == [None]


def test_swaps_lower_idle_gaps_when_every_table_is_taken() -> None:
    from karsaz.events.scheduler.heuristic import compact, greedy, greedy_order
    from karsaz.events.scheduler.solve import deal_tables, idle_gaps

    # Issue 16's shape, seed 0: 64 meetings fill the 8 tables of all 8 slots, so no meeting
    # can move to a free slot; only exchanging two meetings' slots lowers the gaps.
    inst = parse_instance(generate(60, seed=0, **ISSUE_16))
    ix = inst.ix
    state = greedy(ix, greedy_order(ix))
    assert state.full == (1 << ix.S) - 1
    weight, before = state.weight, idle_gaps(ix, state.slot_of)
    compact(state, deadline=time.monotonic() + 600, swaps_until=0)  # no time for swaps
    assert idle_gaps(ix, state.slot_of) == before == 33
    compact(state, deadline=time.monotonic() + 600)
    assert (state.weight, idle_gaps(ix, state.slot_of)) == (weight, 17)
    assert verify(inst, deal_tables(inst, state)) == []


# One table; slot 2 has only c and d, who share no request: the relaxation counts a meeting
# there (bound 2), the optimum is 1. Local search cannot prove it, CP-SAT can.
OUT_OF_REACH: dict[str, Any] = {
    "slots": [1, 2],
    "tables": ["T"],
    "participants": [
        {"id": "a", "unavailable": [2]},
        {"id": "b", "unavailable": [2]},
        {"id": "c"},
        {"id": "d"},
        {"id": "e", "unavailable": [2]},
    ],
    "requests": [
        {"id": 1, "participants": ["e", "b"]},
        {"id": 2, "participants": ["d", "a"]},
        {"id": 3, "participants": ["a", "b"]},
        {"id": 4, "participants": ["c", "a"]},
    ],
    "time_limit_s": 0.3,
}


def test_out_of_reach_bound_is_reported_as_feasible_not_optimal() -> None:
    inst = parse_instance(OUT_OF_REACH)
    quick = solve(inst, method="heuristic")
    assert (quick.objective, quick.upper_bound, quick.status) == (1, 2, "feasible")
    assert (quick.stats["stop"], quick.stats["proof_s"]) == ("time-limit", None)
    exact = solve(inst, method="exact", workers=1, time_limit_s=5)
    assert (exact.objective, exact.upper_bound, exact.status) == (1, 1, "optimal")
    assert (exact.stats["stop"], exact.stats["bound_method"]) == ("proven", "cp-sat")
    assert exact.stats["proof_s"] is not None


@pytest.mark.parametrize("method", ["auto", "exact", "heuristic"])
def test_nothing_to_schedule_is_optimal_at_once(method: str) -> None:
    inst = parse_instance({**BASE, "requests": [], "time_limit_s": 600})
    schedule = solve(inst, method=method)
    assert (schedule.meetings, schedule.unscheduled) == ([], [])
    assert (schedule.objective, schedule.upper_bound, schedule.status) == (0, 0, "optimal")
    assert schedule.stats["stop"] == "proven"
    assert schedule.stats["proof_s"] is not None


def test_only_weightless_and_impossible_requests_are_optimal_at_zero() -> None:
    inst = parse_instance(
        {
            **BASE,
            "requests": [
                {"id": 1, "participants": ["a", "b"], "weight": 0},
                {"id": 2, "participants": ["a", "c"], "weight": 5},  # c meets nobody
                {"id": 3, "participants": ["c", "b"], "weight": 4},
            ],
            "participants": [{"id": "a"}, {"id": "b"}, {"id": "c", "max_meetings": 0}],
            "time_limit_s": 600,
        }
    )
    schedule = solve(inst)
    assert (schedule.objective, schedule.upper_bound, schedule.status) == (0, 0, "optimal")
    assert schedule.stats["stop"] == "proven"


def test_fcfs_baseline_claims_no_proof() -> None:
    inst = parse_instance(generate(30, seed=3, time_limit_s=2))
    schedule = solve(inst, method="fcfs")
    assert schedule.stats["stop"] == "baseline"
    assert schedule.stats["proof_s"] is None


def test_an_integral_lp_solution_is_returned_only_when_it_meets_the_bound() -> None:
    from karsaz.events.scheduler.bounds import lp_bound_and_choice

    inst = parse_instance(
        {
            "slots": [1, 2],
            "tables": ["A"],
            "participants": [{"id": p} for p in "abcd"],
            "requests": [
                {"id": 1, "participants": ["a", "b"], "weight": 3},
                {"id": 2, "participants": ["c", "d"], "weight": 2},
                {"id": 3, "participants": ["a", "c"], "weight": 1},
            ],
        }
    )
    # Two meetings fit (two slots, one table): the heaviest two, 5.
    bound, chosen = lp_bound_and_choice(inst.ix)
    assert (bound, chosen) == (5, [0, 1])
    # A triangle of people who meet once each: the LP takes every meeting at one half (value
    # 1.5, bound 1), which is not integral, so no choice is claimed.
    triangle = parse_instance(
        {
            "slots": [1, 2],
            "tables": ["A", "B"],
            "participants": [{"id": p, "max_meetings": 1} for p in "abc"],
            "requests": [
                {"id": 1, "participants": ["a", "b"]},
                {"id": 2, "participants": ["b", "c"]},
                {"id": 3, "participants": ["a", "c"]},
            ],
        }
    )
    assert lp_bound_and_choice(triangle.ix)[1] is None
