"""The floor page bench/web.py divides by: absent unless `KARSAZ_BENCH_FLOOR` is on, then the
base template for a signed-in user and the sign-in page for anyone else."""

import pytest
from django.test import Client

from karsaz.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
# The base template and what it includes itself, nothing of a page.
TEMPLATES = ["base.html", "notifications/partials/bell_icon.svg"]


def test_absent_when_off(settings):
    settings.KARSAZ_BENCH_FLOOR = False
    client = Client()
    assert client.get("/bench/floor/").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/bench/floor/").status_code == 404


def test_the_base_template_for_a_signed_in_user_when_on(settings):
    settings.KARSAZ_BENCH_FLOOR = True
    client = Client()
    client.force_login(UserFactory())
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert [t.name for t in response.templates] == TEMPLATES
    assert 'dir="rtl"' in response.content.decode()


def test_anonymous_is_sent_to_sign_in_when_on(settings):
    settings.KARSAZ_BENCH_FLOOR = True
    response = Client().get("/bench/floor/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/bench/floor/"
