"""Dashboards (skeleton: the national table of every fact; the dashboards replace it)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from karsaz.insights import catalog, selectors
from karsaz.insights.permissions import InsightsScope


def home(request: HttpRequest) -> HttpResponse:
    scope = InsightsScope(request.user)
    figures = [
        (fact, selectors.breakdown(fact, selectors.Filters())[:1])
        for fact in catalog.facts().values()
        if scope.sees_fact(fact)
    ]
    return render(request, "insights/home.html", {"figures": figures})
