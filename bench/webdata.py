"""The national dataset the web-tier benchmark (`bench/web.py`) serves, in PostgreSQL database
`karsaz_bench_web`: 1,000,000 enterprises across the 31 provinces and their parks, 50,000
technology needs and 100,000 capabilities, 200,000 invoices with a clean ledger
(`verify_ledger` passes), 5,000 clinic cases, an exhibition of 3,000 delegates, and the
signed-in users of each role the benchmark drives.

The first 100,000 firms, the invoices and their ledger, the bids, proposals and clinic cases come
from `bench/insights.py`'s generator (rows built in Python, written with COPY); the rest is
set-based SQL (`INSERT ... SELECT generate_series`, values drawn from `hashint8extended`, so the
same rows every time). About 8 minutes on a 2-core machine; kept between runs: a marker table
holds `VERSION`, and a database with the same version is reused as it is.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/webdata.py

The last line is one JSON object with the row counts.
"""

import argparse
import json
import time
from typing import Any

import insights
import pgsetup

DB = "karsaz_bench_web"
VERSION = 1
ENTERPRISES = 1_000_000
NEEDS = 50_000
CAPABILITIES = 100_000
DELEGATES = 3_000
EVENT_NAME = "نمایشگاه ملی فناوری و ملاقات‌های تجاری"
# The users bench/web.py signs in, by role.
USERS = ("national", "provincial", "sme", "financier", "buyer", "consultant")

FIRM_WORDS = (
    "پارس", "صنعت", "فولاد", "نوآوران", "البرز", "کیمیا", "سپهر", "آریا", "دانش", "پویا",
    "تجهیز", "گستر", "ماشین", "پلیمر", "الکترونیک", "نساجی", "غذایی", "دارویی", "انرژی", "سازه",
)  # fmt: skip
FIRM_KINDS = ("تولیدی", "بازرگانی", "فنی مهندسی", "دانش‌بنیان", "خدماتی")
TOPICS = (
    "خط بسته‌بندی خودکار", "کاهش مصرف انرژی کوره", "کنترل کیفیت با بینایی ماشین",
    "تأمین قطعات ریخته‌گری", "نرم‌افزار برنامه‌ریزی تولید", "بازیافت پساب صنعتی",
    "طراحی و ساخت ماشین‌آلات", "خدمات آزمایشگاهی و کالیبراسیون", "اینترنت اشیای صنعتی",
    "مشاوره بهره‌وری انرژی", "قطعات دقیق ماشین‌کاری", "تأمین مواد اولیه پلیمری",
    "پوشش‌دهی ضدخوردگی", "رباتیک جوشکاری", "سامانه پایش ارتعاش", "خشک‌کن صنعتی",
)  # fmt: skip
QUALIFIERS = ("برای صنایع غذایی", "در خط تولید", "با هزینه کم", "برای کارگاه کوچک", "صادراتی")


def u(k: int, col: str = "g") -> str:
    """SQL for a uniform draw in [0, 1), fixed by the row number and the stream k."""
    return f"(mod(abs(hashint8extended({col}::bigint, {k})), 1000000) / 1000000.0)"


def draw(n: str, k: int, col: str = "g") -> str:
    """SQL for an integer in [1, n], fixed by the row number and the stream k."""
    return f"(1 + mod(abs(hashint8extended({col}::bigint, {k})), {n}))"


def pick(array: str, k: int, col: str = "g") -> str:
    """SQL for an element of a SQL array (a parameter or a column), drawn by stream k."""
    return f"({array})[{draw(f'cardinality({array})', k, col)}]"


def insert_select(
    model: Any, values: dict[str, str], source: str, params: dict[str, Any] | None = None
) -> int:
    """INSERT INTO the model's table SELECT the given SQL expressions FROM `source` (named
    parameters, `%(name)s`); every other column gets its field's default (now() for auto dates,
    '' for text, NULL where allowed)."""
    from django.db import connection, models
    from psycopg.types.json import Jsonb

    columns, exprs = [], []
    named = dict(params or {})
    for f in model._meta.concrete_fields:
        if f.primary_key and f.column not in values:
            continue
        columns.append(f'"{f.column}"')
        if f.column in values:
            exprs.append(values[f.column])
            continue
        if f.has_default():
            default = f.get_default()
            named[f"default_{f.column}"] = (
                Jsonb(default) if isinstance(f, models.JSONField) else default
            )
            exprs.append(f"%(default_{f.column})s")
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            exprs.append("now()")
        elif f.null:
            exprs.append("NULL")
        elif isinstance(f, models.CharField | models.TextField):
            exprs.append("''")
        else:
            raise KeyError(f"{model.__name__}.{f.column} must be given")
    sql = (
        f'INSERT INTO "{model._meta.db_table}" ({", ".join(columns)}) '
        f"SELECT {', '.join(exprs)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, named)
        return cursor.rowcount


def _reset_sequence(*models_: Any) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT MAX(id) FROM "{table}"))'
            )


