"""The user's notifications: the list (read one, read all) and the settings per kind."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from karsaz.core.actions import run_action
from karsaz.core.listing import list_response, page_of
from karsaz.notifications import selectors, services
from karsaz.notifications.forms import SettingsForm

PAGE_SIZE = 30


@login_required
def bell(request: HttpRequest) -> HttpResponse:
    """The header's bell with the unread count (htmx loads it after the page: one COUNT)."""
    unread = selectors.unread_count(user=request.user)
    return render(request, "notifications/partials/bell.html", {"unread": unread})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.notification_list(user=request.user), per_page=PAGE_SIZE)
    return list_response(
        request,
        template="notifications/list.html",
        partial_template="notifications/partials/list.html",
        context={"page": page, "query": ""},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks it read, then opens its link when it has one (else back to the list)."""
    listing = reverse("notifications:list")

    def then(notification: object) -> str:
        link = getattr(notification, "link", "")
        safe = link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()})
        return link if safe and request.POST.get("open") else listing

    return run_action(
        request,
        lambda: services.notification_mark_read(user=request.user, pk=pk),
        done=None,
        then=then,
        back=listing,
    )


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    return run_action(
        request,
        lambda: services.notifications_mark_all_read(user=request.user),
        done=_("All notifications are marked read."),
        then=reverse("notifications:list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    table = selectors.settings_table(user=request.user)
    form = SettingsForm(request.POST if request.method == "POST" else None, table=table)

    def page(status: int) -> HttpResponse:
        return render(request, "notifications/settings.html", {"form": form}, status=status)

    if request.method == "GET":
        return page(200)
    return run_action(
        request,
        lambda: services.settings_update(user=request.user, choices=form.choices()),
        done=_("Your notification settings are saved."),
        then=reverse("notifications:settings"),
        form=form,
        rerender=page,
    )
