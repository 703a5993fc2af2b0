"""The pure scheduler: feasibility as properties, optimality against brute force, bad instances."""

import io
import itertools
import json
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