def _firms(first: int, n: int) -> int:
    """`n` more enterprises, numbered from `first`, with their search text as the registry's
    service writes it (the words are normalized once here, in Python)."""
    from karsaz.core.persian import search_key
    from karsaz.registry.choices import EnterpriseKind as K
    from karsaz.registry.models import Enterprise, IsicActivity

    words = list(FIRM_WORDS)
    classes = list(IsicActivity.objects.filter(level="class").values_list("pk", flat=True))
    source = (
        f"(SELECT g, p.id AS province_id, p.name_en AS city, parks.ids AS park_ids, "
        f"{u(1)} AS u1, {draw('%(n_words)s', 2)} AS w1, {draw('%(n_words)s', 3)} AS w2, "
        f"{draw('%(n_words)s', 4)} AS w3 FROM generate_series(%(first)s, %(last)s) g "
        "JOIN (SELECT id, name_en, row_number() OVER (ORDER BY id) AS n FROM registry_province) p "
        f"ON p.n = {draw('(SELECT count(*) FROM registry_province)', 5)} "
        "LEFT JOIN (SELECT province_id, array_agg(id ORDER BY id) AS ids "
        "FROM registry_industrialpark GROUP BY province_id) parks ON parks.province_id = p.id) s"
    )
    name = "%(w)s::text[]"
    name_fa = f"({name})[w1] || ' ' || ({name})[w2] || ' ' || ({name})[w3] || ' ' || g"
    key = "%(k)s::text[]"
    name_key = f"({key})[w1] || ' ' || ({key})[w2] || ' ' || ({key})[w3] || ' ' || g"
    values = {
        "id": "g",
        "name_fa": name_fa,
        "name_en": "'Firm ' || g",
        "search_text": f"' ' || {name_key} || ' firm ' || g || ' 8' || lpad(g::text, 10, '0') "
        "|| ' ' || lower(city) || ' '",
        "kind": f"CASE WHEN {u(6)} < 0.1 THEN '{K.KNOWLEDGE_BASED}' ELSE '{K.SME}' END",
        "national_id": "'8' || lpad(g::text, 10, '0')",
        "employees": f"floor(power(10, 3 * {u(7)}))::int",
        "isic_id": pick("%(classes)s::bigint[]", 8),
        "province_id": "province_id",
        "city": "city",
        "park_id": f"CASE WHEN park_ids IS NOT NULL AND u1 < 0.15 THEN {pick('park_ids', 9)} END",
        "created_at": f"now() - make_interval(days => (1825 * {u(10)})::int)",
    }
    params = {
        "w": words,
        "k": [search_key(w) for w in words],
        "n_words": len(words),
        "classes": classes,
        "first": first,
        "last": first + n - 1,
    }
    made = insert_select(Enterprise, values, source, params)
    _reset_sequence(Enterprise)
    return made


