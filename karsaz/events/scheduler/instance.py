"""The scheduling instance: parsing, validation with errors that name the culprits, indexing.

Pure Python (no Django). Ids may be JSON integers or strings; they are echoed back unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

Id = int | str

DEFAULT_TIME_LIMIT_S = 10.0


class InstanceError(ValueError):
    """An invalid instance. `problems` lists every problem found, each naming its culprits."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid instance:\n" + "\n".join(f"- {p}" for p in problems))


@dataclass(frozen=True)
class Participant:
    id: Id
    unavailable: frozenset[Id] = frozenset()
    max_meetings: int | None = None


@dataclass(frozen=True)
class Request:
    id: Id
    participants: tuple[Id, ...]
    weight: int = 1
    pinned: tuple[Id, Id] | None = None  # (slot, table)


@dataclass
class Instance:
    slots: list[Id]
    tables: list[Id]
    participants: list[Participant]
    requests: list[Request]
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    # Optional: slots grouped by day (each group in time order). Idle gaps never span two days.
    days: list[list[Id]] | None = None
    # Derived indexes, filled by `index()`.
    ix: Indexed = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.ix = Indexed(self)


class Indexed:
    """Integer-indexed view of a valid instance that the solvers share.

    Slots are bits of Python ints: `allowed[r]` is the mask of slots in which every participant
    of request r is available.
    """

    def __init__(self, inst: Instance) -> None:
        self.S = len(inst.slots)
        self.T = len(inst.tables)
        self.slot_ix = {s: i for i, s in enumerate(inst.slots)}
        self.table_ix = {t: i for i, t in enumerate(inst.tables)}
        self.part_ix = {p.id: i for i, p in enumerate(inst.participants)}
        full = (1 << self.S) - 1
        self.full_mask = full
        self.avail: list[int] = []
        self.cap: list[int] = []
        for p in inst.participants:
            mask = full
            for s in p.unavailable:
                mask &= ~(1 << self.slot_ix[s])
            self.avail.append(mask)
            limit = self.S if p.max_meetings is None else min(p.max_meetings, self.S)
            self.cap.append(min(limit, bin(mask).count("1")))
        self.parts: list[tuple[int, ...]] = []
        self.weight: list[int] = []
        self.allowed: list[int] = []
        self.pin: list[tuple[int, int] | None] = []
        self.of_part: list[list[int]] = [[] for _ in inst.participants]
        for r_i, r in enumerate(inst.requests):
            parts = tuple(self.part_ix[p] for p in r.participants)
            self.parts.append(parts)
            self.weight.append(r.weight)
            mask = full
            for d in parts:
                mask &= self.avail[d]
                self.of_part[d].append(r_i)
            self.allowed.append(mask)
            self.pin.append(
                None
                if r.pinned is None
                else (self.slot_ix[r.pinned[0]], self.table_ix[r.pinned[1]])
            )
        self.day_of = [0] * self.S
        if inst.days:
            for k, group in enumerate(inst.days):
                for s in group:
                    self.day_of[self.slot_ix[s]] = k
        self.n_days = (max(self.day_of) + 1) if self.S else 0
        self.day_masks = [
            sum(1 << s for s in range(self.S) if self.day_of[s] == k) for k in range(self.n_days)
        ]


