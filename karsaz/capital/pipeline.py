"""The admission pipeline as data: each market's document checklist and the table of stage
moves, with the parties allowed to make each. The services enforce it; the scope's
`allowed_actions(filing)` reads it, so a page never compares stages itself."""

from dataclasses import dataclass

from karsaz.capital.choices import DocumentKind, FilingStage, Market

FIRM, ADVISER, STAFF = "firm", "adviser", "staff"

# Audited statements required, one per fiscal year: 2 years for Novafarin (like Euronext
# Growth), 3 for the SME market and the first market (like AIM). Crowdfunding has no filing.
AUDITED_YEARS: dict[str, int] = {
    Market.SME_BOARD: 3,
    Market.NOVAFARIN: 2,
    Market.FIRST_MARKET: 3,
}

_COMMON = (
    DocumentKind.ARTICLES,
    DocumentKind.PROSPECTUS,
    DocumentKind.BOARD_MINUTES,
    DocumentKind.DUE_DILIGENCE,
    DocumentKind.TAX_CLEARANCE,
    DocumentKind.INSURANCE_CLEARANCE,
)
# The documents other than audited statements each market requires.
CHECKLIST: dict[str, tuple[str, ...]] = {
    Market.SME_BOARD: _COMMON,
    Market.NOVAFARIN: (*_COMMON, DocumentKind.BUSINESS_PLAN),
    Market.FIRST_MARKET: (*_COMMON, DocumentKind.WORKING_CAPITAL),
}
FILING_MARKETS = tuple(CHECKLIST)


def checklist(market: str, last_fiscal_year: int) -> list[tuple[str, int]]:
    """[(kind, fiscal year or 0)] a filing for `market` must hold; the audited statements are
    those of the `AUDITED_YEARS[market]` fiscal years ending with `last_fiscal_year`."""
    years = AUDITED_YEARS[market]
    audited = [(DocumentKind.AUDITED_STATEMENTS.value, last_fiscal_year - i) for i in range(years)]
    return [(str(kind), 0) for kind in CHECKLIST[market]] + audited


@dataclass(frozen=True)
class Move:
    name: str
    sources: tuple[str, ...]
    target: str
    parties: frozenset[str]


OPEN_STAGES = (
    FilingStage.PREPARATION,
    FilingStage.ADVISER_ENGAGED,
    FilingStage.DOSSIER_COMPLETE,
    FilingStage.FILED,
    FilingStage.ADMISSION_BOARD,
)

# The firm engages an adviser (consent, engagement services); the adviser then takes the filing
# on ("accept"). Revoking the consent sends a filing the adviser was preparing back to
# preparation. The rest are these moves.
MOVES: dict[str, Move] = {
    m.name: m
    for m in (
        Move(
            "accept",
            (FilingStage.PREPARATION,),
            FilingStage.ADVISER_ENGAGED,
            frozenset({ADVISER}),
        ),
        Move(
            "complete",
            (FilingStage.ADVISER_ENGAGED,),
            FilingStage.DOSSIER_COMPLETE,
            frozenset({ADVISER}),
        ),
        Move(
            "reopen",
            (FilingStage.DOSSIER_COMPLETE,),
            FilingStage.ADVISER_ENGAGED,
            frozenset({ADVISER, FIRM}),
        ),
        Move("file", (FilingStage.DOSSIER_COMPLETE,), FilingStage.FILED, frozenset({ADVISER})),
        Move("to_board", (FilingStage.FILED,), FilingStage.ADMISSION_BOARD, frozenset({STAFF})),
        Move("admit", (FilingStage.ADMISSION_BOARD,), FilingStage.ADMITTED, frozenset({STAFF})),
        Move("reject", (FilingStage.ADMISSION_BOARD,), FilingStage.REJECTED, frozenset({STAFF})),
        Move("withdraw", OPEN_STAGES, FilingStage.WITHDRAWN, frozenset({FIRM})),
    )
}

# Stages in which documents are uploaded and reviewed (a complete dossier is reopened first).
EDITABLE_STAGES = (FilingStage.PREPARATION, FilingStage.ADVISER_ENGAGED)
# Uploads by the firm or its adviser; reviews by the adviser or agency staff.
UPLOADERS = frozenset({FIRM, ADVISER})
REVIEWERS = frozenset({ADVISER, STAFF})
