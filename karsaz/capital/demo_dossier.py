"""Demo admission dossiers: two licensed advisers, a few dozen filings at every stage with
documents at several statuses, and the `sme` firm engaged with the first adviser (its filing
for the SME market in preparation, waiting for the adviser to take it on).

The demo user `adviser` works at the first adviser. Deterministic (the seeded `rng`),
idempotent (does nothing once a filing exists), a few seconds to run.
"""

import datetime as dt
import hashlib
from typing import Any

import jdatetime
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from karsaz.accounts.demo import DEMO_PASSWORD, demo_user
from karsaz.accounts.models import User
from karsaz.capital import pipeline
from karsaz.capital.choices import DocumentStatus, EngagementState, FilingStage, Market
from karsaz.capital.models import (
    DocumentVersion,
    DossierDocument,
    Engagement,
    Filing,
    RuleSet,
    StageChange,
)
from karsaz.core.validators import national_id_with_check
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Enterprise, Membership, Province
from karsaz.registry.services import enterprise_search_text

ADVISERS = (
    # Persian name, English name, province code, first ten digits of the national ID
    ("مشاور پذیرش سرمایه‌گذاری آتیه", "Atieh Admission Advisers", "23", "1499000001"),
    ("تأمین سرمایه البرز", "Alborz Capital Advisers", "30", "1499000002"),
)
# How many demo filings end at each stage (the sme firm's filing comes on top).
STAGES = (
    (FilingStage.PREPARATION, 5),
    (FilingStage.ADVISER_ENGAGED, 8),
    (FilingStage.DOSSIER_COMPLETE, 4),
    (FilingStage.FILED, 5),
    (FilingStage.ADMISSION_BOARD, 4),
    (FilingStage.ADMITTED, 6),
    (FilingStage.REJECTED, 2),
    (FilingStage.WITHDRAWN, 2),
)
PATH = (
    FilingStage.PREPARATION,
    FilingStage.ADVISER_ENGAGED,
    FilingStage.DOSSIER_COMPLETE,
    FilingStage.FILED,
    FilingStage.ADMISSION_BOARD,
)
PDF = b"%PDF-1.4\n% Karsaz demo document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOTES = (
    "امضای هیئت‌مدیره در صفحهٔ آخر نیست.",
    "گزارش حسابرس برای این سال پیوست نشده است.",
    "تاریخ مفاصا‌حساب منقضی شده است؛ نسخهٔ تازه بفرستید.",
)


def _advisers() -> list[Enterprise]:
    provinces = {p.code: p for p in Province.objects.filter(code__in=[a[2] for a in ADVISERS])}
    firms = []
    for name_fa, name_en, code, first_ten in ADVISERS:
        firm = Enterprise.objects.filter(national_id=national_id_with_check(first_ten)).first()
        if firm is None:
            firm = Enterprise(
                name_fa=name_fa,
                name_en=name_en,
                kind=EnterpriseKind.ADMISSION_ADVISER,
                national_id=national_id_with_check(first_ten),
                employees=18,
                province=provinces[code],
                city="تهران" if code == "23" else "کرج",
                phone="02188776655",
                email=f"info@{name_en.split()[0].lower()}.example",
            )
            firm.search_text = enterprise_search_text(firm)
            firm.save()
        firms.append(firm)
    return firms


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    credentials = [
        ("adviser", DEMO_PASSWORD, "admission adviser at the first licensed adviser firm"),
    ]
    national = User.objects.filter(username="national").first()
    sme_user = User.objects.filter(username="sme").first()
    if national is None or sme_user is None:
        stdout.write("Capital dossiers: the demo staff and firm users are missing; skipped.")
        return []
    advisers = _advisers()
    adviser = demo_user(
        "adviser", first_name="نگار", last_name="صالحی", email="adviser@karsaz.example"
    )
    Membership.objects.get_or_create(
        user=adviser, enterprise=advisers[0],
        defaults={"role": MembershipRole.EMPLOYEE, "title": "مشاور پذیرش"},
    )  # fmt: skip
    if Filing.objects.exists():
        return credentials
    rule_sets = {
        r.market: r for r in RuleSet.objects.filter(active=True).order_by("market", "version")
    }
    sme_firm = Enterprise.objects.filter(
        memberships__user=sme_user, memberships__role=MembershipRole.OWNER
    ).first()
    firms = list(
        Enterprise.objects.filter(kind=EnterpriseKind.SME)
        .exclude(pk=getattr(sme_firm, "pk", 0))
        .order_by("id")[: sum(n for _stage, n in STAGES)]
    )
    now = timezone.now()
    last_year = int(jdatetime.date.today().year) - 1
    i = 0
    for final, count in STAGES:
        for _ in range(count):
            if i >= len(firms):
                break
            _filing(rng, firms[i], final, advisers, adviser, national, rule_sets, now, last_year)
            i += 1
    if sme_firm is not None:
        engagement = Engagement.objects.create(
            enterprise=sme_firm,
            adviser=advisers[0],
            market=Market.SME_BOARD,
            consented_by=sme_user,
            consented_at=now - dt.timedelta(days=3),
        )
        filing = Filing.objects.create(
            enterprise=sme_firm,
            province_id=sme_firm.province_id,
            market=Market.SME_BOARD,
            rule_set=rule_sets[Market.SME_BOARD],
            engagement=engagement,
            created_by=sme_user,
            created_at=now - dt.timedelta(days=5),
            stage_since=now - dt.timedelta(days=5),
        )
        StageChange.objects.create(
            filing=filing, to_stage=FilingStage.PREPARATION, by=sme_user, at=filing.created_at
        )
        for kind, year in pipeline.checklist(Market.SME_BOARD, last_year):
            document = DossierDocument.objects.create(filing=filing, kind=kind, fiscal_year=year)
            if kind == "articles":
                _version(document, sme_user, now - dt.timedelta(days=2))
                document.status = DocumentStatus.SUBMITTED
                document.save(update_fields=["status"])
    stdout.write(
        f"Capital dossiers: {len(advisers)} advisers, {Filing.objects.count()} filings, "
        f"{DocumentVersion.objects.count()} document versions"
    )
    return credentials


