"""Readiness writes: the firm's declaration and statements, the adviser's confirmation, and the
assessment of firms against every market in force, with the gaps it opens and closes.

The facts an assessment reads are a fixed vocabulary (`FACTS`): this module computes each of
them for a whole batch of firms in a constant number of queries (three of its own plus one or
two per `firm_record` hook provider), so assessing 20,000 firms costs the same queries per
batch as assessing one. A criterion on a key outside `FACTS` cannot be saved (the admin form
refuses it).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from karsaz.accounts.scope import require
from karsaz.capital.choices import AuditOpinion, CriterionKind, EvidenceSource, GapStatus, Outcome
from karsaz.capital.errors import CapitalErrorCode
from karsaz.capital.models import (
    Assessment,
    CapitalProfile,
    Criterion,
    CriterionResult,
    FinancialStatement,
    Gap,
    MarketResult,
    RuleSet,
)
from karsaz.capital.models.readiness import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from karsaz.capital.permissions import CapitalScope
from karsaz.core import modules
from karsaz.core.errors import field_error
from karsaz.core.money import MAX_RIALS, rial_error
from karsaz.core.persian import normalize
from karsaz.registry.models import Enterprise

CLINIC_AREAS = ("strategy", "finance", "marketing", "operations", "technology", "people", "export")

# The fact vocabulary: key -> (where it comes from, its title). Hook facts come from the app
# whose label is the source's value.
FACTS: dict[str, tuple[str, Any]] = {
    "years_active": (EvidenceSource.REGISTRY, gettext_lazy("Years of activity")),
    "employees": (EvidenceSource.REGISTRY, gettext_lazy("Employees")),
    "audited_years": (EvidenceSource.STATEMENT, gettext_lazy("Consecutive audited years")),
    "acceptable_opinion": (
        EvidenceSource.STATEMENT,
        gettext_lazy("Latest audit opinion unqualified or qualified"),
    ),
    "no_accumulated_loss": (EvidenceSource.STATEMENT, gettext_lazy("No accumulated loss")),
    "profit_last_year": (EvidenceSource.STATEMENT, gettext_lazy("Net profit last year")),
    "profitable_years": (EvidenceSource.STATEMENT, gettext_lazy("Profitable years of three")),
    "equity_ratio_pct": (EvidenceSource.STATEMENT, gettext_lazy("Equity to assets (%)")),
    "revenue_last_year": (EvidenceSource.STATEMENT, gettext_lazy("Revenue last year")),
    "registered_capital": (EvidenceSource.DECLARATION, gettext_lazy("Registered capital")),
    "float_pct": (EvidenceSource.DECLARATION, gettext_lazy("Free float (%)")),
    "shareholders": (EvidenceSource.DECLARATION, gettext_lazy("Shareholders")),
    "independent_director": (EvidenceSource.DECLARATION, gettext_lazy("Independent director")),
    "audit_committee": (EvidenceSource.DECLARATION, gettext_lazy("Audit committee")),
    "internal_controls": (EvidenceSource.DECLARATION, gettext_lazy("Internal controls")),
    "ir_officer": (EvidenceSource.DECLARATION, gettext_lazy("Investor-relations officer")),
    "invoices_submitted": (EvidenceSource.FINANCE, gettext_lazy("Invoices submitted")),
    "invoices_financed": (EvidenceSource.FINANCE, gettext_lazy("Invoices financed")),
    "repayments": (EvidenceSource.FINANCE, gettext_lazy("Repayments")),
    "repayments_on_time": (EvidenceSource.FINANCE, gettext_lazy("Repayments on time")),
    "max_days_late": (EvidenceSource.FINANCE, gettext_lazy("Longest repayment delay (days)")),
    "finance_defaults": (EvidenceSource.FINANCE, gettext_lazy("Defaults")),
    "clinic_cases_closed": (EvidenceSource.CLINICS, gettext_lazy("Clinic cases closed")),
    **{
        f"clinic_{area}_score": (EvidenceSource.CLINICS, gettext_lazy("Clinic diagnosis score"))
        for area in CLINIC_AREAS
    },
    "deals_signed": (EvidenceSource.TECHNOLOGY, gettext_lazy("Technology deals signed")),
    "deals_value": (EvidenceSource.TECHNOLOGY, gettext_lazy("Value of technology deals")),
}
FACT_KEYS = frozenset(FACTS)
HOOK_SOURCES = {
    "finance": EvidenceSource.FINANCE,
    "clinics": EvidenceSource.CLINICS,
    "technology": EvidenceSource.TECHNOLOGY,
}
ACCEPTABLE_OPINIONS = (AuditOpinion.UNQUALIFIED, AuditOpinion.QUALIFIED)
BATCH = 500


def _fact(value: Any, source: str, evidence: str = "", confirmed: bool = False) -> dict[str, Any]:
    return {"value": value, "source": source, "evidence": evidence, "confirmed": confirmed}


def _unknown(key: str) -> dict[str, Any]:
    return _fact(None, EvidenceSource.NONE)


def _full_years(start: dt.date, today: dt.date) -> int:
    return today.year - start.year - ((today.month, today.day) < (start.month, start.day))


def _statement_facts(rows: list[FinancialStatement]) -> dict[str, dict[str, Any]]:
    """Facts from the firm's statements, newest fiscal year first."""
    if not rows:
        return {}
    latest = rows[0]

    def src(used: list[FinancialStatement]) -> tuple[str, bool]:
        confirmed = all(s.confirmed_at is not None for s in used)
        return (
            EvidenceSource.CONFIRMED_STATEMENT if confirmed else EvidenceSource.STATEMENT,
            confirmed,
        )

    def fact(value: Any, used: list[FinancialStatement]) -> dict[str, Any]:
        source, confirmed = src(used)
        years = "، ".join(str(s.fiscal_year) for s in used)
        return _fact(value, source, years, confirmed)

    audited: list[FinancialStatement] = []
    for year, statement in enumerate(rows):
        if statement.audit_opinion == AuditOpinion.UNAUDITED:
            break
        if year and rows[year - 1].fiscal_year != statement.fiscal_year + 1:
            break  # a year missing: the run of audited years stops
        audited.append(statement)
    latest_audited = next((s for s in rows if s.audit_opinion != AuditOpinion.UNAUDITED), None)
    three = rows[:3]
    facts = {
        "audited_years": fact(len(audited), audited or [latest]),
        "acceptable_opinion": fact(
            latest_audited is not None and latest_audited.audit_opinion in ACCEPTABLE_OPINIONS,
            [latest_audited or latest],
        ),
        "no_accumulated_loss": fact(latest.retained_earnings >= 0, [latest]),
        "profit_last_year": fact(latest.net_profit > 0, [latest]),
        "profitable_years": fact(sum(s.net_profit > 0 for s in three), three),
        "revenue_last_year": fact(latest.revenue, [latest]),
    }
    if latest.total_assets > 0:
        facts["equity_ratio_pct"] = fact(latest.equity * 100 // latest.total_assets, [latest])
    return facts


def _profile_facts(profile: CapitalProfile | None) -> dict[str, dict[str, Any]]:
    if profile is None:
        return {}
    declared = EvidenceSource.DECLARATION
    facts = {}
    for key in (
        "registered_capital",
        "shareholders",
        "float_pct",
        "independent_director",
        "audit_committee",
        "internal_controls",
        "ir_officer",
    ):
        value = getattr(profile, key)
        if value is not None:
            facts[key] = _fact(value, declared, str(timezone.localdate(profile.updated_at)))
    return facts


def collect_facts(
    enterprises: Iterable[Enterprise], *, today: dt.date | None = None
) -> dict[int, dict[str, dict[str, Any]]]:
    """{enterprise id: {fact key: fact}} for the batch: two queries of readiness's own plus the
    `firm_record` providers'. A fact no source knows is absent (the criterion is "unknown")."""
    today = today or timezone.localdate()
    firms = {e.pk: e for e in enterprises}
    ids = list(firms)
    profiles = {p.enterprise_id: p for p in CapitalProfile.objects.filter(enterprise_id__in=ids)}
    statements: dict[int, list[FinancialStatement]] = {pk: [] for pk in ids}
    for statement in FinancialStatement.objects.filter(enterprise_id__in=ids).order_by(
        "enterprise_id", "-fiscal_year"
    ):
        statements[statement.enterprise_id].append(statement)
    records: dict[str, dict[int, dict[str, Any]]] = {
        label: provider(ids) for label, provider in modules.hooks("firm_record").items()
    }
    result: dict[int, dict[str, dict[str, Any]]] = {}
    for pk, firm in firms.items():
        profile = profiles.get(pk)
        facts: dict[str, dict[str, Any]] = {}
        if profile is not None and profile.founded_on is not None:
            facts["years_active"] = _fact(
                _full_years(profile.founded_on, today),
                EvidenceSource.DECLARATION,
                str(profile.founded_on),
            )
        else:
            registered = timezone.localdate(firm.created_at)
            facts["years_active"] = _fact(
                _full_years(registered, today), EvidenceSource.REGISTRY, str(registered), True
            )
        facts["employees"] = _fact(firm.employees, EvidenceSource.REGISTRY, "", True)
        facts.update(_statement_facts(statements[pk]))
        facts.update(_profile_facts(profile))
        for label, record in records.items():
            source = HOOK_SOURCES.get(label, EvidenceSource.NONE)
            for key, value in record.get(pk, {}).items():
                if key in FACT_KEYS and value is not None:
                    facts[key] = _fact(value, source, "", True)
        result[pk] = facts
    return result


def evaluate(criterion: Criterion, fact: dict[str, Any] | None) -> str:
    """Met, not met or unknown: a fact nobody knows is never read as "no"."""
    value = None if fact is None else fact["value"]
    if value is None:
        return Outcome.UNKNOWN
    if criterion.kind == CriterionKind.TRUE:
        return Outcome.MET if value is True else Outcome.NOT_MET
    if isinstance(value, bool) or criterion.threshold is None:
        return Outcome.UNKNOWN
    if criterion.kind == CriterionKind.AT_LEAST:
        return Outcome.MET if value >= criterion.threshold else Outcome.NOT_MET
    return Outcome.MET if value <= criterion.threshold else Outcome.NOT_MET


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@dataclass
class _Scored:
    result: MarketResult
    criteria: list[CriterionResult]


def _score(assessment: Assessment, rule_set: RuleSet, facts: dict[str, dict[str, Any]]) -> _Scored:
    rows, met, unknown, weight_met, weight_all = [], 0, 0, 0, 0
    for criterion in rule_set.criteria.all():
        fact = facts.get(criterion.key)
        outcome = evaluate(criterion, fact)
        met += outcome == Outcome.MET
        unknown += outcome == Outcome.UNKNOWN
        weight_all += criterion.weight
        weight_met += criterion.weight if outcome == Outcome.MET else 0
        rows.append(
            CriterionResult(
                criterion=criterion,
                outcome=outcome,
                value=_shown(fact and fact["value"])[:64],
                source=fact["source"] if fact else EvidenceSource.NONE,
                evidence=(fact["evidence"] if fact else "")[:255],
                confirmed=bool(fact and fact["confirmed"]),
            )
        )
    result = MarketResult(
        assessment=assessment,
        rule_set=rule_set,
        score=weight_met * 100 // weight_all if weight_all else 0,
        met=met,
        unknown=unknown,
        total=len(rows),
    )
    return _Scored(result, rows)


def rule_sets_in_force() -> list[RuleSet]:
    return list(
        RuleSet.objects.filter(active=True)
        .order_by("market", "-version")
        .prefetch_related("criteria")
    )


def _assess_batch(
    firms: list[Enterprise], rule_sets: list[RuleSet], *, user: Any, now: dt.datetime
) -> list[Assessment]:
    facts = collect_facts(firms, today=timezone.localdate(now))
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                enterprise=firm,
                made_by=user if user and user.is_authenticated else None,
                made_at=now,
                facts=facts[firm.pk],
            )
            for firm in firms
        ]
    )
    scored = [_score(a, rs, facts[a.enterprise_id]) for a in assessments for rs in rule_sets]
    MarketResult.objects.bulk_create([s.result for s in scored])
    for s in scored:
        for row in s.criteria:
            row.market_result = s.result
    CriterionResult.objects.bulk_create(
        [row for s in scored for row in s.criteria], batch_size=2000
    )
    _track_gaps(assessments, scored, now=now)
    return assessments


