"""Dashboards: the country, a province, a park; one figure's page; the exports.

The dashboards need a sign-in (the public's door is the open-data portal at /open/). Thin views:
the filter form, then `dashboards.Composer` (the scope, the reads, the links) and a template or
an export. A bad filter (a month 13, a province that is not one) re-renders the page with the
error beside its field and status 400; a province a provincial officer may not see is a 403.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.core.i18n import page_language
from karsaz.insights import cohorts as cohort_reads
from karsaz.insights import dashboards, exports, pagecache, selectors
from karsaz.insights.choices import Chart, ChartFormat, DashboardFormat, Level
from karsaz.insights.forms import DashboardFilterForm
from karsaz.insights.permissions import InsightsScope


def _form(request: HttpRequest, place: dashboards.Place) -> DashboardFilterForm:
    """The filters as sent, the dashboard's own province and park selected unless the query
    names others (an explicit empty value is "all": the wider dashboard)."""
    choices = dashboards.filter_choices(place, scope=InsightsScope(request.user))
    data = request.GET.copy()
    for name, value in place.query.items():
        data.setdefault(name, str(value))
    if place.park is not None and place.province is not None:
        data.setdefault("province", place.province.code)
    form = DashboardFilterForm(data, **choices)
    form.is_valid()
    return form


def _data(form: DashboardFilterForm) -> dict[str, Any]:
    return {**form.cleaned_data, "period_obj": form.parsed_period}


def _narrower(place: dashboards.Place, form: DashboardFilterForm) -> str | None:
    """Where a dashboard's province or park filter leads: that province's or park's own page,
    the country's when both are "all" (with the other filters), or None to stay."""
    data = form.cleaned_data
    park, province = data.get("park") or "", data.get("province") or ""
    keep = {k: data[k] for k in ("period", "isic", "size", "kind", "series") if data.get(k)}
    suffix = f"?{urlencode(keep)}" if keep else ""
    here_park = str(place.park.pk) if place.park else ""
    here_province = place.province.code if place.province else ""
    if province != here_province and park == here_park:
        park = ""  # another province (or all of them): the park chosen here stays behind
    if park and park != here_park:
        return reverse("insights:park", kwargs={"pk": int(park)}) + suffix
    if not park and province and (here_park or province != here_province):
        return reverse("insights:province", kwargs={"code": province}) + suffix
    if not park and not province and place.level != Level.NATIONAL:
        return reverse("insights:home") + suffix
    return None


def _dashboard(request: HttpRequest, place: dashboards.Place) -> HttpResponse:
    form = _form(request, place)
    if form.is_valid() and (target := _narrower(place, form)) is not None:
        return redirect(target)
    context: dict[str, Any] = {
        "form": form, "place": place, "lang": page_language(),
        "staff": InsightsScope(request.user).staff,
    }  # fmt: skip
    if not form.is_valid():
        return render(request, "insights/dashboard.html", context, status=400)
    context["fragments"] = _figures(request, place, form)
    return render(request, "insights/dashboard.html", context)


def _figures(
    request: HttpRequest, place: dashboards.Place, form: DashboardFilterForm
) -> dict[str, Any]:
    """The rendered figures: from the cache of this refresh generation, or composed, rendered
    and kept there (`pagecache`)."""
    scope = InsightsScope(request.user)
    map_code = dashboards.map_code(scope, request.GET.get("fact", ""))
    key = pagecache.key(
        scope=scope, place=place.query, filters=form.cleaned_data, map_code=map_code,
        lang=page_language(), currency=getattr(request.user, "currency_unit", "rial"),
    )  # fmt: skip
    fragments = pagecache.get(key)
    if fragments is None:
        composer = dashboards.Composer(user=request.user, place=place, form_data=_data(form))
        board = composer.dashboard(map_code=map_code)
        context = {
            "board": board, "place": place, "user": request.user,
            "export_query": urlencode({**place.query, **_query(board)}),
        }  # fmt: skip
        fragments = {
            name: render_to_string(f"insights/partials/board{suffix}.html", context)
            for name, suffix in (("head", "_head"), ("actions", "_actions"), ("main", ""))
        }
        pagecache.put(key, fragments)
    return fragments


def _query(board: dashboards.Dashboard) -> dict[str, Any]:
    return {k: v for k, v in board.query.items() if v}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, dashboards.place_for(user=request.user))


