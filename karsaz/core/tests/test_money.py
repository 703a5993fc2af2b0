import pytest

from karsaz.core.money import format_amount


def test_rials_persian_grouping_and_digits() -> None:
    assert format_amount(33_000_000_000, lang="fa") == "۳۳٬۰۰۰٬۰۰۰٬۰۰۰ ریال"


def test_rials_english() -> None:
    assert format_amount(1_250_000, lang="en") == "1,250,000 rials"


def test_toman_keeps_every_rial() -> None:
    assert format_amount(12_345, unit="toman", lang="en") == "1,234.5 toman"
    assert format_amount(12_340, unit="toman", lang="fa") == "۱٬۲۳۴ تومان"
    assert format_amount(-50, unit="toman", lang="en") == "-5 toman"


@pytest.mark.parametrize("bad", [1.5, "100", True])
def test_refuses_non_integers(bad: object) -> None:
    with pytest.raises(TypeError):
        format_amount(bad, lang="en")  # type: ignore[arg-type]


def test_none_is_blank() -> None:
    assert format_amount(None) == ""


# ---------------------------------------------------------------- the rial type (issue 11)

from django import forms as dj_forms  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.utils import translation  # noqa: E402
from rest_framework.exceptions import ValidationError as ApiError  # noqa: E402

from karsaz.core.money import (  # noqa: E402
    INT64_MAX,
    MAX_BALANCE,
    MAX_RIALS,
    RialField,
    RialFormField,
    RialSerializerField,
    parse_rials,
    rial_error,
)


def test_the_bounds_leave_room_inside_64_bits() -> None:
    assert MAX_RIALS == 10**15
    assert 9_000 * MAX_RIALS <= MAX_BALANCE < INT64_MAX
    # One more amount (even a few) on a total at its bound still fits in 64 bits.
    assert MAX_BALANCE + 10 * MAX_RIALS < INT64_MAX


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("۱٬۲۵۰٬۰۰۰", 1_250_000),
        ("١٬٢٥٠", 1250),
        ("1,250,000", 1_250_000),
        ("1 250 000", 1_250_000),
        ("۱۲\u200c۰۰۰", 12_000),
        ("-5", -5),
        ("−۵", -5),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_rials_reads_every_script_and_keeps_the_sign(typed: str, value: int | None) -> None:
    assert parse_rials(typed) == value


@pytest.mark.parametrize("typed", ["1-000", "5-", "--5", "1.5", "۱٫۵", "1e3", "abc", "+-1", "١-"])
def test_parse_rials_refuses_what_is_not_a_whole_number(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_rials(typed)


def _form_error(field: dj_forms.Field, typed: str) -> tuple[str, str]:
    with pytest.raises(ValidationError) as err:
        field.clean(typed)
    return err.value.code or "", err.value.messages[0]


def test_form_field_refuses_negatives_malformed_and_huge_in_the_users_language() -> None:
    field = RialFormField()
    with translation.override("en"):
        assert _form_error(field, "-5") == ("min_value", "The amount cannot be negative.")
        assert _form_error(field, "1-000") == ("invalid", "Enter a whole number of rials.")
        assert _form_error(field, str(2**63)) == (
            "max_value",
            "The amount may be at most 1,000,000,000,000,000 rials.",
        )
    with translation.override("fa"):
        assert _form_error(field, "-5") == ("min_value", "مبلغ نمی‌تواند منفی باشد.")
    assert field.clean("۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰") == MAX_RIALS
    signed = RialFormField(min_value=-MAX_RIALS)
    assert signed.clean("-۵۰۰") == -500
    assert RialFormField(required=False).clean("") is None


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (1000.0, "invalid"),
        (1e3, "invalid"),
        ("000100", "invalid"),
        ("100", "invalid"),
        (True, "invalid"),
        (None, "null"),
        (-1, "min_value"),
        (MAX_RIALS + 1, "max_value"),
        (2**63, "max_value"),
        (10**30, "max_value"),
    ],
)
def test_api_field_takes_json_integers_only(data: object, code: str) -> None:
    with pytest.raises(ApiError) as err:
        RialSerializerField().run_validation(data)
    assert [e.code for e in err.value.detail] == [code]  # type: ignore[union-attr]


def test_api_field_bounds_and_schema_limits() -> None:
    assert RialSerializerField().run_validation(MAX_RIALS) == MAX_RIALS
    assert RialSerializerField().run_validation(0) == 0
    assert RialSerializerField(signed=True).run_validation(-MAX_RIALS) == -MAX_RIALS
    field = RialSerializerField()
    assert (field.min_value, field.max_value) == (0, MAX_RIALS)  # read by drf-spectacular


def test_model_field_validates_and_offers_the_form_field() -> None:
    field = RialField(signed=True)
    field.clean(-MAX_RIALS, None)
    with pytest.raises(ValidationError):
        field.clean(MAX_RIALS + 1, None)
    with pytest.raises(ValidationError):
        RialField().clean(-1, None)
    assert isinstance(RialField().formfield(), RialFormField)
    # Migrations see a plain BigIntegerField: the bound is in the CHECK, not the column type.
    assert RialField(signed=True).deconstruct()[1] == "django.db.models.BigIntegerField"


def test_rial_error_for_services() -> None:
    with translation.override("en"):
        assert rial_error(5) is None
        assert rial_error(1.0) == "Enter a whole number of rials."
        assert rial_error(True) == "Enter a whole number of rials."
        assert rial_error(-1) == "The amount cannot be negative."
        assert rial_error(MAX_RIALS + 1) == "The amount may be at most 1,000,000,000,000,000 rials."


@pytest.mark.django_db
def test_every_rial_column_has_its_database_check() -> None:
    """Each RialField of every app is bounded in the database too (a CHECK from rial_check)."""
    from django.apps import apps
    from django.db import models as dj_models
    from django.db.models import F

    def lookups(q: object) -> list[tuple[str, object]]:
        found: list[tuple[str, object]] = []
        for child in getattr(q, "children", []):
            found += [child] if isinstance(child, tuple) else lookups(child)
        return found

    rial_fields = [
        (model, f)
        for model in apps.get_models()
        if not model.__name__.startswith("Historical")
        for f in model._meta.concrete_fields
        if isinstance(f, RialField)
    ]
    assert len(rial_fields) == 39  # finance 17, technology 3, clinics 3, events 1, capital 15
    for model, f in rial_fields:
        checks = [
            lookup
            for c in model._meta.constraints
            if isinstance(c, dj_models.CheckConstraint)
            for lookup in lookups(c.condition)
        ]
        # Limit.used is bounded by its cap (finance_limit_within_cap), itself within the bound.
        top = (f"{f.name}__lte", F("cap") if f.name == "used" else f.bound)
        assert top in checks, f"{model.__name__}.{f.name}"
        assert (f"{f.name}__gte", f.min_rials) in checks, f"{model.__name__}.{f.name}"
