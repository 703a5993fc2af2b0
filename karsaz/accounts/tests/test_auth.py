import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.authtoken.models import Token

from karsaz.accounts.models import User

pytestmark = pytest.mark.django_db


def test_sign_in_sets_the_users_language(client, users):
    users.national.language = "en"
    users.national.save()
    response = client.post(
        reverse("accounts:login"), {"username": "national", "password": "pass-1234-word"}
    )
    assert response.status_code == 302
    assert response.cookies["karsaz_language"].value == "en"


def test_repeated_failures_lock_the_account_for_a_while(client, users):
    for _ in range(2):
        response = client.post(
            reverse("accounts:login"), {"username": "national", "password": "wrong"}
        )
        assert response.status_code == 200
    third = client.post(reverse("accounts:login"), {"username": "national", "password": "wrong"})
    assert third.status_code == 429
    locked = client.post(
        reverse("accounts:login"), {"username": "national", "password": "pass-1234-word"}
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_email_through_the_task_queue(client, users):
    users.national.email = "n@example.ir"
    users.national.save()
    response = client.post(reverse("accounts:password_reset"), {"email": "n@example.ir"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_language_switch_persists_on_the_user(client, users):
    client.force_login(users.sme_owner)
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/registry/"})
    assert response.status_code == 302 and response["Location"] == "/registry/"
    assert User.objects.get(pk=users.sme_owner.pk).language == "en"
    evil = client.post(
        reverse("accounts:language"), {"language": "fa", "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/"


def test_token_api_and_rotation(client, api_as, users):
    response = client.post(
        "/api/v1/auth/token/", {"username": "national", "password": "pass-1234-word"}
    )
    assert response.status_code == 200
    key = response.json()["token"]
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert me.json()["username"] == "national" and me.json()["agency_role"] == "national_staff"
    client.force_login(users.national)
    client.post(reverse("accounts:rotate_token"))
    assert Token.objects.get(user=users.national).key != key
    client.logout()
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_token_api_bad_credentials_is_400(client, users):
    response = client.post("/api/v1/auth/token/", {"username": "national", "password": "nope"})
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_me_preferences(api_as, users):
    client = api_as(users.qazvin_officer)
    body = client.get("/api/v1/me/").json()
    assert body["province"] == "26"
    assert client.patch("/api/v1/me/", {"currency_unit": "toman"}, format="json").status_code == 200
    assert (
        client.patch("/api/v1/me/", {"currency_unit": "dollar"}, format="json").status_code == 400
    )
    assert (
        client.patch("/api/v1/me/", {"agency_role": "national_admin"}, format="json").json()[
            "agency_role"
        ]
        == "provincial_staff"
    )


def test_provincial_staff_needs_a_province(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        User.objects.create(username="x", agency_role="provincial_staff")