def _track_gaps(assessments: list[Assessment], scored: list[_Scored], *, now: dt.datetime) -> None:
    """Opens a gap per unmet or unknown criterion not already open; closes the open gaps of
    criteria this assessment meets, naming it as the one that closed them."""
    by_firm = {a.enterprise_id: a for a in assessments}
    open_gaps = {
        (g.enterprise_id, g.market, g.key): g
        for g in Gap.objects.filter(enterprise_id__in=list(by_firm)).exclude(
            status=GapStatus.CLOSED
        )
    }
    new, closed = [], []
    for s in scored:
        assessment = s.result.assessment
        market = s.result.rule_set.market
        for row in s.criteria:
            slot = (assessment.enterprise_id, market, row.criterion.key)
            gap = open_gaps.get(slot)
            if row.outcome == Outcome.MET:
                if gap is not None:
                    gap.status, gap.closed_by, gap.closed_at = GapStatus.CLOSED, assessment, now
                    closed.append(gap)
                    del open_gaps[slot]
            elif gap is None:
                open_gaps[slot] = Gap(
                    enterprise_id=assessment.enterprise_id,
                    market=market,
                    key=row.criterion.key,
                    opened_by=assessment,
                    opened_at=now,
                )
                new.append(open_gaps[slot])
    Gap.objects.bulk_create(new, batch_size=2000)
    if closed:
        Gap.objects.bulk_update(closed, ["status", "closed_by", "closed_at"], batch_size=2000)


