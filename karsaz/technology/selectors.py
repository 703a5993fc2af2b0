"""Reads of the technology exchange. Views and viewsets get rows only through these."""

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from karsaz.accounts.scope import require, require_signed_in
from karsaz.core.dbrouter import replica_safe
from karsaz.core.i18n import page_language
from karsaz.core.panelcache import cached_panel
from karsaz.core.persian import tokens
from karsaz.registry.models import Enterprise, IsicActivity
from karsaz.technology import indexing
from karsaz.technology.choices import ProposalState, RecordKind, RecordStatus
from karsaz.technology.matching.engine import BOOSTS, DEPTH, RRF_K, Match, Query
from karsaz.technology.models import (
    Capability,
    Proposal,
    ProposalInvitation,
    TechnologyNeed,
    record_model,
)
from karsaz.technology.permissions import TechScope

SIGNAL_LABELS = {
    "sector": _("same sector"),
    "hits_sector": _("same sector as the best matches"),
    "trl": _("TRL fits"),
    "province": _("same province"),
    "certified": _("valid knowledge-based certificate"),
}
MAX_MATCHES = 50


@dataclass
class Suggestion:
    """A matched record and why it matched (public words and signals only)."""

    record: Any
    match: Match

    @property
    def signal_labels(self) -> list[str]:
        return [str(SIGNAL_LABELS[s]) for s in self.match.signals]

    @property
    def score(self) -> int:
        """The match on a 0-100 scale: the fused score against the most a record can get (first
        in both lists with every boost), so a figure means the same on every page."""
        return min(100, round(100 * self.match.score / BEST_SCORE))


BEST_SCORE = 2 / (RRF_K + 1) + sum(BOOSTS.values())


def need_queryset() -> QuerySet[TechnologyNeed]:
    return TechnologyNeed.objects.select_related("enterprise", "province", "isic")


def capability_queryset() -> QuerySet[Capability]:
    return Capability.objects.select_related("enterprise", "enterprise__province").prefetch_related(
        "sectors"
    )


def _visible(qs: QuerySet[Any], scope: TechScope, province_field: str) -> QuerySet[Any]:
    """Open records for everyone signed in, plus the closed ones the user may change: their
    enterprises' and, for a provincial officer, those of enterprises in their province."""
    more = scope.visible_q(province_field)
    if more is None:
        return qs
    return qs.filter(Q(status=RecordStatus.OPEN) | more).distinct()


@replica_safe
def need_list(*, user: Any) -> QuerySet[TechnologyNeed]:
    """Open needs for everyone signed in, plus the closed ones the user may change. The officer
    is the owning enterprise's: ``need.province`` is the owner's choice (where the work
    happens) and never grants access."""
    require_signed_in(user)
    return _visible(need_queryset(), TechScope(user), "enterprise__province_id")


@replica_safe
def capability_list(*, user: Any) -> QuerySet[Capability]:
    require_signed_in(user)
    return _visible(capability_queryset(), TechScope(user), "enterprise__province_id")


def need_get(*, user: Any, pk: int) -> TechnologyNeed:
    return get_object_or_404(need_list(user=user), pk=pk)


def need_get_for_change(*, user: Any, pk: int) -> TechnologyNeed:
    need = need_get(user=user, pk=pk)
    require(TechScope(user).can_change(need))
    return need


def capability_get(*, user: Any, pk: int) -> Capability:
    return get_object_or_404(capability_list(user=user), pk=pk)


def capability_get_for_change(*, user: Any, pk: int) -> Capability:
    cap = capability_get(user=user, pk=pk)
    require(TechScope(user).can_change(cap))
    return cap


def enterprises_for_posting(
    *, user: Any, kinds: tuple[str, ...] | None = None
) -> QuerySet[Enterprise]:
    """The enterprises the user may post records for (``kinds``: capability providers only):
    all for national staff, their province's for an officer, else the ones they edit."""
    scope = TechScope(user)
    qs = Enterprise.objects.all()
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if scope.national:
        return qs
    ids = scope.editor_of()
    if scope.province_id:
        return qs.filter(province_id=scope.province_id) | qs.filter(pk__in=ids)
    return qs.filter(pk__in=ids)