def _records(first_firm: int, last_firm: int, needs: int, capabilities: int) -> dict[str, int]:
    from karsaz.technology.models import Capability, TechnologyNeed

    firms = last_firm - first_firm + 1
    firm = f"({first_firm} - 1 + {draw(str(firms), 21)})"
    title = f"{pick('%(topics)s::text[]', 22)} || ' ' || {pick('%(quals)s::text[]', 23)}"
    detail = f"{pick('%(topics)s::text[]', 24)} || ' و ' || {pick('%(topics)s::text[]', 25)}"
    created = f"now() - make_interval(days => (1000 * {u(27)})::int)"
    params = {"topics": list(TOPICS), "quals": list(QUALIFIERS)}
    out = {}
    base = _next(TechnologyNeed)
    out["needs"] = insert_select(
        TechnologyNeed,
        {
            "id": "g",
            "enterprise_id": firm,
            "title": title,
            "summary": f"'نیاز به ' || {detail}",
            "province_id": f"(SELECT province_id FROM registry_enterprise e WHERE e.id = {firm})",
            "target_trl": f"(2 + {draw('6', 26)})",
            "created_at": created,
        },
        "generate_series(%(first)s, %(last)s) g",
        {**params, "first": base, "last": base + needs - 1},
    )
    base = _next(Capability)
    out["capabilities"] = insert_select(
        Capability,
        {
            "id": "g",
            "enterprise_id": firm,
            "title": title,
            "description": f"'ارائه ' || {detail}",
            "keywords": pick("%(topics)s::text[]", 28),
            "trl": f"(3 + {draw('6', 26)})",
            "created_at": created,
        },
        "generate_series(%(first)s, %(last)s) g",
        {**params, "first": base, "last": base + capabilities - 1},
    )
    _reset_sequence(TechnologyNeed, Capability)
    return out


def _next(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def _exhibition(delegates: int, first_firm: int) -> dict[str, int]:
    """An upcoming exhibition (created through the events service, with its slots and tables)
    and `delegates` participants, one delegate each, written set-based."""
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from karsaz.accounts.models import User
    from karsaz.events import services
    from karsaz.events.models import Delegate, Participant
    from karsaz.registry.models import Membership, Province

    organizer = User.objects.get(username="bench-national")
    now = timezone.now()
    event = services.event_create(
        user=organizer,
        data={
            "name_fa": EVENT_NAME,
            "venue": "نمایشگاه بین‌المللی تهران",
            "province": Province.objects.get(name_en="Tehran"),
            "city": "تهران",
            "starts_on": (now + dt.timedelta(days=40)).date(),
            "days": 2,
            "day_start": dt.time(9, 0),
            "day_end": dt.time(17, 0),
            "slot_minutes": 30,
            "breaks": [["12:30", "13:30"]],
            "registration_opens": now - dt.timedelta(days=10),
            "registration_closes": now + dt.timedelta(days=20),
            "requests_close": now + dt.timedelta(days=30),
            "request_expiry_hours": 72,
        },
        tables=60,
    )
    base_user, base_part = _next(User), _next(Participant)
    n = {"last": delegates - 1, "topics": list(TOPICS)}
    users = insert_select(
        User,
        {
            "id": f"{base_user} + g",
            "username": "'delegate' || g",
            "password": "%(password)s",
            "first_name": "'نماینده'",
            "last_name": "g::text",
            "email": "'delegate' || g || '@karsaz.example'",
        },
        "generate_series(0, %(last)s) g",
        {**n, "password": make_password(None)},
    )
    participants = insert_select(
        Participant,
        {
            "id": f"{base_part} + g",
            "event_id": str(event.pk),
            "enterprise_id": f"{first_firm} + g",
            "status": "'approved'",
            "registered_by_id": f"{base_user} + g",
            "looking_for": pick("%(topics)s::text[]", 31),
            "offering": pick("%(topics)s::text[]", 32),
            "decided_at": "now()",
        },
        "generate_series(0, %(last)s) g",
        n,
    )
    delegate_rows = insert_select(
        Delegate,
        {
            "event_id": str(event.pk),
            "participant_id": f"{base_part} + g",
            "user_id": f"{base_user} + g",
        },
        "generate_series(0, %(last)s) g",
        n,
    )
    insert_select(
        Membership,
        {"user_id": f"{base_user} + g", "enterprise_id": f"{first_firm} + g", "role": "'manager'"},
        "generate_series(0, %(last)s) g",
        n,
    )
    _reset_sequence(User, Participant, Delegate, Membership)
    return {"event": event.pk, "users": users, "participants": participants,
            "delegates": delegate_rows}  # fmt: skip


def _roles() -> dict[str, int]:
    """The users bench/web.py signs in, one per role, and the enterprise kinds they need: the
    insights generator's programme buyers become anchor buyers, its financiers financiers."""
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from karsaz.accounts.choices import AgencyRole
    from karsaz.accounts.models import User
    from karsaz.clinics.models import Case, Clinic, Consultant
    from karsaz.finance.models import Account, Invoice, Programme
    from karsaz.registry.choices import EnterpriseKind, MembershipRole
    from karsaz.registry.models import Enterprise, Membership, Province

    buyers = set(Programme.objects.values_list("buyer_id", flat=True))
    financiers = set(
        Account.objects.filter(purpose="financier_funds").values_list("enterprise_id", flat=True)
    )
    Enterprise.objects.filter(pk__in=buyers).update(kind=EnterpriseKind.ANCHOR_BUYER)
    Enterprise.objects.filter(pk__in=financiers).update(kind=EnterpriseKind.FINANCIER)
    tehran = Province.objects.get(name_en="Tehran")
    make = {
        "national": {"agency_role": AgencyRole.NATIONAL_STAFF},
        "provincial": {"agency_role": AgencyRole.PROVINCIAL_STAFF, "province": tehran},
    }
    out = {}
    for role in USERS:
        user, _ = User.objects.update_or_create(
            username=f"bench-{role}", defaults=make.get(role, {})
        )
        out[role] = user.pk
    # An SME owner of a supplier with invoices; the buyer's and the financier's members.
    supplier = Invoice.objects.order_by("id").values_list("supplier_id", flat=True).first()
    sme = Enterprise.objects.filter(pk=supplier, kind=EnterpriseKind.SME).first()
    for role, enterprise_id in (
        ("sme", sme.pk if sme else None),
        ("buyer", min(buyers)),
        ("financier", min(financiers)),
    ):
        Membership.objects.get_or_create(
            user_id=out[role], enterprise_id=enterprise_id, defaults={"role": MembershipRole.OWNER}
        )
    # A clinic with the consultant, and 200 of the cases assigned to them.
    host = Enterprise.objects.exclude(pk__in=buyers | financiers).order_by("-id").first()
    assert host is not None
    expires = timezone.now().date() + dt.timedelta(days=365)
    clinic, _ = Clinic.objects.get_or_create(
        enterprise=host, defaults={"accredited_until": expires}
    )
    consultant, _ = Consultant.objects.get_or_create(
        user_id=out["consultant"],
        clinic=clinic,
        defaults={"accreditation_expires": expires, "capacity": 50, "specialties": ["finance"]},
    )
    consultant.provinces.set(Province.objects.all())
    ids = list(Case.objects.order_by("id").values_list("id", flat=True)[:200])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE clinics_case SET state = 'in_progress', clinic_id = %s, consultant_id = %s, "
            "assigned_at = created_at WHERE id = ANY(%s)",
            [clinic.pk, consultant.pk, ids],
        )
    return out