def assess_many(
    enterprise_ids: Iterable[int], *, user: Any = None, batch: int = BATCH
) -> list[Assessment]:
    """Assesses the firms against every market in force, `batch` firms per transaction (the
    periodic job and the benchmark). Queries per batch are constant."""
    rule_sets = rule_sets_in_force()
    ids = sorted(set(enterprise_ids))
    done: list[Assessment] = []
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with transaction.atomic():
            # Locked in id order: two runs over the same firms never open a gap twice.
            firms = list(Enterprise.objects.select_for_update().filter(pk__in=chunk).order_by("pk"))
            done.extend(_assess_batch(firms, rule_sets, user=user, now=timezone.now()))
    return done


def assess(*, user: Any, enterprise: Enterprise) -> Assessment:
    """The firm (its editor), its adviser or staff of its scope assess it now."""
    require(CapitalScope(user).can_assess(enterprise))
    rule_sets = rule_sets_in_force()
    with transaction.atomic():
        firm = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        return _assess_batch([firm], rule_sets, user=user, now=timezone.now())[0]


# ---------------------------------------------------------------- declaration and statements

PROFILE_BOOLEANS = ("independent_director", "audit_committee", "internal_controls", "ir_officer")


def _number(
    errors: dict[str, list[Any]], data: dict[str, Any], field: str, low: int, high: int
) -> int | None:
    """A whole number within low..high (rials use `rial_error`'s wording), or None if absent."""
    value = data.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors.setdefault(field, []).append(
            ValidationError(_("Enter a whole number."), code=CapitalErrorCode.INVALID)
        )
        return None
    if not low <= value <= high:
        errors.setdefault(field, []).append(
            ValidationError(
                _("Enter a number from {low} to {high}.").format(low=low, high=high),
                code=CapitalErrorCode.INVALID,
            )
        )
        return None
    return value


