"""Money is an integer number of rials: its one type, its bounds, and its formatting.

The bound. Every rial amount (an invoice, a credit note, a limit, a budget, a deal, a transfer)
lies in 0..MAX_RIALS, signed amounts (a ledger posting, a change in sales) in
-MAX_RIALS..MAX_RIALS. MAX_RIALS is 10**15 rials, one quadrillion: about a thousand times the
largest single invoice or programme an SME agency sees, so nobody honest meets it; and small
enough that 9,000 maximal amounts still add up inside a signed 64-bit integer (2**63 - 1 is
about 9.22 * 10**18), which is what both databases store. Running totals (a ledger account's
balance) are bounded by MAX_BALANCE = 9 * 10**18: adding one more amount to a total within
that bound can never overflow 64 bits, on PostgreSQL (where it would be an error) or on SQLite
(where it would silently become a float). The bounds are enforced at every edge: the model field
(validators and a database CHECK per column), the HTML form field, the API serializer field and
the services, so an amount past them is a 400 in the user's language, never a 500.
"""

import re
from typing import Any

from django import forms
from django.core import validators
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import fields as drf_fields

from karsaz.core.persian import to_persian_digits

MAX_RIALS = 10**15
MAX_BALANCE = 9 * 10**18
INT64_MAX = 2**63 - 1

TOMAN = 10  # rials in a toman
_SEPARATORS = {"fa": ("٬", "٫"), "en": (",", ".")}


def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def format_amount(rials: int | None, *, unit: str = "rial", lang: str = "fa") -> str:
    """`12345` → «۱۲٬۳۴۵ ریال» or, in toman, «۱٬۲۳۴٫۵ تومان». Never loses a rial."""
    if rials is None:
        return ""
    if isinstance(rials, bool) or not isinstance(rials, int):
        raise TypeError("money must be an integer number of rials")
    thousands, decimal = _SEPARATORS["fa" if lang == "fa" else "en"]
    sign = "-" if rials < 0 else ""
    value = abs(rials)
    if unit == "toman":
        whole, rest = divmod(value, TOMAN)
        text = _group(whole, thousands) + (f"{decimal}{rest}" if rest else "")
        label = "تومان" if lang == "fa" else "toman"
    else:
        text = _group(value, thousands)
        label = "ریال" if lang == "fa" else "rials"
    text = f"{sign}{text} {label}"
    return to_persian_digits(text) if lang == "fa" else text


# ---------------------------------------------------------------- parsing typed amounts

# Grouping people type between digits: Persian ٬ (U+066C), comma, any space, and the invisible
# marks a Persian keyboard or a copy from a page leaves (ZWNJ, LRM, RLM).
_GROUPING = re.compile(r"[\s,\u066c\u200c\u200e\u200f]")
# One optional leading minus (ASCII or U+2212), then ASCII digits only: not '1-000', not '1.5'.
_INTEGER = re.compile(r"[-\u2212]?[0-9]+")


def parse_rials(text: str | None) -> int | None:
    """«۱٬۲۵۰٬۰۰۰», «1,250,000», «-5» → an int; "" → None; ValueError on anything else.

    Unlike `validators.clean_digits` (for identifiers), the minus sign is kept, so a negative
    amount is refused as negative instead of being read as positive."""
    from karsaz.core.persian import to_latin_digits

    compact = _GROUPING.sub("", to_latin_digits(text or ""))
    if not compact:
        return None
    if not _INTEGER.fullmatch(compact):
        raise ValueError(text)
    return int(compact.replace("\u2212", "-"))


def _figure(value: int) -> str:
    """A bound for an error message, grouped, in the page's digits."""
    from django.utils.translation import get_language

    lang = "fa" if (get_language() or "fa").startswith("fa") else "en"
    return format_amount(value, lang=lang)


def _message(code: str, min_value: int, max_value: int) -> str:
    if code == "invalid":
        return str(_("Enter a whole number of rials."))
    if code == "min_value":
        if min_value == 0:
            return str(_("The amount cannot be negative."))
        return str(_("The amount may not be below {limit}.")).format(limit=_figure(min_value))
    return str(_("The amount may be at most {limit}.")).format(limit=_figure(max_value))


_lazy_message = lazy(_message, str)


def rial_messages(min_value: int, max_value: int) -> dict[str, Any]:
    """The errors of every rial field (form, model and API): the same words everywhere, in the
    language of the request that reads them (lazy: fields are built once, at import)."""
    return {code: _lazy_message(code, min_value, max_value) for code in RIAL_ERRORS}


RIAL_ERRORS = ("invalid", "min_value", "max_value")


def rial_error(value: Any, *, minimum: int = 0, maximum: int = MAX_RIALS) -> str | None:
    """For services: None if `value` is an int rial within minimum..maximum, else the error."""
    messages = rial_messages(minimum, maximum)
    if isinstance(value, bool) or not isinstance(value, int):
        return messages["invalid"]
    if value < minimum:
        return messages["min_value"]
    if value > maximum:
        return messages["max_value"]
    return None


class RialFormField(forms.Field):
    """A rial amount typed with Persian, Arabic or Latin digits and any grouping separators."""

    widget = forms.TextInput

    def __init__(self, *, min_value: int = 0, max_value: int = MAX_RIALS, **kwargs: Any) -> None:
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("dir", "ltr")

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return parse_rials(str(value) if value is not None else "")
        except ValueError:
            raise forms.ValidationError(
                rial_messages(self.min_value, self.max_value)["invalid"], code="invalid"
            ) from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        messages = rial_messages(self.min_value, self.max_value)
        if value < self.min_value:
            raise forms.ValidationError(messages["min_value"], code="min_value")
        if value > self.max_value:
            raise forms.ValidationError(messages["max_value"], code="max_value")