def _search_text_of_copied_firms() -> None:
    """The insights generator writes no search text: fill it as the registry's service does."""
    from django.db import connection

    from karsaz.core.persian import search_key

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_enterprise SET search_text = ' ' || %s || ' ' || g || ' sample ' "
            "|| g || ' ' || national_id || ' ' FROM (SELECT id, substring(name_en from 8) AS g "
            "FROM registry_enterprise WHERE search_text = '') s "
            "WHERE s.id = registry_enterprise.id",
            [search_key("شرکت نمونه")],
        )


def _settle_ledger() -> None:
    """What the insights generator leaves out of a ledger `verify_ledger` accepts: each
    account's stored balance (the sum of its final postings; every pending posting it writes is
    resolved), and a posted settlement for each two-phase disbursement and repayment."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE finance_account a SET posted_balance = s.total, pending_balance = 0 "
            "FROM (SELECT account_id, sum(amount) AS total FROM finance_posting "
            "WHERE NOT pending GROUP BY account_id) s WHERE s.account_id = a.id"
        )
        cursor.execute(
            "INSERT INTO finance_settlement (invoice_id, kind, phase, amount, principal_part, "
            "penalty_part, pending_entry_id, resolution_entry_id, bank_reference, created_at, "
            "resolved_at) "
            "SELECT p.invoice_id, p.kind, 'posted', i.amount, "
            "CASE WHEN p.kind = 'repayment' THEN i.amount ELSE 0 END, 0, p.id, r.id, "
            "'BENCH-' || p.id, p.created_at, r.created_at "
            "FROM finance_journalentry p JOIN finance_journalentry r ON r.resolves_id = p.id "
            "JOIN finance_invoice i ON i.id = p.invoice_id "
            "WHERE p.phase = 'pending' AND p.kind IN ('disbursement', 'repayment') ORDER BY p.id"
        )


def _marker(cursor: Any) -> int | None:
    cursor.execute("SELECT to_regclass('bench_webdata_marker')")
    if cursor.fetchone()[0] is None:
        return None
    cursor.execute("SELECT max(version) FROM bench_webdata_marker")
    row = cursor.fetchone()
    return row[0] if row else None


def counts() -> dict[str, int]:
    from karsaz.clinics.models import Case
    from karsaz.events.models import Delegate
    from karsaz.finance.models import Invoice, Posting
    from karsaz.registry.models import Enterprise
    from karsaz.technology.models import Capability, TechnologyNeed

    return {
        "enterprises": Enterprise.objects.count(),
        "needs": TechnologyNeed.objects.count(),
        "capabilities": Capability.objects.count(),
        "invoices": Invoice.objects.count(),
        "postings": Posting.objects.count(),
        "clinic_cases": Case.objects.count(),
        "delegates": Delegate.objects.count(),
    }


def database(scale: float) -> str:
    return DB if scale == 1.0 else f"{DB}_{str(scale).replace('.', '_')}"


def ensure(*, scale: float = 1.0, fresh: bool = False, build_index: bool = True) -> dict[str, Any]:
    """Points Django at the dataset's database, generating it first when it is missing, of
    another version, or `fresh` is asked. Returns what was done. `scale` < 1 makes a small
    dataset in its own database (a quick look, not the benchmark's)."""
    DB = database(scale)
    if fresh or not pgsetup.exists(DB):
        pgsetup.admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        pgsetup.admin(f"CREATE DATABASE {DB}")
    pgsetup.django(DB)
    from django.core.management import call_command
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        version = _marker(cursor)
    if version == VERSION:
        call_command("migrate", verbosity=0)  # a kept dataset gets the indexes added since
        return {"database": DB, "generated": False}
    if version is not None:  # another version's rows: start again
        connection.close()
        pgsetup.admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        pgsetup.admin(f"CREATE DATABASE {DB}")
        return ensure(scale=scale, build_index=build_index)
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    print(f"generating into {DB}: the insights generator (100k firms, 200k invoices) …", flush=True)
    made: dict[str, Any] = dict(insights.generate(scale))
    _settle_ledger()
    from karsaz.registry.models import Enterprise

    first, total = _next(Enterprise), int(ENTERPRISES * scale)
    print(f"  {time.perf_counter() - t0:.0f} s; {total - first + 1} more firms …", flush=True)
    with transaction.atomic():
        made["more_enterprises"] = _firms(first, total - first + 1)
        _search_text_of_copied_firms()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('registry_enterprise', 'id'), "
                "(SELECT MAX(id) FROM registry_enterprise))"
            )
    print(f"  {time.perf_counter() - t0:.0f} s; needs and capabilities …", flush=True)
    from karsaz.technology.models import Capability, TechnologyNeed

    with transaction.atomic():
        made.update(
            _records(
                100,
                total,
                int(NEEDS * scale) - TechnologyNeed.objects.count(),
                int(CAPABILITIES * scale) - Capability.objects.count(),
            )
        )
        made["roles"] = _roles()
        made["exhibition"] = _exhibition(int(DELEGATES * scale), total // 2)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    if build_index:
        print(f"  {time.perf_counter() - t0:.0f} s; the match indexes …", flush=True)
        call_command("rebuild_match_index", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_webdata_marker (version int NOT NULL)")
        cursor.execute("INSERT INTO bench_webdata_marker VALUES (%s)", [VERSION])
    return {"database": DB, "generated": True, "seconds": round(time.perf_counter() - t0, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="drop and generate again")
    parser.add_argument("--scale", type=float, default=1.0, help="< 1: a small look")
    args = parser.parse_args()
    summary = ensure(scale=args.scale, fresh=args.fresh)
    summary["rows"] = counts()
    from django.core.management import call_command

    t0 = time.perf_counter()
    try:
        call_command("verify_ledger", verbosity=0)
        summary["ledger_verified"] = True
    except SystemExit as exc:
        summary["ledger_verified"] = exc.code in (0, None)
    summary["verify_s"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