def _rial(
    errors: dict[str, list[Any]],
    data: dict[str, Any],
    field: str,
    *,
    signed: bool = False,
    required: bool = True,
) -> int | None:
    value = data.get(field)
    if value is None or value == "":
        if required:
            errors.setdefault(field, []).append(
                ValidationError(_("This field is required."), code=CapitalErrorCode.REQUIRED)
            )
        return None
    message = rial_error(value, minimum=-MAX_RIALS if signed else 0)
    if message:
        errors.setdefault(field, []).append(ValidationError(message, code=CapitalErrorCode.INVALID))
        return None
    return int(value)


@transaction.atomic
def profile_save(*, user: Any, enterprise: Enterprise, data: dict[str, Any]) -> CapitalProfile:
    """The firm's editor declares what the records cannot tell (an empty answer is unknown)."""
    require(CapitalScope(user).can_edit_readiness(enterprise))
    errors: dict[str, list[Any]] = {}
    founded_on = data.get("founded_on")
    if founded_on is not None and (
        not isinstance(founded_on, dt.date) or founded_on > timezone.localdate()
    ):
        errors["founded_on"] = [
            ValidationError(
                _("The founding date must be a date, not in the future."),
                code=CapitalErrorCode.INVALID,
            )
        ]
    values = {
        "founded_on": founded_on,
        "registered_capital": _rial(errors, data, "registered_capital", required=False),
        "shareholders": _number(errors, data, "shareholders", 0, 10**7),
        "float_pct": _number(errors, data, "float_pct", 0, 100),
    }
    for field in PROFILE_BOOLEANS:
        value = data.get(field)
        if value not in (None, True, False):
            errors[field] = [
                ValidationError(_("Answer yes, no or unknown."), code=CapitalErrorCode.INVALID)
            ]
        values[field] = value
    if errors:
        raise ValidationError(errors)
    profile, _created = CapitalProfile.objects.update_or_create(
        enterprise=enterprise,
        defaults={**values, "updated_at": timezone.now(), "updated_by": user},
    )
    return profile


