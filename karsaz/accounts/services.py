"""Writes to accounts: preferences, tokens and staff scope."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from karsaz.accounts.choices import CurrencyUnit, Language
from karsaz.accounts.models import User
from karsaz.core.persian import normalize


@transaction.atomic
def user_update_preferences(*, user: User, data: dict[str, Any]) -> User:
    errors: dict[str, list[str]] = {}
    if "language" in data and data["language"] not in Language.values:
        errors["language"] = [_("Unknown language.")]
    if "currency_unit" in data and data["currency_unit"] not in CurrencyUnit.values:
        errors["currency_unit"] = [_("Unknown currency unit.")]
    if errors:
        raise ValidationError(errors)
    for key in ("language", "currency_unit"):
        if key in data:
            setattr(user, key, data[key])
    for key in ("first_name", "last_name"):
        if key in data:
            setattr(user, key, normalize(data[key])[:150])
    user.save(update_fields=["language", "currency_unit", "first_name", "last_name"])
    return user


@transaction.atomic
def user_rotate_token(*, user: User) -> Token:
    """Replaces the user's API token: the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def user_get_token(*, user: User) -> Token:
    """The user's current API token; an expired one is replaced by a new one."""
    from karsaz.accounts.authentication import token_expired

    token = Token.objects.select_for_update().filter(user=user).first()
    if token is None or token_expired(token):
        return user_rotate_token(user=user)
    return token


@transaction.atomic
def user_revoke_token(*, user: User) -> bool:
    """Deletes the user's API token (a lost laptop, a leaked script): True if there was one."""
    deleted, _detail = Token.objects.filter(user=user).delete()
    return bool(deleted)
