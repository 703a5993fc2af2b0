"""Readiness pages: the firm's page (declaration, statements, assess, results per market, gaps),
the same page for its adviser and staff of its scope, and staff's board of latest scores."""

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from karsaz.accounts.scope import require
from karsaz.capital import selectors, services
from karsaz.capital.choices import EvidenceSource, Outcome
from karsaz.capital.filters import LatestScoreFilter
from karsaz.capital.forms import ProfileForm, StatementForm
from karsaz.capital.permissions import CapitalScope
from karsaz.capital.services.readiness import FACTS
from karsaz.core import money
from karsaz.core.actions import run_action
from karsaz.core.i18n import page_language
from karsaz.core.persian import to_persian_digits

# Facts shown as money; the others are counts, percentages or yes/no.
RIAL_FACTS = frozenset({"registered_capital", "revenue_last_year", "deals_value"})


def _shown_value(key: str, value: str) -> str:
    lang = page_language()
    if value in ("yes", "no"):
        return _("Yes") if value == "yes" else _("No")
    if value and key in RIAL_FACTS:
        return money.format_amount(int(value), lang=lang)
    return to_persian_digits(value) if lang == "fa" else value


def _market_rows(assessment: Any) -> list[dict[str, Any]]:
    sources = dict(EvidenceSource.choices)
    outcomes = dict(Outcome.choices)
    markets = []
    for result in assessment.markets.all():
        markets.append(
            {
                "result": result,
                "rule_set": result.rule_set,
                "criteria": [
                    {
                        "criterion": row.criterion,
                        "outcome": row.outcome,
                        "outcome_label": outcomes[row.outcome],
                        "value": _shown_value(row.criterion.key, row.value),
                        "source": sources.get(row.source, row.source),
                        "evidence": row.evidence,
                        "confirmed": row.confirmed,
                    }
                    for row in result.criteria.all()
                ],
            }
        )
    return markets


def _page(
    request: HttpRequest,
    firm: Any,
    status: int = 200,
    *,
    profile_form: Any = None,
    statement_form: Any = None,
) -> HttpResponse:
    scope = CapitalScope(request.user)
    actions = scope.readiness_actions(firm)
    profile = selectors.profile_of(firm)
    assessment = selectors.latest_assessment(firm)
    gaps = list(selectors.gaps_of(firm, open_only=True))
    for gap in gaps:
        gap.title = str(FACTS.get(gap.key, (None, gap.key))[1])  # type: ignore[attr-defined]
    context = {
        "firm": firm,
        "actions": actions,
        "profile": profile,
        "profile_form": profile_form or ProfileForm(initial=ProfileForm.initial_from(profile)),
        "statement_form": statement_form or StatementForm(),
        "statements": selectors.statements_of(firm),
        "assessment": assessment,
        "markets": _market_rows(assessment) if assessment else [],
        "gaps": gaps,
    }
    return render(request, "capital/readiness/firm.html", context, status=status)


def _firm_url(firm: Any) -> str:
    return reverse("capital:readiness_firm", args=[firm.pk])


@login_required
def readiness_home(request: HttpRequest) -> HttpResponse:
    """The user's own firm's page; staff go to the board; others see which firms they may open."""
    scope = CapitalScope(request.user)
    if scope.editor_of():
        return redirect("capital:readiness_firm", scope.editor_of()[0])
    if scope.staff:
        return redirect("capital:readiness_board")
    firms = selectors.readiness_firm_list(request.user)
    return render(request, "capital/readiness/firms.html", {"firms": firms})


@login_required
def readiness_firm(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.readiness_firm(request.user, pk))


@login_required
@require_POST
def profile_save(request: HttpRequest, pk: int) -> HttpResponse:
    firm = selectors.readiness_firm(request.user, pk)
    form = ProfileForm(request.POST)
    return run_action(
        request,
        lambda: services.profile_save(user=request.user, enterprise=firm, data=form.service_data()),
        done=_("The declaration was saved."),
        then=_firm_url(firm),
        form=form,
        rerender=lambda status: _page(request, firm, status, profile_form=form),
    )


@login_required
@require_POST
def statement_add(request: HttpRequest, pk: int) -> HttpResponse:
    firm = selectors.readiness_firm(request.user, pk)
    form = StatementForm(request.POST)
    return run_action(
        request,
        lambda: services.statement_create(
            user=request.user, enterprise=firm, data=form.cleaned_data
        ),
        done=_("The statement was saved; it awaits the adviser's confirmation."),
        then=_firm_url(firm),
        form=form,
        rerender=lambda status: _page(request, firm, status, statement_form=form),
    )


@login_required
def statement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    statement = selectors.statement_for(request.user, pk)
    firm = statement.enterprise
    require(CapitalScope(request.user).can_edit_readiness(firm))
    if request.method != "POST":
        initial = {name: getattr(statement, name) for name in StatementForm.base_fields}
        form = StatementForm(initial=initial)
        return render(
            request, "capital/readiness/statement_edit.html", {"form": form, "statement": statement}
        )
    form = StatementForm(request.POST)
    return run_action(
        request,
        lambda: services.statement_update(
            user=request.user, statement=statement, data=form.cleaned_data
        ),
        done=_("The statement was changed; the adviser confirms it again."),
        then=_firm_url(firm),
        form=form,
        rerender=lambda status: render(
            request,
            "capital/readiness/statement_edit.html",
            {"form": form, "statement": statement},
            status=status,
        ),
    )


@login_required
@require_POST
def statement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    statement = selectors.statement_for(request.user, pk)
    return run_action(
        request,
        lambda: services.statement_confirm(user=request.user, statement=statement),
        done=_("The figures were confirmed."),
        then=_firm_url(statement.enterprise),
    )


@login_required
@require_POST
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    firm = selectors.readiness_firm(request.user, pk)
    return run_action(
        request,
        lambda: services.assess(user=request.user, enterprise=firm),
        done=_("The firm was assessed against every market."),
        then=_firm_url(firm),
    )


@login_required
@require_POST
def gap_refer(request: HttpRequest, pk: int) -> HttpResponse:
    gap = selectors.gap_for(request.user, pk)
    return run_action(
        request,
        lambda: services.gap_refer(user=request.user, gap=gap),
        done=_("The gap was sent to a business clinic as a case request."),
        then=_firm_url(gap.enterprise),
    )


@login_required
def readiness_board(request: HttpRequest) -> HttpResponse:
    """Staff: each firm's latest market scores, by province; CSV with ?format=csv."""
    scope = CapitalScope(request.user)
    require(scope.staff)
    filterset = LatestScoreFilter(
        request.GET or None, queryset=selectors.latest_scores(request.user)
    )
    rows = filterset.qs
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="capital-readiness.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["province", "enterprise_id", "enterprise", "market", "version",
                         "score", "met", "unknown", "total", "assessed_at"])  # fmt: skip
        for r in rows.iterator():
            firm = r.assessment.enterprise
            writer.writerow([firm.province.code, firm.pk, firm.name_fa, r.rule_set.market,
                             r.rule_set.version, r.score, r.met, r.unknown, r.total,
                             r.assessment.made_at.isoformat()])  # fmt: skip
        return response
    return render(
        request,
        "capital/readiness/board.html",
        {"form": filterset.form, "rows": rows[:500], "total": rows.count()},
    )