STATEMENT_FIELDS = (
    "fiscal_year",
    "revenue",
    "operating_profit",
    "net_profit",
    "equity",
    "total_assets",
    "retained_earnings",
    "audit_opinion",
    "auditor",
)


def _clean_statement(
    data: dict[str, Any], *, enterprise: Enterprise, exclude: int | None
) -> dict[str, Any]:
    errors: dict[str, list[Any]] = {}
    year = data.get("fiscal_year")
    if year in (None, ""):
        errors["fiscal_year"] = [
            ValidationError(_("This field is required."), code=CapitalErrorCode.REQUIRED)
        ]
    elif (
        isinstance(year, bool)
        or not isinstance(year, int)
        or not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR
    ):
        errors["fiscal_year"] = [
            ValidationError(
                _("Enter a Jalali fiscal year from {first} to {last}.").format(
                    first=FIRST_FISCAL_YEAR, last=LAST_FISCAL_YEAR
                ),
                code=CapitalErrorCode.INVALID,
            )
        ]
    clean: dict[str, Any] = {"fiscal_year": year}
    clean["revenue"] = _rial(errors, data, "revenue")
    clean["total_assets"] = _rial(errors, data, "total_assets")
    for field in ("operating_profit", "net_profit", "equity"):
        clean[field] = _rial(errors, data, field, signed=True)
    retained = _rial(errors, data, "retained_earnings", signed=True, required=False)
    clean["retained_earnings"] = retained or 0
    opinion = data.get("audit_opinion")
    if opinion not in AuditOpinion.values:
        errors["audit_opinion"] = [
            ValidationError(_("Choose the audit opinion."), code=CapitalErrorCode.INVALID)
        ]
    clean["audit_opinion"] = opinion
    auditor = normalize(str(data.get("auditor") or "")).strip()
    if len(auditor) > 128:
        errors["auditor"] = [
            ValidationError(_("At most 128 characters."), code=CapitalErrorCode.INVALID)
        ]
    clean["auditor"] = auditor
    if "fiscal_year" not in errors and isinstance(year, int):
        twice = FinancialStatement.objects.filter(enterprise=enterprise, fiscal_year=year)
        if exclude is not None:
            twice = twice.exclude(pk=exclude)
        if twice.exists():
            errors["fiscal_year"] = [
                ValidationError(
                    _("This fiscal year has already been entered."),
                    code=CapitalErrorCode.ALREADY_EXISTS,
                )
            ]
    if errors:
        raise ValidationError(errors)
    return clean


def _duplicate_year() -> ValidationError:
    return field_error(
        "fiscal_year",
        _("This fiscal year has already been entered."),
        CapitalErrorCode.ALREADY_EXISTS,
    )


@transaction.atomic
def statement_create(
    *, user: Any, enterprise: Enterprise, data: dict[str, Any]
) -> FinancialStatement:
    """The firm's editor enters one fiscal year; it waits for the adviser's confirmation."""
    require(CapitalScope(user).can_edit_readiness(enterprise))
    clean = _clean_statement(data, enterprise=enterprise, exclude=None)
    try:
        with transaction.atomic():  # a concurrent entry of the same year loses here
            return FinancialStatement.objects.create(
                enterprise=enterprise, entered_by=user, entered_at=timezone.now(), **clean
            )
    except IntegrityError as exc:
        raise _duplicate_year() from exc