def capabilities_to_propose(
    *, user: Any, need: TechnologyNeed | None = None, scope: TechScope | None = None
) -> QuerySet[Capability]:
    """The capabilities of the enterprises the user edits; for a need, the open ones of other
    enterprises (what the proposal form offers). ``scope``: the request's, when the view has one
    (its memberships are read once)."""
    mine = (scope or TechScope(user)).editor_of()
    caps = Capability.objects.filter(enterprise_id__in=mine)
    if need is None:
        return caps
    caps = caps.filter(status=RecordStatus.OPEN).exclude(enterprise_id=need.enterprise_id)
    if not set(mine) - {need.enterprise_id}:
        return caps
    # Best match first: the matcher's order for this need, then the rest by title.
    matches = indexing.get_index(RecordKind.CAPABILITY).search(_need_query(need), limit=DEPTH)
    ranked = [m.key for m in matches]
    if not ranked:
        return caps.order_by("title", "pk")
    rank = Case(*(When(pk=key, then=Value(i)) for i, key in enumerate(ranked)), default=len(ranked))
    return caps.annotate(match_rank=rank).order_by("match_rank", "title", "pk")


def invitations_to_me(
    *, user: Any, need: TechnologyNeed, scope: TechScope | None = None
) -> QuerySet[ProposalInvitation]:
    """This need's invitations to propose a capability of an enterprise the user edits."""
    mine = (scope or TechScope(user)).editor_of()
    if not mine:
        return ProposalInvitation.objects.none()
    return ProposalInvitation.objects.filter(
        need=need, capability__enterprise_id__in=mine
    ).select_related("capability")


def invitations_for_capability(
    *, user: Any, capability: Capability
) -> QuerySet[ProposalInvitation]:
    """The needs whose owners invited this capability (its own side and staff only)."""
    if not TechScope(user).can_change(capability):
        return ProposalInvitation.objects.none()
    return ProposalInvitation.objects.filter(capability=capability).select_related(
        "need", "need__enterprise"
    )


def invited_or_proposed(*, need: TechnologyNeed) -> set[int]:
    """The capabilities already invited to, or proposed for, this need."""
    invited = ProposalInvitation.objects.filter(need=need).values_list("capability_id", flat=True)
    proposed = Proposal.objects.filter(need=need).values_list("capability_id", flat=True)
    return set(invited) | set(proposed)


def browse_facets(
    queryset: QuerySet[Any], kind: str, *, listed: list[Any] | None = None
) -> dict[str, Any]:
    """The browse page's facets over the listed rows: top provinces, ISIC divisions and TRLs.
    ``listed``: the rows a search ranked (facets count what is listed)."""
    if listed is not None:
        queryset = queryset.filter(pk__in=[r.pk for r in listed])
    is_need = kind == RecordKind.NEED
    province_field = "province" if is_need else "enterprise__province"
    trl_key = "target_trl" if is_need else "trl"
    name = f"name_{page_language()}"
    return {
        "provinces": [
            {"id": r[f"{province_field}__id"], "name": r[f"{province_field}__{name}"], "n": r["n"]}
            for r in queryset.values(f"{province_field}__id", f"{province_field}__{name}")
            .annotate(n=Count("id", distinct=True))
            .order_by("-n")[:8]
        ],
        "sectors": _sector_facet(queryset, "isic__code" if is_need else "sectors__code"),
        "trl": [
            {"value": r[trl_key], "n": r["n"]}
            for r in queryset.values(trl_key)
            .annotate(n=Count("id", distinct=True))
            .order_by(trl_key)
        ],
    }


# The cached facets of the unfiltered browse page (dropped on writes to records: apps.py).
FACETS_PANEL = "technology-facets"


def default_facets(queryset: QuerySet[Any], kind: str) -> dict[str, Any]:
    """`browse_facets` of the unfiltered browse page: every open record, the same rows for every
    user, so cached (per kind and language) until a record changes: three GROUP BYs over every
    open record cost a third of a second at 50,000 needs."""
    return cached_panel(
        FACETS_PANEL, f"{kind}:{page_language()}", lambda: browse_facets(queryset, kind)
    )


def _sector_facet(queryset: QuerySet[Any], code_field: str) -> list[dict[str, Any]]:
    """Counts by ISIC division (the first two digits of the record's activity codes)."""
    rows = (
        queryset.exclude(**{f"{code_field}__isnull": True})
        .annotate(division=Substr(code_field, 1, 2))
        .values("division")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n")[:8]
    )
    titles = dict(
        IsicActivity.objects.filter(code__in=[r["division"] for r in rows]).values_list(
            "code", f"title_{page_language()}"
        )
    )
    return [
        {"code": r["division"], "title": titles.get(r["division"], ""), "n": r["n"]} for r in rows
    ]


