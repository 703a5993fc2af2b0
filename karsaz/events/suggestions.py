"""Whom a participant might meet: a small scoring over the registry.

This should call the technology matching engine (issue 3, `karsaz.technology`) once it exists:
replace `_registry_score` with its needs/capabilities match and keep the signature of
`suggest_partners`, which the catalogue page uses.
"""

from typing import Any

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


def suggest_partners(participant: Participant, *, limit: int = 5) -> list[dict[str, Any]]:
    """Approved participants of the same event, best first, with the reasons."""
    others = (
        Participant.objects.filter(event=participant.event, status=ParticipantStatus.APPROVED)
        .exclude(pk=participant.pk)
        .select_related("enterprise", "enterprise__isic", "enterprise__province")
    )
    scored: list[dict[str, Any]] = []
    for other in others:
        score, reasons = _registry_score(participant.enterprise, other.enterprise)
        if score > 0:
            scored.append({"participant": other, "score": score, "reasons": reasons})
    scored.sort(key=lambda row: (-row["score"], row["participant"].enterprise.name_fa))
    return scored[:limit]
