"""Deterministic demo registry: every province and park, ~2,000 enterprises of every kind."""

import datetime as dt
import json
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from karsaz.accounts.choices import AgencyRole
from karsaz.accounts.demo import DEMO_PASSWORD
from karsaz.accounts.models import User
from karsaz.core.validators import national_id_with_check, sheba_with_check
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Enterprise, IndustrialPark, IsicActivity, Membership, Province
from karsaz.registry.reference import DATA_DIR, load_reference_data
from karsaz.registry.services import enterprise_search_text

TOTAL = 2000
KIND_SHARES = (
    (EnterpriseKind.SME, 0.70),
    (EnterpriseKind.KNOWLEDGE_BASED, 0.15),
    (EnterpriseKind.CONSULTANCY, 0.06),
    (EnterpriseKind.OTHER, 0.03),
    (EnterpriseKind.ANCHOR_BUYER, 0.02),
    (EnterpriseKind.FINANCIER, 0.015),
    (EnterpriseKind.UNIVERSITY, 0.015),
)
# Rough weight of each province's industry (by Statistical Centre code): Tehran, Isfahan,
# Razavi Khorasan, Alborz, East Azerbaijan, Qazvin, Markazi and Fars lead.
PROVINCE_WEIGHT = {"23": 10, "10": 6, "09": 5, "30": 4, "03": 4, "26": 4, "00": 3, "07": 3}
BANK_CODES = ("017", "012", "018", "015", "016", "019", "055", "056", "057", "062", "069")
ENTERPRISE_USERS = (
    # username, first, last, enterprise kind, role, description
    ("sme", "رضا", "نوری", EnterpriseKind.SME, MembershipRole.OWNER, "owner of an SME in Qazvin"),
    (
        "techfirm",
        "نگار",
        "صادقی",
        EnterpriseKind.KNOWLEDGE_BASED,
        MembershipRole.MANAGER,
        "manager of a knowledge-based firm",
    ),
    (
        "lab",
        "امیر",
        "حسینی",
        EnterpriseKind.UNIVERSITY,
        MembershipRole.MANAGER,
        "head of a university lab",
    ),
    (
        "buyer",
        "زهرا",
        "محمدی",
        EnterpriseKind.ANCHOR_BUYER,
        MembershipRole.MANAGER,
        "anchor buyer's supply manager",
    ),
    (
        "financier",
        "مهدی",
        "جعفری",
        EnterpriseKind.FINANCIER,
        MembershipRole.MANAGER,
        "financier's credit officer",
    ),
    (
        "consultant",
        "لیلا",
        "کاظمی",
        EnterpriseKind.CONSULTANCY,
        MembershipRole.EMPLOYEE,
        "consultant at a consultancy",
    ),
)


def _vocab() -> dict[str, Any]:
    return json.loads((DATA_DIR / "demo_vocab.json").read_text(encoding="utf-8"))


def _weighted_provinces(provinces: list[Province]) -> list[Province]:
    return [p for p in provinces for _ in range(PROVINCE_WEIGHT.get(p.code, 1))]


def _employees(rng: Any, kind: str) -> int:
    if kind == EnterpriseKind.ANCHOR_BUYER:
        return rng.randint(400, 25000)
    if kind in (EnterpriseKind.UNIVERSITY, EnterpriseKind.FINANCIER):
        return rng.randint(80, 3000)
    # Most firms are small: a log-normal tail with the mass under 50.
    return max(1, min(600, int(rng.lognormvariate(2.6, 0.9))))


def _postal_code(rng: Any) -> str:
    """Postal codes avoid 0 and 2 in the first five digits and never repeat one four times."""
    head = "".join(rng.choice("13456789") for _ in range(4)) + rng.choice("134679")
    tail = "".join(rng.choice("013456789") for _ in range(5))
    code = head + tail
    return code if len(set(code[:4])) > 1 else _postal_code(rng)


