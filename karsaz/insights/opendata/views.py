"""The portal's pages and downloads: no sign-in, no ORM here (datasets, tables, dcat read)."""

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from karsaz.core.i18n import page_language
from karsaz.insights.opendata import dcat, presentation, query, tables, writers
from karsaz.insights.opendata.datasets import Dataset, dataset, datasets

PREVIEW_ROWS = 60


def _found(code: str) -> Dataset:
    found = dataset(code)
    if found is None:
        raise Http404(_("There is no dataset {code}.").format(code=code[:80]))
    return found


def index(request: HttpRequest) -> HttpResponse:
    entries = presentation.entries(datasets())
    return render(request, "insights/open/index.html", {"entries": entries})


def detail(request: HttpRequest, code: str) -> HttpResponse:
    found = _found(code)
    selection, errors = query.parse(found, request.GET)
    return _page(request, found, selection, errors)


def download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    found = _found(code)
    selection, errors = query.parse(found, request.GET)
    if errors:  # the page itself, with the errors beside the filters
        return _page(request, found, selection, errors)
    table = tables.build(found, selection)
    lang = page_language()
    if fmt == "csv":
        response = HttpResponse(writers.to_csv(table, lang), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{found.code}.csv"'
        return response
    body = writers.to_json(table, lang, meta=presentation.metadata(found, lang))
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})


def catalog(request: HttpRequest) -> HttpResponse:
    def link(name: str, kwargs: dict[str, str]) -> str:
        return request.build_absolute_uri(reverse(f"open:{name}", kwargs=kwargs))

    body = dcat.catalog(link, **presentation.catalog_text())
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )


def _page(
    request: HttpRequest, found: Dataset, selection: tables.Selection, errors: query.Errors
) -> HttpResponse:
    lang = page_language()
    table = tables.build(found, selection if not errors else tables.Selection())
    context = {
        "dataset": found,
        "about": presentation.about(found),
        "filters": presentation.filters(found, table, request.GET, errors),
        "errors": [e.messages[0] for field in errors.values() for e in field],
        "preview": presentation.preview(table, lang, limit=PREVIEW_ROWS),
        "query": request.GET.urlencode(),
    }
    return render(request, "insights/open/dataset.html", context, status=400 if errors else 200)
