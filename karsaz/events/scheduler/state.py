"""A mutable schedule over an indexed instance, with an undo log, shared by the heuristics."""

from __future__ import annotations

from karsaz.events.scheduler.instance import Indexed


def bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class State:
    """slot_of[r] is the slot of request r or -1; tables are assigned only at the end."""

    def __init__(self, ix: Indexed) -> None:
        self.ix = ix
        n_parts = len(ix.cap)
        self.slot_of = [-1] * len(ix.parts)
        self.busy = [0] * n_parts  # mask of slots in which the participant meets
        self.count = [0] * n_parts
        self.at: list[dict[int, int]] = [{} for _ in range(n_parts)]  # slot -> request
        self.load = [0] * ix.S
        self.members: list[set[int]] = [set() for _ in range(ix.S)]
        self.full = 0  # mask of slots whose tables are all taken
        self.weight = 0
        self.log: list[tuple[bool, int, int]] | None = None
        for r, pin in enumerate(ix.pin):
            if pin is not None:
                self.place(r, pin[0])

    def place(self, r: int, s: int) -> None:
        bit = 1 << s
        self.slot_of[r] = s
        for d in self.ix.parts[r]:
            self.busy[d] |= bit
            self.count[d] += 1
            self.at[d][s] = r
        self.load[s] += 1
        self.members[s].add(r)
        if self.load[s] >= self.ix.T:
            self.full |= bit
        self.weight += self.ix.weight[r]
        if self.log is not None:
            self.log.append((True, r, s))

    def remove(self, r: int) -> int:
        s = self.slot_of[r]
        bit = 1 << s
        self.slot_of[r] = -1
        for d in self.ix.parts[r]:
            self.busy[d] &= ~bit
            self.count[d] -= 1
            del self.at[d][s]
        self.load[s] -= 1
        self.members[s].discard(r)
        self.full &= ~bit
        self.weight -= self.ix.weight[r]
        if self.log is not None:
            self.log.append((False, r, s))
        return s

    def begin(self) -> None:
        self.log = []

    def commit(self) -> None:
        self.log = None

    def rollback(self) -> None:
        log, self.log = self.log or [], None
        for placed, r, s in reversed(log):
            if placed:
                self.remove(r)
            else:
                self.place(r, s)

    def free_slots(self, r: int) -> int:
        """Slots where r could go now, ignoring maxima."""
        mask = self.ix.allowed[r] & ~self.full
        for d in self.ix.parts[r]:
            mask &= ~self.busy[d]
        return mask

    def under_cap(self, r: int) -> bool:
        return all(self.count[d] < self.ix.cap[d] for d in self.ix.parts[r])

    def best_slot(self, r: int, mask: int) -> int:
        """Prefer slots next to the participants' meetings (fewer idle gaps), then emptier ones."""
        ix = self.ix
        best, best_score = -1, None
        for s in bits(mask):
            adjacent = 0
            for d in ix.parts[r]:
                b = self.busy[d]
                if s > 0 and ix.day_of[s - 1] == ix.day_of[s] and b >> (s - 1) & 1:
                    adjacent += 1
                if s + 1 < ix.S and ix.day_of[s + 1] == ix.day_of[s] and b >> (s + 1) & 1:
                    adjacent += 1
            score = (-adjacent, self.load[s], s)
            if best_score is None or score < best_score:
                best, best_score = s, score
        return best

    def try_direct(self, r: int) -> bool:
        if not self.under_cap(r):
            return False
        mask = self.free_slots(r)
        if not mask:
            return False
        self.place(r, self.best_slot(r, mask))
        return True
