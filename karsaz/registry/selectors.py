"""Reads of the registry: the registry's views and viewsets read rows only through these."""

from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from karsaz.accounts.scope import memberships_of, require, require_signed_in
from karsaz.core import modules
from karsaz.core.dbrouter import replica_safe
from karsaz.core.importing import lookup
from karsaz.core.persian import search_key, tokens
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise, IndustrialPark, IsicActivity, Membership, Province
from karsaz.registry.permissions import RegistryScope


def enterprise_queryset() -> QuerySet[Enterprise]:
    return Enterprise.objects.select_related("province", "park", "isic")


@replica_safe
def enterprise_directory(*, user: Any) -> QuerySet[Enterprise]:
    """Every enterprise's public card is visible to any signed-in user; rows carry no scope."""
    require_signed_in(user)
    return enterprise_queryset()


def enterprise_search(queryset: QuerySet[Enterprise], text: str) -> QuerySet[Enterprise]:
    """Every token of the query must appear in the enterprise's normalized search text.

    Both sides go through the one normalizer, so ZWNJ, Arabic ي/ك and digit variants meet.
    """
    for token in tokens(text)[:8]:
        queryset = queryset.filter(search_text__contains=token)
    return queryset


def enterprise_get(*, user: Any, pk: int) -> Enterprise:
    require_signed_in(user)
    return get_object_or_404(enterprise_queryset(), pk=pk)


def enterprise_get_for_change(*, user: Any, pk: int) -> Enterprise:
    enterprise = enterprise_get(user=user, pk=pk)
    require(RegistryScope(user).can_change(enterprise))
    return enterprise


def enterprise_history(*, user: Any, enterprise: Enterprise) -> list[dict[str, Any]]:
    """Each change to the record: who, when, and each field's old and new value."""
    require(RegistryScope(user).can_view_history(enterprise))
    records = list(enterprise.history.select_related("history_user").order_by("-history_date"))
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                label = getattr(Enterprise._meta.get_field(change.field), "verbose_name", "")
                changes.append({"field": label, "old": change.old, "new": change.new})
        entries.append(
            {
                "date": newer.history_date,
                "user": newer.history_user,
                "type": newer.get_history_type_display(),
                "reason": newer.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries


def registry_overview(*, user: Any, province_id: int | None = None) -> dict[str, Any]:
    """Counts for the dashboard: by kind and by province, within what the user may see (in one
    province when `province_id` is given)."""
    qs = enterprise_directory(user=user)
    if province_id is not None:
        qs = qs.filter(province_id=province_id)
    return {
        "total": qs.count(),
        "by_kind": [
            {**row, "label": EnterpriseKind(row["kind"]).label}
            for row in qs.values("kind").annotate(n=Count("id")).order_by("-n")
        ],
        "by_province": list(
            qs.values("province__name_fa", "province__name_en", "province__code")
            .annotate(n=Count("id"))
            .order_by("-n")[:10]
        ),
        "provinces": Province.objects.count(),
        "parks": IndustrialPark.objects.count(),
    }


def enterprises_of(*, user: Any) -> QuerySet[Enterprise]:
    """The enterprises the user is a member of, by name."""
    require_signed_in(user)
    firms = list(RegistryScope(user).member_of)
    return enterprise_queryset().filter(pk__in=firms).order_by("name_fa", "id")


# The kinds of firm each programme's member panels are for (the home page, `home_panels`).
EXCHANGE_KINDS = frozenset(
    {
        EnterpriseKind.SME,
        EnterpriseKind.KNOWLEDGE_BASED,
        EnterpriseKind.UNIVERSITY,
        EnterpriseKind.OTHER,
    }
)
CLIENT_KINDS = frozenset({EnterpriseKind.SME, EnterpriseKind.KNOWLEDGE_BASED, EnterpriseKind.OTHER})


def member_kinds(*, user: Any) -> dict[int, str]:
    """{enterprise id: kind} of the user's enterprises, from the memberships read once per user
    object (the home page asks from every module)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {pk: kind for pk, (_, kind) in memberships_of(user).items()}


def member_firms(*, user: Any, kinds: frozenset[str]) -> list[int]:
    """The user's enterprises of these kinds, in id order."""
    return sorted(pk for pk, kind in member_kinds(user=user).items() if kind in kinds)


def enterprise_members(
    *, user: Any, enterprise: Enterprise, scope: RegistryScope | None = None
) -> QuerySet[Membership] | list[Any]:
    """The enterprise's members with their users, for those who see its private record
    (``scope``: the request's, when the view has one)."""
    if not (scope or RegistryScope(user)).can_view_private(enterprise):
        return []
    return enterprise.memberships.select_related("user")


def province_choices(
    *, user: Any, enterprise: Enterprise | None = None
) -> QuerySet[Province] | None:
    """The provinces the enterprise form offers: every one for national staff; otherwise the
    officer's own (a new enterprise) or the enterprise's (an edit never moves it). None: the
    form's default (all)."""
    scope = RegistryScope(user)
    if enterprise is not None:
        return None if scope.national else Province.objects.filter(pk=enterprise.province_id)
    provinces = Province.objects.all()
    return provinces if scope.national else provinces.filter(pk=scope.province_id or 0)


def provinces() -> QuerySet[Province]:
    return Province.objects.all()


def parks() -> QuerySet[IndustrialPark]:
    return IndustrialPark.objects.select_related("province")


def isic_activities() -> QuerySet[IsicActivity]:
    return IsicActivity.objects.select_related("parent")


def province_lookup() -> dict[str, Province]:
    """Every province by its code (``"07"`` and ``"7"``) and its normalized Persian and English
    names, for importers matching what people write."""
    return lookup(
        Province.objects.all(),
        lambda p: (p.code, str(int(p.code)), search_key(p.name_fa), search_key(p.name_en)),
    )


def enterprise_links(*, user: Any, enterprise: Enterprise) -> list[tuple[str, str]]:
    """(label, url) of the pages other modules offer about this enterprise to this user (the
    `enterprise_links` hook: each provider decides who sees its link)."""
    return [
        link
        for provide in modules.hooks("enterprise_links").values()
        for link in provide(user, enterprise)
    ]
