"""Greedy construction and local search for events too large to solve exactly in time.

Greedy: requests in order of weight (heavier first), then fewest usable slots and fewest
competing requests of their participants (the most constrained first); each goes to the free
slot next to its participants' meetings, so agendas stay compact.

Local search (first improvement, strictly increasing weight, so it terminates):
- insert: an unscheduled request goes straight into a free slot;
- ejection chain of depth one: put request r into slot s, lift out the meetings that collide
  with it there (its participants' meetings in s, or one meeting when every table in s is
  taken) and re-insert each of them elsewhere; accepted when all find a place;
- swap: as above, but meetings that find no place are dropped (also the lightest meeting of a
  participant at their maximum) when their total weight is less than r's.
Then, while time remains, perturbation (drop a few random meetings and repair) that is kept only
when it does not lose weight.

Compaction (the tie-breaks, weight kept): fewer idle gaps by moving meetings to free slots, then
by exchanging the slots of two meetings.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from karsaz.events.scheduler.instance import Indexed
from karsaz.events.scheduler.state import State, bits

Progress = Callable[[float, str], None]


def greedy_order(ix: Indexed, key: str = "weight") -> list[int]:
    """`weight`: heaviest and most constrained first; `fcfs`: in the order the requests came."""
    free = [r for r in range(len(ix.parts)) if ix.pin[r] is None]
    if key == "fcfs":
        return free
    degree = [len(rs) for rs in ix.of_part]
    return sorted(
        free,
        key=lambda r: (
            -ix.weight[r],
            bin(ix.allowed[r]).count("1"),
            sum(degree[d] for d in ix.parts[r]),
            r,
        ),
    )


def greedy(ix: Indexed, order: list[int]) -> State:
    state = State(ix)
    for r in order:
        state.try_direct(r)
    return state


def fcfs(ix: Indexed) -> State:
    """The baseline: first come, first served, each into its earliest free slot."""
    state = State(ix)
    for r in greedy_order(ix, "fcfs"):
        if state.under_cap(r):
            mask = state.free_slots(r)
            if mask:
                state.place(r, (mask & -mask).bit_length() - 1)
    return state


class LocalSearch:
    def __init__(
        self, state: State, *, deadline: float, seed: int = 0, target: int | None = None
    ) -> None:
        self.state = state
        self.target = target  # stop once the schedule reaches this (the upper bound)
        self.ix = state.ix
        self.deadline = deadline
        self.rng = random.Random(seed)

    def out_of_time(self) -> bool:
        if self.target is not None and self.state.weight >= self.target:
            return True
        return time.monotonic() >= self.deadline

    def unscheduled(self) -> list[int]:
        ix, st = self.ix, self.state
        rs = [r for r in range(len(ix.parts)) if st.slot_of[r] < 0 and ix.allowed[r]]
        rs.sort(key=lambda r: -ix.weight[r])
        return rs

    def _reinsert(self, r: int, avoid: int) -> bool:
        st = self.state
        if not st.under_cap(r):
            return False
        mask = st.free_slots(r) & ~(1 << avoid if avoid >= 0 else 0)
        if not mask:
            return False
        st.place(r, st.best_slot(r, mask))
        return True

    def try_insert(self, r: int, *, allow_drop: bool) -> bool:
        st, ix = self.state, self.ix
        if ix.weight[r] <= 0:
            return False
        if st.try_direct(r):
            return True
        slots = bits(ix.allowed[r])
        self.rng.shuffle(slots)
        for s in slots:
            conflicts = {st.at[d][s] for d in ix.parts[r] if s in st.at[d]}
            if any(ix.pin[c] is not None for c in conflicts):
                continue
            st.begin()
            for c in conflicts:
                st.remove(c)
            lost = 0
            if st.load[s] >= ix.T:
                # Every table is taken: move one meeting of this slot elsewhere.
                movable = [c for c in st.members[s] if ix.pin[c] is None]
                self.rng.shuffle(movable)
                moved = False
                for c in movable[:40]:
                    st.remove(c)
                    if self._reinsert(c, avoid=s):
                        moved = True
                        break
                    st.place(c, s)
                if not moved:
                    light = min(movable, key=lambda c: ix.weight[c], default=None)
                    if not allow_drop or light is None:
                        st.rollback()
                        continue
                    st.remove(light)
                    lost += ix.weight[light]
            # Participants at their maximum must give up their lightest meeting.
            blocked = False
            for d in ix.parts[r]:
                if st.count[d] >= ix.cap[d]:
                    mine = [c for c in st.at[d].values() if ix.pin[c] is None]
                    if not allow_drop or not mine:
                        blocked = True
                        break
                    light = min(mine, key=lambda c: ix.weight[c])
                    st.remove(light)
                    lost += ix.weight[light]
            if blocked:
                st.rollback()
                continue
            st.place(r, s)
            for c in sorted(conflicts, key=lambda c: -ix.weight[c]):
                if not self._reinsert(c, avoid=-1):
                    lost += ix.weight[c]
            if lost == 0 or (allow_drop and lost < ix.weight[r]):
                st.commit()
                return True
            st.rollback()
        return False

    def descend(self) -> None:
        improved = True
        while improved and not self.out_of_time():
            improved = False
            for allow_drop in (False, True):
                for r in self.unscheduled():
                    if self.out_of_time():
                        return
                    if self.state.slot_of[r] < 0 and self.try_insert(r, allow_drop=allow_drop):
                        improved = True

    def perturb(self, progress: Progress | None = None) -> None:
        """Iterated local search: keep a kick when it does not lose weight."""
        st, ix = self.state, self.ix
        scheduled = [r for r in range(len(ix.parts)) if st.slot_of[r] >= 0 and ix.pin[r] is None]
        rounds = 0
        while scheduled and not self.out_of_time():
            rounds += 1
            before = st.weight
            snapshot = list(st.slot_of)
            kick = self.rng.sample(scheduled, k=min(len(scheduled), max(2, len(scheduled) // 50)))
            for r in kick:
                if st.slot_of[r] >= 0:
                    st.remove(r)
            self.descend()
            if st.weight < before:
                self._restore(snapshot)
            scheduled = [
                r for r in range(len(ix.parts)) if st.slot_of[r] >= 0 and ix.pin[r] is None
            ]
            if progress and rounds % 5 == 0:
                progress(-1.0, f"local search round {rounds}, weight {st.weight}")

    def _restore(self, snapshot: list[int]) -> None:
        st = self.state
        for r, s in enumerate(st.slot_of):
            if s >= 0 and snapshot[r] != s:
                st.remove(r)
        for r, s in enumerate(snapshot):
            if s >= 0 and st.slot_of[r] < 0:
                st.place(r, s)


def heuristic(
    ix: Indexed, *, deadline: float, seed: int = 0, progress: Progress | None = None
) -> State:
    state = greedy(ix, greedy_order(ix))
    if progress:
        progress(-1.0, f"greedy weight {state.weight}")
    search = LocalSearch(state, deadline=deadline, seed=seed)
    search.descend()
    if progress:
        progress(-1.0, f"local search weight {state.weight}")
    search.perturb(progress)
    return state


def _gaps_of(mask: int, ix: Indexed) -> int:
    gaps = 0
    for day_mask in ix.day_masks:
        m = mask & day_mask
        if m:
            low = (m & -m).bit_length() - 1
            gaps += (m.bit_length() - low) - bin(m).count("1")
    return gaps


def compact(state: State, *, deadline: float, swaps_until: float | None = None) -> None:
    """Tie-break passes, the weight kept: move meetings to free slots while that lowers idle
    gaps, to a local optimum or the deadline; then, until `swaps_until` (default: the deadline),
    also exchange the slots of two meetings, which is what helps when every table is taken but
    converges slowly on large events."""
    _compact(state, deadline=deadline, swaps=False)
    until = deadline if swaps_until is None else min(deadline, swaps_until)
    _compact(state, deadline=until, swaps=True)


def _compact(state: State, *, deadline: float, swaps: bool) -> None:
    ix = state.ix
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for r, s in enumerate(state.slot_of):
            if s < 0 or ix.pin[r] is not None:
                continue
            if time.monotonic() >= deadline:
                return
            parts = ix.parts[r]
            before = sum(_gaps_of(state.busy[d], ix) for d in parts)
            if before == 0:
                continue
            state.remove(r)
            best_s, best = s, before
            for t in bits(state.free_slots(r)):
                bit = 1 << t
                after = sum(_gaps_of(state.busy[d] | bit, ix) for d in parts)
                if after < best:
                    best_s, best = t, after
            state.place(r, best_s)
            if best_s != s or (swaps and _swap(state, r)):
                improved = True


def _swap(state: State, r: int, tries: int = 24) -> bool:
    """Exchange r's slot with a meeting c in another slot t when that lowers the idle gaps of
    everyone involved: c is the one meeting of r's participants in t, or (t full, no such
    meeting) one of t's meetings that can take r's slot."""
    ix = state.ix
    s = state.slot_of[r]
    for t in bits(ix.allowed[r] & ~(1 << s)):
        blockers = {state.at[d][t] for d in ix.parts[r] if t in state.at[d]}
        if len(blockers) > 1:
            continue
        if blockers:
            candidates = list(blockers)
        elif state.full >> t & 1:
            candidates = [c for c in state.members[t] if ix.allowed[c] >> s & 1][:tries]
        else:
            continue  # a free move: compact's own pass already weighed it
        for c in candidates:
            if ix.pin[c] is not None:
                continue
            people = set(ix.parts[r]) | set(ix.parts[c])
            before = sum(_gaps_of(state.busy[d], ix) for d in people)
            state.begin()
            state.remove(r)
            state.remove(c)
            if state.free_slots(r) >> t & 1:
                state.place(r, t)
                if state.free_slots(c) >> s & 1:
                    state.place(c, s)
                    if sum(_gaps_of(state.busy[d], ix) for d in people) < before:
                        state.commit()
                        return True
            state.rollback()
    return False
