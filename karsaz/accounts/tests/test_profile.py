"""The profile page: the API token shown once then masked, and the password changed in place."""

from django.urls import reverse
from rest_framework.authtoken.models import Token

from karsaz.accounts.services import user_get_token


def test_a_new_token_is_shown_once_then_masked(client, users):
    client.force_login(users.national)
    client.post(reverse("accounts:rotate_token"))
    key = Token.objects.get(user=users.national).key
    first = client.get(reverse("accounts:profile")).content.decode()
    assert key in first
    again = client.get(reverse("accounts:profile")).content.decode()
    assert key not in again
    assert f"••••••••{key[-4:]}" in again


def test_an_existing_token_is_never_shown_whole(client, users):
    key = user_get_token(user=users.national).key
    client.force_login(users.national)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert key not in html
    assert f"••••••••{key[-4:]}" in html


def test_password_change_keeps_the_session_and_the_new_password_works(client, users):
    client.force_login(users.national)
    response = client.post(
        reverse("accounts:change_password"),
        {
            "old_password": "pass-1234-word",
            "new_password1": "a-longer-pass-5678",
            "new_password2": "a-longer-pass-5678",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200  # still signed in
    users.national.refresh_from_db()
    assert users.national.check_password("a-longer-pass-5678")


def test_a_wrong_old_password_is_a_field_error_and_changes_nothing(client, users):
    client.force_login(users.national)
    response = client.post(
        reverse("accounts:change_password"),
        {
            "old_password": "nope",
            "new_password1": "x-9876-yz-long",
            "new_password2": "x-9876-yz-long",
        },
        HTTP_ACCEPT_LANGUAGE="fa",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="old_password"' in html
    users.national.refresh_from_db()
    assert users.national.check_password("pass-1234-word")


def test_password_change_needs_sign_in_and_post(client, users):
    assert client.post(reverse("accounts:change_password")).status_code == 302
    client.force_login(users.national)
    assert client.get(reverse("accounts:change_password")).status_code == 405
