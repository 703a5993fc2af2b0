"""Finding 9: sign-in protection (real client address, per-address limit, owner's way back,
429 on the token endpoint) and API tokens that expire and can be revoked."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from karsaz.accounts.throttling import client_ip
from karsaz.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.2"
LOGIN = "/accounts/login/"
GOOD = "pass-1234-word"


def via_proxy(client, address, **data):
    return client.post(LOGIN, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {address}")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", PROXY),  # no proxy configured: a client's header is ignored
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the forged left part is ignored
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
    ],
)
def test_client_ip_follows_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.KARSAZ_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_an_attacker_cannot_lock_the_owner_out(settings, users):
    settings.KARSAZ_PROXY_COUNT = 1
    attacker, owner = Client(), Client()
    for _ in range(3):
        via_proxy(attacker, "203.0.113.5", username="national", password="wrong")
    assert via_proxy(attacker, "203.0.113.5", username="national", password=GOOD).status_code == 429
    assert via_proxy(owner, "198.51.100.7", username="national", password=GOOD).status_code == 302


def test_spraying_one_password_across_usernames_is_slowed(settings, users):
    settings.KARSAZ_ADDRESS_FAILURE_LIMIT = 5
    client = Client()
    for n in range(5):  # five accounts, one wrong password each: no pair reaches its limit of 3
        assert client.post(LOGIN, {"username": f"user-{n}", "password": "Summer2026"}).status_code
    response = client.post(LOGIN, {"username": "national", "password": GOOD})
    assert response.status_code == 429 and int(response["Retry-After"]) == 900
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(LOGIN, {"username": "national", "password": GOOD}).status_code == 302


def test_a_password_reset_by_email_lifts_the_lockout(client, users):
    users.national.email = "n@example.ir"
    users.national.save()
    for _ in range(3):
        client.post(LOGIN, {"username": "national", "password": "wrong"})
    assert client.post(LOGIN, {"username": "national", "password": GOOD}).status_code == 429
    client.post(reverse("accounts:password_reset"), {"email": "n@example.ir"})
    link = re.search(r"(/accounts/password/reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body)[1]
    form_url = client.get(link)["Location"]
    done = client.post(
        form_url, {"new_password1": "a-new-long-secret-9", "new_password2": "a-new-long-secret-9"}
    )
    assert done.status_code == 302
    signed_in = client.post(LOGIN, {"username": "national", "password": "a-new-long-secret-9"})
    assert signed_in.status_code == 302


def test_token_endpoint_answers_429_with_retry_after_while_locked(client, users):
    for _ in range(2):
        bad = client.post("/api/v1/auth/token/", {"username": "national", "password": "x"})
        assert bad.status_code == 400
    for password in ("x", GOOD):
        locked = client.post("/api/v1/auth/token/", {"username": "national", "password": password})
        assert locked.status_code == 429
        assert locked["Retry-After"] == "900" and "detail" in locked.json()


def test_tokens_expire(client, settings, users):
    settings.KARSAZ_TOKEN_DAYS = 30
    old = Token.objects.create(user=users.national)
    Token.objects.filter(pk=old.pk).update(created=timezone.now() - dt.timedelta(days=30, hours=1))
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {old.key}").status_code == 401
    body = client.post("/api/v1/auth/token/", {"username": "national", "password": GOOD}).json()
    assert body["token"] != old.key and body["expires"]
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert me.status_code == 200
    again = client.post("/api/v1/auth/token/", {"username": "national", "password": GOOD})
    assert again.json()["token"] == body["token"]  # a valid token is handed out again


def test_owner_revokes_the_token_by_api_and_on_the_profile_page(client, users):
    key = Token.objects.create(user=users.national).key
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.delete("/api/v1/auth/token/").status_code == 401
    assert client.delete("/api/v1/auth/token/", **auth).status_code == 204
    assert client.get("/api/v1/me/", **auth).status_code == 401
    other = UserFactory(username="other")
    Token.objects.create(user=other)
    key = Token.objects.create(user=users.national).key
    client.force_login(users.national)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'data-testid="revoke-token"' in page and 'data-testid="token-expires"' in page
    assert client.post(reverse("accounts:revoke_token")).status_code == 302
    assert not Token.objects.filter(user=users.national).exists()
    assert Token.objects.filter(user=other).exists()
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