def _is_id(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or isinstance(value, str)


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _ids(data: dict[str, Any], key: str, problems: list[str]) -> list[Id]:
    raw = data.get(key)
    if not isinstance(raw, list):
        problems.append(f'"{key}" must be a list of ids')
        return []
    seen: set[Id] = set()
    out: list[Id] = []
    for value in raw:
        if not _is_id(value):
            problems.append(f'"{key}" holds {value!r}, which is not an id (integer or string)')
        elif value in seen:
            problems.append(f"{key[:-1]} {value!r} is listed twice")
        else:
            seen.add(value)
            out.append(value)
    return out


def parse_instance(data: Any) -> Instance:
    """Builds an Instance from decoded JSON, or raises InstanceError listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise InstanceError(["the instance must be a JSON object"])
    slots = _ids(data, "slots", problems)
    tables = _ids(data, "tables", problems)
    slot_set, table_set = set(slots), set(tables)

    participants: list[Participant] = []
    part_ids: set[Id] = set()
    raw_parts = data.get("participants")
    if not isinstance(raw_parts, list):
        problems.append('"participants" must be a list of objects')
        raw_parts = []
    for n, raw in enumerate(raw_parts):
        if not isinstance(raw, dict) or not _is_id(raw.get("id")):
            problems.append(f"participant #{n + 1} has no valid id")
            continue
        pid = raw["id"]
        if pid in part_ids:
            problems.append(f"participant {pid!r} is listed twice")
            continue
        part_ids.add(pid)
        unavailable = raw.get("unavailable") or []
        if not isinstance(unavailable, list):
            problems.append(f'participant {pid!r}: "unavailable" must be a list of slot ids')
            unavailable = []
        unknown = [s for s in unavailable if s not in slot_set]
        if unknown:
            problems.append(f"participant {pid!r} is unavailable in unknown slot(s) {unknown!r}")
        max_meetings = raw.get("max_meetings")
        if max_meetings is not None:
            max_meetings = _as_int(max_meetings)
            if max_meetings is None or max_meetings < 0:
                problems.append(
                    f"participant {pid!r}: max_meetings must be a non-negative integer or null"
                )
                max_meetings = None
        participants.append(
            Participant(
                id=pid,
                unavailable=frozenset(s for s in unavailable if s in slot_set),
                max_meetings=max_meetings,
            )
        )

    requests: list[Request] = []
    req_ids: set[Id] = set()
    raw_reqs = data.get("requests")
    if not isinstance(raw_reqs, list):
        problems.append('"requests" must be a list of objects')
        raw_reqs = []
    by_id = {p.id: p for p in participants}
    for n, raw in enumerate(raw_reqs):
        if not isinstance(raw, dict) or not _is_id(raw.get("id")):
            problems.append(f"request #{n + 1} has no valid id")
            continue
        rid = raw["id"]
        if rid in req_ids:
            problems.append(f"request {rid!r} is listed twice")
            continue
        req_ids.add(rid)
        members = raw.get("participants")
        ok = True
        if not isinstance(members, list) or not all(_is_id(m) for m in members):
            problems.append(f'request {rid!r}: "participants" must be a list of participant ids')
            members, ok = [], False
        unknown = [m for m in members if m not in by_id]
        if unknown:
            problems.append(f"request {rid!r} names unknown participant(s) {unknown!r}")
            ok = False
        if len(set(members)) != len(members):
            problems.append(f"request {rid!r} lists a participant more than once")
            ok = False
        if ok and len(members) < 2:
            problems.append(
                f"request {rid!r} has {len(members)} participant(s); a meeting needs at least two"
            )
            ok = False
        weight = _as_int(raw.get("weight", 1))
        if weight is None or weight < 0:
            problems.append(f"request {rid!r}: weight must be a non-negative integer")
            ok = False
        pinned: tuple[Id, Id] | None = None
        raw_pin = raw.get("pinned")
        if raw_pin is not None:
            if not isinstance(raw_pin, dict) or "slot" not in raw_pin or "table" not in raw_pin:
                problems.append(f'request {rid!r}: "pinned" must be {{"slot", "table"}}')
                ok = False
            else:
                if raw_pin["slot"] not in slot_set:
                    problems.append(
                        f"request {rid!r} is pinned to unknown slot {raw_pin['slot']!r}"
                    )
                    ok = False
                if raw_pin["table"] not in table_set:
                    problems.append(
                        f"request {rid!r} is pinned to unknown table {raw_pin['table']!r}"
                    )
                    ok = False
                pinned = (raw_pin["slot"], raw_pin["table"])
        if ok and weight is not None:
            requests.append(Request(rid, tuple(members), weight, pinned))

    limit = data.get("time_limit_s", DEFAULT_TIME_LIMIT_S)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or not limit > 0:
        problems.append('"time_limit_s" must be a positive number of seconds')
        limit = DEFAULT_TIME_LIMIT_S

    days: list[list[Id]] | None = None
    if data.get("days") is not None:
        raw_days = data["days"]
        flat = [s for g in raw_days for s in g] if isinstance(raw_days, list) else None
        if (
            flat is None
            or not all(isinstance(g, list) for g in raw_days)
            or sorted(map(repr, flat)) != sorted(map(repr, slots))
        ):
            problems.append('"days" must split the slots into groups, each slot exactly once')
        else:
            days = raw_days

    _check_pins(requests, by_id, problems)
    if problems:
        raise InstanceError(problems)
    return Instance(
        slots=slots,
        tables=tables,
        participants=participants,
        requests=requests,
        time_limit_s=float(limit),
        days=days,
    )


def _check_pins(requests: list[Request], by_id: dict[Id, Participant], problems: list[str]) -> None:
    """Pins are fixed: they must not collide, nor break availability or maxima."""
    at_table: dict[tuple[Id, Id], Id] = {}
    at_slot: dict[tuple[Id, Id], Id] = {}
    pinned_count: dict[Id, list[Id]] = {}
    for r in requests:
        if r.pinned is None:
            continue
        slot, table = r.pinned
        other = at_table.setdefault((slot, table), r.id)
        if other != r.id:
            problems.append(
                f"requests {other!r} and {r.id!r} are both pinned to table {table!r} "
                f"in slot {slot!r}"
            )
        for p in r.participants:
            other = at_slot.setdefault((p, slot), r.id)
            if other != r.id:
                problems.append(
                    f"participant {p!r} is pinned to two meetings in slot {slot!r}: "
                    f"requests {other!r} and {r.id!r}"
                )
            if slot in by_id[p].unavailable:
                problems.append(
                    f"request {r.id!r} is pinned to slot {slot!r}, "
                    f"when participant {p!r} is unavailable"
                )
            pinned_count.setdefault(p, []).append(r.id)
    for p, rids in pinned_count.items():
        limit = by_id[p].max_meetings
        if limit is not None and len(rids) > limit:
            problems.append(
                f"participant {p!r} has {len(rids)} pinned meetings {rids!r}, "
                f"more than max_meetings {limit}"
            )
