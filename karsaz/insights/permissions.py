"""Who sees what in insights.

- National staff: every figure, broken down by any province or park.
- A provincial officer: their province in full detail; the rest of the country only as national
  totals (never another province's breakdown).
- Everyone else (other signed-in users and the public): public facts only, after small-cell
  suppression, as on the open-data portal.
"""

from karsaz.accounts.scope import ActorScope
from karsaz.core.facts import Fact


class InsightsScope(ActorScope):
    @property
    def staff(self) -> bool:
        return self.national or self.province_id is not None

    def sees_fact(self, fact: Fact) -> bool:
        return fact.public or self.staff

    def sees_province(self, province_id: int | None) -> bool:
        """May the user see this province's own breakdown (None: the national totals)?"""
        if province_id is None or self.national:
            return True
        return self.in_province(province_id)

    def sees_firm(self, enterprise_id: int, province_id: int | None) -> bool:
        """A firm's own timeline: its members, national staff, its province's officer."""
        return self.national or self.in_province(province_id) or enterprise_id in self.member_of

    @property
    def cache_key(self) -> str:
        """What in the user decides a dashboard's figures (`pagecache`): national staff see
        everything, an office its province, everyone else the same public figures."""
        if self.national:
            return "national"
        if self.province_id is not None:
            return f"province:{self.province_id}"
        return "public"

    @property
    def suppressed(self) -> bool:
        """Figures for this user go through small-cell suppression."""
        return not self.staff