def records_ranked(queryset: QuerySet[Any], kind: str, text: str, *, limit: int = 200) -> list[Any]:
    """``queryset`` rows for a free-text query (browse search): first the records of the
    enterprises whose name holds every word of the query (a firm's own name finds its needs),
    then the matcher's order: records sharing a word or a glossary concept with the query, and
    those close in meaning above the engine's floor. Nothing else: an empty list says "nothing
    found" rather than padding it with loose neighbours."""
    words = tokens(text)[:8]
    owned: list[int] = []
    if words:
        by_owner = queryset
        for word in words:
            by_owner = by_owner.filter(enterprise__search_text__contains=f" {word}")
        owned = list(by_owner.order_by("-created_at", "-pk").values_list("pk", flat=True)[:limit])
    matches = indexing.get_index(kind).search(Query(text=text), limit=limit)
    order = list(dict.fromkeys([*owned, *(m.key for m in matches)]))[:limit]
    rows = queryset.in_bulk(order)
    return [rows[k] for k in order if k in rows]


def _need_query(need: TechnologyNeed) -> Query:
    """A need as a query: its public text, signals and stored vector (the model's, if any)."""
    record = indexing.need_record(need)
    return Query(
        text=record.text,
        sectors=record.sectors,
        trl=record.trl,
        trl_side="target",
        province=record.province,
        vector=indexing.stored_vector(RecordKind.NEED, need.pk),
    )


def _capability_query(capability: Capability) -> Query:
    record = indexing.capability_record(capability)
    return Query(
        text=record.text,
        sectors=record.sectors,
        trl=record.trl,
        trl_side="offered",
        province=record.province,
        vector=indexing.stored_vector(RecordKind.CAPABILITY, capability.pk),
    )


def need_matches(*, user: Any, need: TechnologyNeed, limit: int = 10) -> list[Suggestion]:
    """Capabilities for a need. The query is the need's public text: the matcher never sees
    confidential details, so nothing confidential can surface in an explanation."""
    require_signed_in(user)
    query = _with_feedback(_need_query(need), need)
    return _suggest(
        user, RecordKind.CAPABILITY, query, limit, exclude_enterprise=need.enterprise_id
    )


# The need owner's moves on proposals, read as feedback on the capabilities proposed.
LIKED = (
    ProposalState.SHORTLISTED,
    ProposalState.NEGOTIATION,
    ProposalState.SIGNED,
    ProposalState.DELIVERED,
)


def _with_feedback(query: Query, need: TechnologyNeed) -> Query:
    """The need's own feedback on the platform: a capability whose proposal the need's side
    declined is not suggested again; those it shortlisted, negotiated or signed steer the
    matcher's vector feedback towards records like them (``Query.relevant``), most recent
    first."""
    rows = list(
        Proposal.objects.filter(need=need, state__in=[*LIKED, ProposalState.DECLINED])
        .order_by("-updated_at", "-pk")
        .values_list("capability_id", "state")
    )
    if not rows:
        return query
    declined = frozenset(c for c, state in rows if state == ProposalState.DECLINED)
    liked = tuple(dict.fromkeys(c for c, state in rows if state != ProposalState.DECLINED))
    return replace(query, exclude=query.exclude | declined, relevant=liked)


def capability_matches(*, user: Any, capability: Capability, limit: int = 10) -> list[Suggestion]:
    require_signed_in(user)
    query = _capability_query(capability)
    return _suggest(
        user, RecordKind.NEED, query, limit, exclude_enterprise=capability.enterprise_id
    )


def match_text(*, kind: str, text: str, limit: int = 10) -> list[Suggestion]:
    """Free text against one kind (the ``match`` command; public fields only)."""
    matches = indexing.get_index(kind).search(Query(text=text), limit=limit)
    model = record_model(kind)
    rows = model.objects.select_related("enterprise").in_bulk([m.key for m in matches])
    return [Suggestion(rows[m.key], m) for m in matches if m.key in rows]


@dataclass
class Link:
    """The best technology link between two enterprises: one's open need that the other's open
    capability answers. ``theirs`` says which side the other enterprise is on."""

    need: TechnologyNeed
    capability: Capability
    theirs: str  # RecordKind.CAPABILITY: they offer; RecordKind.NEED: they ask
    match: Match