def _build(rng: Any, vocab: dict[str, Any], provinces: list[Province]) -> list[Enterprise]:
    weighted = _weighted_provinces(provinces)
    parks: dict[int, list[IndustrialPark]] = {}
    for each_park in IndustrialPark.objects.all():
        parks.setdefault(each_park.province_id, []).append(each_park)
    isic = {a.code: a for a in IsicActivity.objects.exclude(level="section")}
    classes_by_division: dict[str, list[IsicActivity]] = {}
    for code, each in isic.items():
        if len(code) == 4:
            classes_by_division.setdefault(code[:2], []).append(each)
    cities = {p.pk: list(p.cities.all()) for p in provinces}
    patterns: dict[str, list[dict[str, str]]] = {}
    for pattern in vocab["company_patterns"]:
        patterns.setdefault(pattern["kind"], []).append(pattern)
    by_code = {p.code: p for p in provinces}
    today = timezone.localdate()
    used_ids: set[str] = set()
    used_names: set[str] = set()
    enterprises: list[Enterprise] = []
    kinds = [k for k, share in KIND_SHARES for _ in range(round(share * TOTAL))]
    kinds = (kinds + [EnterpriseKind.SME] * TOTAL)[:TOTAL]
    rng.shuffle(kinds)
    specials = {
        EnterpriseKind.UNIVERSITY: iter(vocab["universities"]),
        EnterpriseKind.FINANCIER: iter(vocab["banks_and_financiers"]),
        EnterpriseKind.ANCHOR_BUYER: iter(vocab["anchor_buyers"]),
    }
    for index, kind in enumerate(kinds):
        province = rng.choice(weighted)
        stem = rng.choice(vocab["company_stems"])
        special = next(specials[kind], None) if kind in specials else None
        if special:
            name_fa, name_en = special["fa"], special["en"]
            if special.get("province") in by_code:
                province = by_code[special["province"]]
            stem = {**stem, "isic_division": special.get("isic_division", stem["isic_division"])}
            if kind == EnterpriseKind.UNIVERSITY:
                stem["isic_division"] = "85"
            elif kind == EnterpriseKind.FINANCIER:
                stem["isic_division"] = "64"
        else:
            for _attempt in range(20):
                brand = rng.choice(vocab["brands"])
                pattern = rng.choice(patterns.get(kind) or patterns["sme"])
                name_fa = pattern["fa"].format(stem=stem["fa"], brand=brand["fa"])
                name_en = pattern["en"].format(stem=stem["en"], brand=brand["en"])
                if name_fa not in used_names:
                    break
            else:
                name_fa, name_en = f"{name_fa} {index}", f"{name_en} {index}"
        used_names.add(name_fa)
        while True:
            national_id = national_id_with_check(f"10{rng.randint(10**7, 10**8 - 1)}")
            if national_id not in used_ids:
                used_ids.add(national_id)
                break
        division = stem["isic_division"]
        options = classes_by_division.get(division)
        activity: IsicActivity | None = rng.choice(options) if options else isic.get(division)
        city = rng.choice(cities[province.pk]) if cities[province.pk] else None
        in_park = kind in (
            EnterpriseKind.SME,
            EnterpriseKind.KNOWLEDGE_BASED,
            EnterpriseKind.ANCHOR_BUYER,
        )
        park: IndustrialPark | None = (
            rng.choice(parks[province.pk])
            if in_park and parks.get(province.pk) and rng.random() < 0.6
            else None
        )
        kb_no, kb_expires = "", None
        if kind == EnterpriseKind.KNOWLEDGE_BASED or (
            kind == EnterpriseKind.SME and rng.random() < 0.05
        ):
            kb_no = f"KB-{rng.randint(10000, 99999)}"
            kb_expires = today + dt.timedelta(days=rng.randint(-300, 900))
        created = timezone.now() - dt.timedelta(
            days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 1440)
        )
        street = rng.choice(vocab["streets"])
        place = city.name_fa if city else province.name_fa
        enterprise = Enterprise(
            name_fa=name_fa,
            name_en=name_en,
            kind=kind,
            national_id=national_id,
            economic_code=f"4{rng.randint(10**10, 10**11 - 1)}",
            employees=_employees(rng, kind),
            isic=activity,
            province=province,
            city=city.name_fa if city else "",
            park=park,
            kb_certificate_no=kb_no,
            kb_certificate_expires=kb_expires,
            phone=f"0{rng.randint(21, 87)}{rng.randint(3000000, 8999999)}",
            email=f"info{index}@example.ir",
            website=f"https://www.{name_en.split()[0].lower().strip('.,')}{index}.ir"
            if rng.random() < 0.5
            else "",
            address=f"{place}، {street['fa']}، پلاک {rng.randint(1, 300)}",
            postal_code=_postal_code(rng),
            sheba=sheba_with_check(f"{rng.choice(BANK_CODES)}0{rng.randint(10**17, 10**18 - 1)}"),
            created_at=created,
        )
        enterprise.search_text = enterprise_search_text(enterprise)
        enterprises.append(enterprise)
    return enterprises


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    counts = load_reference_data()
    stdout.write("Reference data: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if not Enterprise.objects.exists():
        provinces = list(Province.objects.prefetch_related("cities"))
        enterprises = _build(rng, _vocab(), provinces)
        bulk_create_with_history(
            enterprises, Enterprise, batch_size=500, default_change_reason="demo"
        )
        stdout.write(f"Enterprises: {Enterprise.objects.count()}")
    return _enterprise_users()


def _enterprise_users() -> list[tuple[str, str, str]]:
    qazvin = Province.objects.get(code="26")
    credentials = []
    for username, first, last, kind, role, description in ENTERPRISE_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@karsaz.example",
                "agency_role": AgencyRole.NONE,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if not user.memberships.exists():
            enterprise = (
                Enterprise.objects.filter(kind=kind, province=qazvin).order_by("id").first()
                or Enterprise.objects.filter(kind=kind).order_by("id").first()
            )
            if enterprise:
                Membership.objects.create(user=user, enterprise=enterprise, role=role)
        credentials.append((username, DEMO_PASSWORD, description))
    return credentials