# ---------------------------------------------------------------- the model field


class RialField(models.BigIntegerField):
    """A BigIntegerField of rials within 0..bound (or -bound..bound when signed).

    Pair it with `rial_check` in the model's Meta so the database refuses out-of-range values
    too; its form field is `RialFormField`."""

    def __init__(self, *args: Any, signed: bool = False, bound: int = MAX_RIALS, **kwargs: Any):
        self.signed, self.bound = signed, bound
        super().__init__(*args, **kwargs)

    @property
    def min_rials(self) -> int:
        return -self.bound if self.signed else 0

    def deconstruct(self) -> Any:
        # To migrations it is a plain BigIntegerField: the bound is not schema (the CHECK from
        # `rial_check` is), and SQLite would otherwise rebuild each table, dropping the
        # ledger's append-only triggers with it.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.BigIntegerField", args, kwargs

    @cached_property
    def validators(self) -> list[Any]:
        messages = rial_messages(self.min_rials, self.bound)
        return [
            *super().validators,
            validators.MinValueValidator(self.min_rials, message=messages["min_value"]),
            validators.MaxValueValidator(self.bound, message=messages["max_value"]),
        ]

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        defaults = {"form_class": RialFormField, "min_value": self.min_rials}
        defaults["max_value"] = self.bound
        # Skips IntegerField.formfield, which would impose forms.IntegerField and 64-bit bounds.
        return models.Field.formfield(self, **{**defaults, **kwargs})


def rial_check(
    name: str, field: str, *, signed: bool = False, bound: int = MAX_RIALS, nullable: bool = False
) -> models.CheckConstraint:
    """The database's half of the bound: `field` within 0..bound (or ±bound)."""
    condition = Q(**{f"{field}__gte": -bound if signed else 0, f"{field}__lte": bound})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(name=name, condition=condition)


# ---------------------------------------------------------------- the API field


class RialSerializerField(drf_fields.IntegerField):
    """A rial in JSON is an integer and nothing else: 1000.0, 1e3, "1000", "000100" and true
    are refused (400, code `invalid`), as is anything past the bounds (`min_value`,
    `max_value`), so no out-of-range number ever reaches SQL."""

    def __init__(self, *, signed: bool = False, bound: int = MAX_RIALS, **kwargs: Any) -> None:
        self.lowest: int = kwargs.setdefault("min_value", -bound if signed else 0)
        self.highest: int = kwargs.setdefault("max_value", bound)
        super().__init__(**kwargs)  # min/max also go to the OpenAPI schema
        self.error_messages.update(rial_messages(self.lowest, self.highest))

    def to_internal_value(self, data: Any) -> int:
        if type(data) is not int:  # bool is an int subclass; floats and strings are not rials
            self.fail("invalid")
        # Checked here, before the validators, so the message is ours and in the user's words.
        if data < self.lowest:
            self.fail("min_value")
        if data > self.highest:
            self.fail("max_value")
        return data


# ---------------------------------------------------------------- exact sums in the database


def exact_sums(queryset: Any, key: str | None, *fields: str) -> dict[Any, tuple[int, ...]]:
    """SUM of rial `fields` per value of `key` (None: one row for the whole queryset), exact
    whatever the size. The database adds first: PostgreSQL adds bigints as numeric (exact, never
    overflows), SQLite adds 64-bit integers exactly and raises 'integer overflow' past 2**63 - 1;
    only then are the rows added in Python, so the usual total costs one aggregate query."""
    from django.db import OperationalError, connections

    try:
        return _database_sums(queryset, key, fields)
    except OperationalError:
        # On SQLite a failed SELECT leaves the transaction usable; on PostgreSQL SUM never
        # overflows, so an error there is a real one.
        if connections[queryset.db].vendor == "postgresql":
            raise
        return _python_sums(queryset, key, fields)


def _database_sums(queryset: Any, key: str | None, fields: tuple[str, ...]) -> Any:
    from django.db.models import Sum

    sums = {f"s{i}": Sum(f) for i, f in enumerate(fields)}
    if key is None:
        row = queryset.order_by().aggregate(**sums)
        return {None: tuple(int(row[f"s{i}"] or 0) for i in range(len(fields)))}
    rows = queryset.order_by().values(key).annotate(**sums).values_list(key, *sums)
    return {r[0]: tuple(int(v or 0) for v in r[1:]) for r in rows}


def _python_sums(queryset: Any, key: str | None, fields: tuple[str, ...]) -> Any:
    totals: dict[Any, list[int]] = {}
    for row in queryset.order_by().values_list(key or "pk", *fields).iterator(chunk_size=2000):
        acc = totals.setdefault(row[0] if key else None, [0] * len(fields))
        for i, v in enumerate(row[1:]):
            acc[i] += v or 0
    if key is None and not totals:
        totals[None] = [0] * len(fields)
    return {k: tuple(v) for k, v in totals.items()}


def exact_sum(queryset: Any, field: str) -> int:
    """SUM of one rial field over a queryset, exact on both databases (see `exact_sums`)."""
    return exact_sums(queryset, None, field)[None][0]
