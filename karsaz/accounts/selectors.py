"""Reads about the signed-in user: their API token and their memberships (views never query)."""

from django.db.models import QuerySet
from rest_framework.authtoken.models import Token

from karsaz.accounts.models import User


def api_token(user: User) -> Token | None:
    """The user's API token, if one was issued."""
    return Token.objects.filter(user=user).first()


def memberships(user: User) -> QuerySet:
    """The user's memberships with their enterprises, for the profile page."""
    return user.memberships.select_related("enterprise")


def me(user: User) -> User:
    """The user with their memberships' enterprises, for the API's `me`."""
    return User.objects.prefetch_related("memberships__enterprise").get(pk=user.pk)
