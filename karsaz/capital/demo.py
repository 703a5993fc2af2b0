"""Capital's demo data: readiness (profiles, statements, assessments), then admission dossiers
(advisers, filings at every stage), then crowdfunding campaigns (on the ledger)."""

from typing import Any

from karsaz.capital import demo_campaigns, demo_dossier, demo_readiness


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    credentials: list[tuple[str, str, str]] = []
    for area in (demo_readiness, demo_dossier, demo_campaigns):
        credentials += area.seed(rng=rng, stdout=stdout)
    return credentials
