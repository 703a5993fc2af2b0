"""Fixtures of the capital tests, one import per area (each area's world lives beside it)."""

from karsaz.capital.tests.dossier_fixtures import dw  # noqa: F401
