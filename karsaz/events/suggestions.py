"""Whom a participant might meet: the technology exchange's matches between the two
enterprises' open needs and capabilities first, then complementary kinds, industry, certificate
and province from the registry. Each suggestion says why.

The technology module is optional (``KARSAZ_MODULES``): without it the registry signals alone
rank the suggestions.
"""

from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from karsaz.events.choices import ParticipantStatus
from karsaz.events.models import Participant
from karsaz.registry.choices import EnterpriseKind

# Kinds that complement each other at a technology-needs exhibition.
COMPLEMENTS = {
    EnterpriseKind.SME: {
        EnterpriseKind.KNOWLEDGE_BASED,
        EnterpriseKind.UNIVERSITY,
        EnterpriseKind.ANCHOR_BUYER,
        EnterpriseKind.FINANCIER,
    },
    EnterpriseKind.KNOWLEDGE_BASED: {EnterpriseKind.SME, EnterpriseKind.ANCHOR_BUYER},
    EnterpriseKind.UNIVERSITY: {EnterpriseKind.SME, EnterpriseKind.KNOWLEDGE_BASED},
    EnterpriseKind.ANCHOR_BUYER: {EnterpriseKind.SME, EnterpriseKind.KNOWLEDGE_BASED},
    EnterpriseKind.FINANCIER: {EnterpriseKind.SME, EnterpriseKind.KNOWLEDGE_BASED},
    EnterpriseKind.CONSULTANCY: {EnterpriseKind.SME},
}


def _registry_score(mine: Any, other: Any) -> tuple[int, list[str]]:
    score, reasons = 0, []
    if other.kind in COMPLEMENTS.get(mine.kind, set()):
        score += 3
        reasons.append(_("complements you: {kind}").format(kind=other.get_kind_display()))
    if mine.isic_id and other.isic_id and mine.isic.code[:2] == other.isic.code[:2]:
        score += 2
        reasons.append(_("same industry division"))
    if mine.kind == EnterpriseKind.SME and other.kb_certificate_valid:
        score += 1
        reasons.append(_("certified knowledge-based firm"))
    if mine.province_id == other.province_id:
        score += 1
        reasons.append(_("same province"))
    return score, reasons


# A technology match outweighs every registry signal together: it is a concrete reason to meet.
LINK_SCORE = 8


def _technology_links(enterprise_id: int, among: set[int]) -> dict[int, Any]:
    if not apps.is_installed("karsaz.technology"):
        return {}
    from karsaz.technology.selectors import enterprise_links

    return enterprise_links(enterprise_id=enterprise_id, among=among)


def suggest_partners(participant: Participant, *, limit: int = 5) -> list[dict[str, Any]]:
    """Approved participants of the same event, best first, with the reasons."""
    others = list(
        Participant.objects.filter(event=participant.event, status=ParticipantStatus.APPROVED)
        .exclude(pk=participant.pk)
        .select_related("enterprise", "enterprise__isic", "enterprise__province")
    )
    links = _technology_links(participant.enterprise_id, {o.enterprise_id for o in others})
    scored: list[dict[str, Any]] = []
    for other in others:
        score, reasons = _registry_score(participant.enterprise, other.enterprise)
        link = links.get(other.enterprise_id)
        if link is not None:  # the page words it, naming both records
            score += LINK_SCORE
        if score > 0:
            scored.append({"participant": other, "score": score, "reasons": reasons, "link": link})
    scored.sort(
        key=lambda row: (
            -row["score"],
            -(row["link"].match.score if row["link"] else 0.0),
            row["participant"].enterprise.name_fa,
        )
    )
    return scored[:limit]