_stored: dict[str, str] = {}


def _version(document: DossierDocument, user: Any, at: dt.datetime) -> None:
    """Version 1 of a document; every demo version shares one stored PDF."""
    if "name" not in _stored or not default_storage.exists(_stored["name"]):
        _stored["name"] = default_storage.save("capital/dossiers/demo.pdf", ContentFile(PDF))
    DocumentVersion.objects.create(
        document=document,
        number=1,
        file=_stored["name"],
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
        uploaded_by=user,
        uploaded_at=at,
    )


def _filing(
    rng: Any,
    firm: Enterprise,
    final: str,
    advisers: list[Enterprise],
    adviser_user: Any,
    national: Any,
    rule_sets: dict[str, RuleSet],
    now: dt.datetime,
    last_year: int,
) -> None:
    market = rng.choice(
        (Market.SME_BOARD, Market.SME_BOARD, Market.SME_BOARD, Market.NOVAFARIN,
         Market.NOVAFARIN, Market.FIRST_MARKET)
    )  # fmt: skip
    path: list[str]
    if final == FilingStage.WITHDRAWN:
        path = [*PATH[: rng.randint(1, 4)], FilingStage.WITHDRAWN]
    elif final in (FilingStage.ADMITTED, FilingStage.REJECTED):
        path = [*PATH, final]
    else:
        path = list(PATH[: PATH.index(final) + 1])
    gaps = [rng.randint(6, 45) for _ in path]
    start = now - dt.timedelta(days=sum(gaps) + rng.randint(1, 20))
    engaged = len(path) > 1 or rng.random() < 0.5
    engagement = None
    if engaged:
        engagement = Engagement.objects.create(
            enterprise=firm,
            adviser=advisers[0] if rng.random() < 0.6 else advisers[1],
            market=market,
            consented_by=adviser_user,
            consented_at=start,
        )
    filing = Filing.objects.create(
        enterprise=firm,
        province_id=firm.province_id,
        market=market,
        rule_set=rule_sets[market],
        engagement=engagement,
        created_by=adviser_user,
        created_at=start,
        stage_since=start,
    )
    at, previous = start, ""
    for stage, gap in zip(path, gaps, strict=True):
        by = national if stage in (FilingStage.ADMISSION_BOARD, FilingStage.ADMITTED,
                                   FilingStage.REJECTED) else adviser_user  # fmt: skip
        StageChange.objects.create(filing=filing, from_stage=previous, to_stage=stage, by=by, at=at)
        filing.stage, filing.stage_since, previous = stage, at, stage
        at += dt.timedelta(days=gap)
    filing.save(update_fields=["stage", "stage_since"])
    ended = final in (FilingStage.PREPARATION, FilingStage.WITHDRAWN)
    if engagement is not None and ended and rng.random() < 0.5:
        # Some firms took their consent back (the demo records the adviser as the one who asked).
        engagement.state = EngagementState.REVOKED
        engagement.revoked_by = adviser_user
        engagement.revoked_at = now - dt.timedelta(days=1)
        engagement.save(update_fields=["state", "revoked_by", "revoked_at"])
    complete = FilingStage.DOSSIER_COMPLETE in path
    for kind, year in pipeline.checklist(market, last_year):
        document = DossierDocument.objects.create(filing=filing, kind=kind, fiscal_year=year)
        if complete:
            status = DocumentStatus.ACCEPTED
        elif engaged:
            status = rng.choice(
                (DocumentStatus.ACCEPTED, DocumentStatus.ACCEPTED, DocumentStatus.SUBMITTED,
                 DocumentStatus.CHANGES_REQUESTED, DocumentStatus.MISSING)
            )  # fmt: skip
        else:
            status = rng.choice((DocumentStatus.MISSING, DocumentStatus.MISSING,
                                 DocumentStatus.SUBMITTED))  # fmt: skip
        if status == DocumentStatus.MISSING:
            continue
        uploaded = start + dt.timedelta(days=rng.randint(1, 5))
        _version(document, adviser_user, uploaded)
        document.status = status
        if status in (DocumentStatus.ACCEPTED, DocumentStatus.CHANGES_REQUESTED):
            document.reviewer = adviser_user
            document.reviewed_at = uploaded + dt.timedelta(days=2)
            if status == DocumentStatus.CHANGES_REQUESTED:
                document.review_note = rng.choice(NOTES)
        document.save(update_fields=["status", "reviewer", "reviewed_at", "review_note"])