@login_required
def province(request: HttpRequest, code: str) -> HttpResponse:
    return _dashboard(request, dashboards.place_for(user=request.user, province=code))


@login_required
def park(request: HttpRequest, pk: int) -> HttpResponse:
    return _dashboard(request, dashboards.place_for(user=request.user, park=pk))


def _place_from_query(request: HttpRequest) -> dashboards.Place:
    """A figure's page and the exports take their level from ?province= or ?park=."""
    park_id = request.GET.get("park", "")
    province_code = request.GET.get("province", "")
    return dashboards.place_for(
        user=request.user,
        park=int(park_id) if park_id.isdigit() else None,
        province=province_code or None,
    )


@login_required
def fact(request: HttpRequest, code: str) -> HttpResponse:
    found = dashboards.fact_for(user=request.user, code=code)
    place = _place_from_query(request)
    form = _form(request, place)
    context: dict[str, Any] = {"form": form, "place": place, "fact": found}
    if not form.is_valid():
        return render(request, "insights/fact.html", context, status=400)
    composer = dashboards.Composer(user=request.user, place=place, form_data=_data(form))
    figure, board = composer.fact_page(found)
    context.update(figure=figure, board=board)
    return render(request, "insights/fact.html", context)


def _bad_filters(form: DashboardFilterForm) -> HttpResponse:
    lines = [
        f"{form.fields[name].label if name in form.fields else name}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    ]
    return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")


@login_required
def chart_export(request: HttpRequest, code: str, chart: str, fmt: str) -> HttpResponse:
    if fmt not in ChartFormat.values:
        return HttpResponseBadRequest(_("Unknown export format."))
    if chart not in Chart.values:
        return HttpResponseBadRequest(_("Unknown chart."))
    found = dashboards.fact_for(user=request.user, code=code)
    place = _place_from_query(request)
    form = _form(request, place)
    if not form.is_valid():
        return _bad_filters(form)
    composer = dashboards.Composer(user=request.user, place=place, form_data=_data(form))
    data = composer.one_chart(found, chart)
    content, content_type = exports.chart_file(data, fmt=fmt)
    return exports.attachment(content, content_type, f"karsaz-{found.code}-{chart}.{fmt}")


@login_required
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in DashboardFormat.values:
        return HttpResponseBadRequest(_("Unknown export format."))
    place = _place_from_query(request)
    form = _form(request, place)
    if not form.is_valid():
        return _bad_filters(form)
    composer = dashboards.Composer(user=request.user, place=place, form_data=_data(form))
    board = composer.dashboard()
    content, content_type = exports.dashboard_file(board, fmt=fmt)
    suffix = "".join(f"-{k}-{v}" for k, v in place.query.items())
    return exports.attachment(content, content_type, f"karsaz-insights{suffix}.{fmt}")


@login_required
def firm(request: HttpRequest, pk: int) -> HttpResponse:
    """A firm's own timeline across programmes, filterable by programme: its members, national
    staff and its province's officer; a 404 for anyone else."""
    enterprise = selectors.firm(user=request.user, pk=pk)
    programmes = selectors.timeline_programmes()
    programme = request.GET.get("programme", "")
    context: dict[str, Any] = {
        "enterprise": enterprise,
        "programme": programme,
        "programmes": [(p, dashboards.MODULE_LABELS.get(p, p)) for p in programmes],
    }
    if programme and programme not in programmes:
        context["error"] = _("There is no such programme.")
        return render(request, "insights/firm.html", context, status=400)
    context["rows"] = selectors.firm_timeline(enterprise, programme)
    return render(request, "insights/firm.html", context)


@login_required
def cohorts(request: HttpRequest) -> HttpResponse:
    """Clinic clients against comparable firms without a case (`cohorts.py`): staff only; a
    provincial officer's page is their province's, national staff may choose one."""
    scope = InsightsScope(request.user)
    require(scope.staff, _("The cohorts are for agency staff."))
    code = request.GET.get("province", "")
    if scope.national:
        place = dashboards.place_for(user=request.user, province=code or None)
    else:
        place = dashboards.own_province(scope)
    province = place.province
    found = cohort_reads.cohorts(province_id=province.pk if province else None)
    choices = dashboards.filter_choices(place, scope=scope)["provinces"]
    context = {"cohorts": found, "province": province, "provinces": choices, "scope": scope}
    return render(request, "insights/cohorts.html", context)
