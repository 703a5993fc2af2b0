"""The product's 404, 403, 500 and CSRF pages, in Persian and in English, and JSON under /api/."""

import pytest
from django.test import Client

from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db

TEXT = {
    "fa": {
        404: "این صفحه وجود ندارد",
        403: "به این صفحه دسترسی ندارید",
        500: "خطایی پیش آمد",
        "csrf": "فرم منقضی شده است",
    },
    "en": {
        404: "This page does not exist",
        403: "You do not have access to this page",
        500: "Something went wrong",
        "csrf": "The form expired",
    },
}


def _client(lang: str, **kwargs) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang, **kwargs)
    client.cookies["karsaz_language"] = lang
    return client


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_404_and_403_pages_in_the_users_language(users, lang):
    client = _client(lang)
    client.force_login(users.outsider)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and TEXT[lang][404] in html
    assert f'lang="{lang}"' in html and 'class="topbar"' in html
    event = make_event(organizer=users.qazvin_officer)
    response = client.get(f"/events/{event.pk}/day/")
    assert response.status_code == 403 and TEXT[lang][403] in response.content.decode()
    other = TEXT["en" if lang == "fa" else "fa"]
    assert other[404] not in html


@pytest.mark.urls("karsaz.core.tests.urls_boom")
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_500_page_in_the_users_language_and_json_under_the_api(lang):
    client = _client(lang, raise_request_exception=False)
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert TEXT[lang][500] in html and f'lang="{lang}"' in html
    assert "boom" not in html and "Traceback" not in html
    api = client.get("/api/v1/boom/")
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    assert set(api.json()) == {"detail"}


def test_api_answers_json_for_an_unknown_path(users):
    client = _client("en")
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_csrf_failure_page_in_the_products_style(users, lang):
    event = make_event(organizer=users.qazvin_officer)
    delegate = make_delegate(event, username="a")
    client = _client(lang, enforce_csrf_checks=True)
    client.force_login(delegate.user)
    response = client.post(f"/events/{event.pk}/me/", {"max_meetings": "3"})
    html = response.content.decode()
    assert response.status_code == 403
    assert TEXT[lang]["csrf"] in html and 'class="topbar"' in html
    assert delegate.__class__.objects.get(pk=delegate.pk).max_meetings == 12  # nothing saved
