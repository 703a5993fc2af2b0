"""The pages: the bell's count, the list, read one (and open its link), read all, settings."""

import pytest
from django.test import Client

from karsaz.notifications import services
from karsaz.notifications.choices import Kind
from karsaz.notifications.models import Notification, NotificationSetting
from karsaz.testing.queries import count_queries

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_bell_shows_the_unread_count_in_persian_digits(users):
    for title in "abc":
        services.notify(users.sme_owner, Kind.CLINICS_CASE, title=title)
    page = client_for(users.sme_owner).get("/registry/").content.decode()
    assert 'hx-get="/notifications/bell/"' in page  # the page loads the bell after itself
    bell = client_for(users.sme_owner).get("/notifications/bell/").content.decode()
    assert 'data-testid="bell-count">۳</span>' in bell
    empty = client_for(users.national).get("/notifications/bell/").content.decode()
    assert 'data-testid="bell"' in empty and 'data-testid="bell-count"' not in empty


def test_the_bell_costs_the_same_at_any_count(users):
    client = client_for(users.sme_owner)
    before = count_queries(client, "/notifications/bell/")
    for i in range(20):
        services.notify(users.sme_owner, Kind.CLINICS_CASE, title=str(i))
    assert count_queries(client, "/notifications/bell/") == before == 4


def test_list_shows_only_mine_in_the_page_language(users):
    services.notify(
        users.sme_owner, Kind.EVENTS_MEETING_REQUEST, title="{name} asks to meet you.",
        params={"name": "سپهر"},
    )  # fmt: skip
    services.notify(users.national, Kind.CLINICS_CASE, title="secret-of-national")
    page = client_for(users.sme_owner).get("/notifications/").content.decode()
    assert "سپهر درخواست دیدار با شما را دارد." in page
    assert "secret-of-national" not in page


def test_read_one_opens_its_link_and_refuses_anothers(users):
    mine = services.notify(users.sme_owner, Kind.CLINICS_CASE, title="a", link="/clinics/")
    theirs = services.notify(users.national, Kind.CLINICS_CASE, title="b")
    client = client_for(users.sme_owner)
    response = client.post(f"/notifications/{mine.pk}/read/", {"open": "1"})
    assert (response.status_code, response["Location"]) == (302, "/clinics/")
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert client.get(f"/notifications/{mine.pk}/read/").status_code == 405
    assert list(Notification.objects.filter(read_at__isnull=False)) == [mine]


def test_an_outside_link_is_not_followed(users):
    row = services.notify(
        users.sme_owner, Kind.CLINICS_CASE, title="a", link="https://evil.example/"
    )
    response = client_for(users.sme_owner).post(f"/notifications/{row.pk}/read/", {"open": "1"})
    assert response["Location"] == "/notifications/"


def test_read_all_needs_csrf(users):
    services.notify(users.sme_owner, Kind.CLINICS_CASE, title="a")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users.sme_owner)
    assert strict.post("/notifications/read-all/").status_code == 403
    response = client_for(users.sme_owner).post("/notifications/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_settings_page_saves_each_kind(users):
    client = client_for(users.sme_owner)
    assert client.get("/notifications/settings/").status_code == 200
    data = {f"{kind}-in_app": "on" for kind in Kind.values} | {"finance_bid_taken-email": "on"}
    response = client.post("/notifications/settings/", data)
    assert response.status_code == 302
    rows = NotificationSetting.objects.filter(user=users.sme_owner)
    assert rows.count() == len(Kind)
    assert list(rows.filter(email=True).values_list("kind", flat=True)) == ["finance_bid_taken"]


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/notifications/").status_code == 302
