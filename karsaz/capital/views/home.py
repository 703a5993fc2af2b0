from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from karsaz.capital.permissions import CapitalScope


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The programme's entry: readiness, admission and crowdfunding, with the staff boards for
    national and provincial staff."""
    return render(request, "capital/home.html", {"staff": CapitalScope(request.user).staff})