def enterprise_links(
    *, enterprise_id: int, among: set[int], records: int = 10, depth: int = 30
) -> dict[int, Link]:
    """For each enterprise of ``among``, its best link with ``enterprise_id`` (the other events
    and programmes use this to pair delegates): the enterprise's open needs against everyone's
    open capabilities, and its open capabilities against everyone's open needs, by each record's
    stored query (public text and signals only: no confidential detail is read or shown)."""
    links: dict[int, Link] = {}
    if not among:
        return links
    needs = need_queryset().filter(enterprise_id=enterprise_id, status=RecordStatus.OPEN)
    caps = capability_queryset().filter(enterprise_id=enterprise_id, status=RecordStatus.OPEN)
    searches: list[tuple[Any, str, Query]] = []
    for need in needs.order_by("-created_at")[:records]:
        searches.append((need, RecordKind.CAPABILITY, _need_query(need)))
    for cap in caps.order_by("-created_at")[:records]:
        searches.append((cap, RecordKind.NEED, _capability_query(cap)))
    for mine, kind, query in searches:
        matches = indexing.get_index(kind).search(query, limit=depth)
        model: Any = record_model(kind)
        rows = (
            model.objects.filter(status=RecordStatus.OPEN, enterprise_id__in=among)
            .select_related("enterprise")
            .in_bulk([m.key for m in matches])
        )
        for match in matches:
            other = rows.get(match.key)
            if other is None or not _strong(match):
                continue
            best = links.get(other.enterprise_id)
            if best is None or match.score > best.match.score:
                pair = (mine, other) if kind == RecordKind.CAPABILITY else (other, mine)
                links[other.enterprise_id] = Link(pair[0], pair[1], kind, match)
    return links


def _strong(match: Match) -> bool:
    """Good enough to tell two delegates they should meet: both stages rank it in their top
    ten, or one ranks it first (with the dense stage off: the lexical top five)."""
    lex, dense = match.lexical_rank, match.dense_rank
    if lex == 1 or dense == 1:
        return True
    if dense is None:
        return lex is not None and lex <= 5
    return lex is not None and lex <= 10 and dense <= 10


def _suggest(
    user: Any, kind: str, query: Query, limit: int, *, exclude_enterprise: int
) -> list[Suggestion]:
    limit = max(1, min(int(limit), MAX_MATCHES))
    matches = indexing.get_index(kind).search(query, limit=limit + 10)
    visible = need_list(user=user) if kind == RecordKind.NEED else capability_list(user=user)
    rows = visible.filter(status=RecordStatus.OPEN).in_bulk([m.key for m in matches])
    out = [
        Suggestion(rows[m.key], m)
        for m in matches
        if m.key in rows and rows[m.key].enterprise_id != exclude_enterprise
    ]
    return out[:limit]


# --- proposals ------------------------------------------------------------------------------


def proposal_queryset() -> QuerySet[Proposal]:
    return Proposal.objects.select_related(
        "need", "need__enterprise", "need__province", "capability", "capability__enterprise"
    )


def proposal_list(*, user: Any, state: str = "") -> QuerySet[Proposal]:
    """Proposals in the user's scope; ``state``, when one of ProposalState, filters them."""
    require_signed_in(user)
    rows = proposal_queryset().filter(TechScope(user).proposals_q())
    if state in ProposalState.values:
        rows = rows.filter(state=state)
    return rows


def proposal_get(*, user: Any, pk: int) -> Proposal:
    return get_object_or_404(proposal_list(user=user), pk=pk)


def proposals_for_need(*, user: Any, need: TechnologyNeed) -> QuerySet[Proposal]:
    return proposal_list(user=user).filter(need=need)


def proposal_history(*, proposal: Proposal) -> dict[str, QuerySet[Any]]:
    """A proposal's events and message thread, with who acted (the proposal page)."""
    return {
        "events": proposal.events.select_related("actor"),
        "thread": proposal.messages.select_related("author"),
    }


def proposal_pipeline(*, user: Any) -> dict[str, Any]:
    """Staff's board: proposals in scope grouped by state, and the total signed value."""
    scope = TechScope(user)
    require(scope.staff, str(_("Only agency staff see the deal pipeline.")))
    qs = proposal_list(user=user)
    columns = []
    for state in ProposalState:
        rows = list(qs.filter(state=state).order_by("-updated_at")[:50])
        columns.append({"state": state, "label": state.label, "rows": rows})
    counts = dict(qs.values_list("state").annotate(n=Count("id")).order_by())
    signed = qs.filter(state__in=[ProposalState.SIGNED, ProposalState.DELIVERED])
    for column in columns:
        column["count"] = counts.get(column["state"], 0)
    return {
        "columns": columns,
        "total": sum(counts.values()),
        "signed_count": signed.count(),
        "signed_value": signed.aggregate(v=Sum("agreement_value"))["v"] or 0,
    }


# The earlier names (bare nouns), kept for callers and tests.
ranked = records_ranked
pipeline = proposal_pipeline
