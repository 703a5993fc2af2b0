"""Demo data: a few hundred Persian needs and capabilities across seven industries, typed with
the spelling variety of real users, and proposals at every stage of the pipeline.

Deterministic and quick: records are bulk-inserted, the lexical index is built once, and the
dense vectors are left to the task queue (``encode_missing``), never computed here.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from karsaz.accounts.models import User
from karsaz.core.persian import normalize
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise, IsicActivity
from karsaz.technology import indexing
from karsaz.technology.choices import (
    AgreementType,
    IpStatus,
    ProposalState,
    RecordKind,
)
from karsaz.technology.corpus import TOPICS, capability_text, english_swap, need_text, noisy
from karsaz.technology.models import Capability, Proposal, ProposalEvent, TechnologyNeed

NEEDS_PER_TOPIC = 6
CAPABILITIES_PER_TOPIC = 5
PIPELINE = (
    ProposalState.PROPOSED, ProposalState.PROPOSED, ProposalState.SHORTLISTED,
    ProposalState.NEGOTIATION, ProposalState.SIGNED, ProposalState.SIGNED,
    ProposalState.DELIVERED, ProposalState.DECLINED, ProposalState.CANCELLED,
)  # fmt: skip
PATH = {
    ProposalState.PROPOSED: (),
    ProposalState.SHORTLISTED: (ProposalState.SHORTLISTED,),
    ProposalState.NEGOTIATION: (ProposalState.SHORTLISTED, ProposalState.NEGOTIATION),
    ProposalState.SIGNED: (ProposalState.NEGOTIATION, ProposalState.SIGNED),
    ProposalState.DELIVERED: (ProposalState.NEGOTIATION, ProposalState.SIGNED, "delivered"),
    ProposalState.DECLINED: (ProposalState.DECLINED,),
    ProposalState.CANCELLED: (ProposalState.CANCELLED,),
}


def _own(username: str) -> Enterprise | None:
    user = User.objects.filter(username=username).first()
    membership = user.memberships.select_related("enterprise").first() if user else None
    return membership.enterprise if membership else None


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    if TechnologyNeed.objects.exists():
        stdout.write("technology: demo records already present")
        return []
    smes = list(Enterprise.objects.filter(kind=EnterpriseKind.SME).order_by("pk")[:400])
    providers = list(
        Enterprise.objects.filter(
            kind__in=(EnterpriseKind.KNOWLEDGE_BASED, EnterpriseKind.UNIVERSITY)
        ).order_by("pk")[:300]
    )
    if not smes or not providers:
        stdout.write("technology: no enterprises to post for; run the registry seed first")
        return []
    sme, techfirm, lab = _own("sme"), _own("techfirm"), _own("lab")
    isic = {a.code: a for a in IsicActivity.objects.filter(code__in={t.isic for t in TOPICS})}
    now = timezone.now()
    needs, caps, cap_sectors = [], [], []
    for t_no, topic in enumerate(TOPICS):
        for n in range(NEEDS_PER_TOPIC):
            owner = sme if (sme and n == 0 and t_no % 5 == 0) else rng.choice(smes)
            title, summary, outcome = need_text(topic, rng)
            # Typed as users type, then stored as every service stores text: normalized. What
            # survives is what the normalizer cannot know (a lost ZWNJ in an unlisted word,
            # English terms); the rest is folded, as the matcher folds queries.
            summary = normalize(
                noisy(english_swap(summary, topic, rng, chance=0.25), rng, level=0.35)
            )
            low = rng.choice((50, 100, 200, 500, 1000, 2000)) * 10_000_000
            needs.append(
                TechnologyNeed(
                    enterprise=owner,
                    title=normalize(title),
                    summary=summary,
                    desired_outcome=outcome,
                    confidential_details=rng.choice(
                        (
                            "نقشه‌های فنی و داده‌های تولید پس از امضای قرارداد محرمانگی ارسال می‌شود.",
                            f"ظرفیت فعلی خط: {rng.randint(200, 5000)} قطعه در روز؛ "
                            "تامین‌کننده فعلی مواد: شرکت طرف قرارداد.",
                            "بودجه تاییدشده هیئت‌مدیره و نام مشتری اصلی محرمانه است.",
                        )
                    ),
                    isic=isic.get(topic.isic),
                    target_trl=rng.randint(5, 8),
                    budget_min=low,
                    budget_max=low * rng.choice((2, 3, 5)),
                    deadline=(now + dt.timedelta(days=rng.randint(30, 300))).date(),
                    province_id=owner.province_id,
                    created_at=now
                    - dt.timedelta(days=rng.randint(0, 200), hours=rng.randint(0, 23)),
                )
            )
        for n in range(CAPABILITIES_PER_TOPIC):
            fixed = {0: techfirm, 1: lab} if t_no % 4 == 0 else {}
            provider = fixed.get(n) or rng.choice(providers)
            title, description, keywords = capability_text(topic, rng)
            description = normalize(
                noisy(english_swap(description, topic, rng, chance=0.3), rng, level=0.3)
            )
            caps.append(
                Capability(
                    enterprise=provider,
                    title=normalize(title),
                    description=description,
                    trl=rng.randint(4, 9),
                    keywords=normalize(keywords),
                    ip_status=rng.choice(IpStatus.values),
                    references=rng.choice(("", "همکاری با شرکت‌های خودروساز و صنایع غذایی.")),
                    created_at=now - dt.timedelta(days=rng.randint(0, 300)),
                )
            )
            cap_sectors.append(isic.get(topic.isic))
    with transaction.atomic():
        TechnologyNeed.objects.bulk_create(needs, batch_size=500)
        Capability.objects.bulk_create(caps, batch_size=500)
        through = Capability.sectors.through
        through.objects.bulk_create(
            [
                through(capability_id=c.pk, isicactivity_id=s.pk)
                for c, s in zip(caps, cap_sectors, strict=True)
                if s is not None
            ]
        )
        _pipeline(rng, needs, caps, now)
    for kind in RecordKind.values:
        indexing.rebuild(kind)
    if indexing.encoder() is not None:
        from karsaz.technology.tasks import encode_missing

        transaction.on_commit(lambda: encode_missing.enqueue())
    stdout.write(f"technology: {len(needs)} needs, {len(caps)} capabilities")
    return []


def _pipeline(rng: Any, needs: list[TechnologyNeed], caps: list[Capability], now: Any) -> None:
    per_topic = len(needs) // len(TOPICS)
    caps_per = len(caps) // len(TOPICS)
    for t_no in range(len(TOPICS)):
        state = PIPELINE[t_no % len(PIPELINE)]
        need = needs[t_no * per_topic + 1]
        cap = caps[t_no * caps_per + rng.randrange(caps_per)]
        if cap.enterprise_id == need.enterprise_id:
            continue
        signed = state in (ProposalState.SIGNED, ProposalState.DELIVERED)
        proposal = Proposal.objects.create(
            need=need,
            capability=cap,
            pitch="ما این مشکل را در چند واحد مشابه حل کرده‌ایم و آماده بازدید از خط شما هستیم.",
            state=state,
            agreement_type=rng.choice(AgreementType.values) if signed else "",
            agreement_value=rng.choice((8, 15, 25, 40, 120)) * 100_000_000 if signed else None,
            agreement_date=(now - dt.timedelta(days=rng.randint(5, 60))).date() if signed else None,
        )
        at = now - dt.timedelta(days=70)
        events = [ProposalEvent(proposal=proposal, to_state=ProposalState.PROPOSED, at=at)]
        previous: str = ProposalState.PROPOSED
        for step in PATH[state]:
            at += dt.timedelta(days=rng.randint(2, 9))
            events.append(
                ProposalEvent(proposal=proposal, from_state=previous, to_state=step, at=at)
            )
            previous = step
        ProposalEvent.objects.bulk_create(events)