@transaction.atomic
def statement_update(
    *, user: Any, statement: FinancialStatement, data: dict[str, Any]
) -> FinancialStatement:
    """A change to any figure clears the adviser's confirmation: they confirm what they saw."""
    statement = FinancialStatement.objects.select_for_update().get(pk=statement.pk)
    require(CapitalScope(user).can_edit_readiness(statement.enterprise))
    merged = {field: getattr(statement, field) for field in STATEMENT_FIELDS}
    merged.update({k: v for k, v in data.items() if k in STATEMENT_FIELDS})
    clean = _clean_statement(merged, enterprise=statement.enterprise, exclude=statement.pk)
    changed = any(getattr(statement, k) != v for k, v in clean.items())
    if not changed:
        return statement
    for key, value in clean.items():
        setattr(statement, key, value)
    statement.confirmed_by, statement.confirmed_at = None, None
    statement.entered_by, statement.entered_at = user, timezone.now()
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError as exc:
        raise _duplicate_year() from exc
    return statement


@transaction.atomic
def statement_delete(*, user: Any, statement: FinancialStatement) -> None:
    require(CapitalScope(user).can_edit_readiness(statement.enterprise))
    FinancialStatement.objects.filter(pk=statement.pk).delete()


@transaction.atomic
def statement_confirm(*, user: Any, statement: FinancialStatement) -> FinancialStatement:
    """The firm's engaged adviser confirms the figures as entered."""
    statement = FinancialStatement.objects.select_for_update().get(pk=statement.pk)
    if not CapitalScope(user).can_confirm_statements(statement.enterprise):
        raise field_error(
            "statement",
            _("Only the adviser the firm engaged confirms its statements."),
            CapitalErrorCode.NOT_ENGAGED,
        )
    if statement.confirmed_at is not None:
        raise field_error(
            "statement",
            _("These figures are already confirmed."),
            CapitalErrorCode.INVALID_STATE,
        )
    statement.confirmed_by, statement.confirmed_at = user, timezone.now()
    statement.save(update_fields=["confirmed_by", "confirmed_at"])
    return statement


# ---------------------------------------------------------------- gaps


@transaction.atomic
def gap_refer(*, user: Any, gap: Gap) -> Gap:
    """The firm sends a gap to a business clinic: a case request through the clinics' hook."""
    gap = Gap.objects.select_for_update().select_related("enterprise").get(pk=gap.pk)
    require(CapitalScope(user).can_refer_gap(gap.enterprise))
    if gap.status != GapStatus.OPEN:
        raise field_error(
            "gap",
            _("Only an open gap can be referred to a clinic."),
            CapitalErrorCode.INVALID_STATE,
        )
    providers = modules.hooks("clinic_intake")
    if not providers:
        raise field_error(
            "gap", _("No business clinic takes referrals now."), CapitalErrorCode.INVALID_STATE
        )
    title = FACTS.get(gap.key, (None, gap.key))[1]
    description = _("Capital-market readiness ({market}): {criterion}").format(
        market=gap.get_market_display(), criterion=title
    )
    request_case = next(iter(providers.values()))
    gap.clinic_referral_id = request_case(
        user=user, enterprise=gap.enterprise, description=description
    )
    gap.status, gap.referred_at = GapStatus.REFERRED, timezone.now()
    gap.save(update_fields=["clinic_referral_id", "status", "referred_at"])
    return gap


# ---------------------------------------------------------------- rule sets (staff, in the admin)


def rule_set_in_use(rule_set: RuleSet) -> bool:
    """A rule set an assessment has used is frozen: its results point at it."""
    return MarketResult.objects.filter(rule_set=rule_set).exists()


@transaction.atomic
def publish_new_version(*, rule_set: RuleSet) -> RuleSet:
    """Copies the rule set with its criteria as version + 1, in force, and retires every older
    version of the market. Assessments keep the version they used."""
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    latest = (
        RuleSet.objects.filter(market=rule_set.market)
        .order_by("-version")
        .values_list("version", flat=True)
    )[0]
    criteria = list(rule_set.criteria.all())
    RuleSet.objects.filter(market=rule_set.market).update(active=False)
    copy = RuleSet.objects.get(pk=rule_set.pk)
    copy.pk = None
    copy.version = latest + 1
    copy.active = True
    copy.created_at = timezone.now()
    copy.save()
    for criterion in criteria:
        criterion.pk = None
        criterion.rule_set = copy
    Criterion.objects.bulk_create(criteria)
    return copy


def assess_declared() -> int:
    """The weekly job: reassess every firm that has declared or entered figures, so scores
    follow the finance, clinic and technology records as they change."""
    ids = set(CapitalProfile.objects.values_list("enterprise_id", flat=True))
    ids |= set(FinancialStatement.objects.values_list("enterprise_id", flat=True).distinct())
    return len(assess_many(ids))
