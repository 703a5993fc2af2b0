"""Validators for Iranian identifiers. Each takes Latin digits; callers fold digits first."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from karsaz.core.persian import to_latin_digits

_NATIONAL_ID_WEIGHTS = (29, 27, 23, 19, 17)
_POSTAL_RE = re.compile(r"^(?!(\d)\1{3})[13-9]{4}[1346-9][013-9]{5}$")


def clean_digits(value: str | None) -> str:
    """Latin digits with spaces, dashes and ZWNJs removed: «۱۰۱-۰۰۱ ۲۳» → «10100123»."""
    return re.sub(r"[\s\-\u200c]", "", to_latin_digits(value or ""))


def is_valid_national_id(value: str) -> bool:
    """A legal entity's national ID (شناسه ملی): 11 digits, the last a weighted mod-11 check."""
    if not re.fullmatch(r"\d{11}", value or "") or value[3:9] == "000000":
        return False
    digits = [int(c) for c in value]
    shift = digits[9] + 2
    total = sum((shift + digits[i]) * _NATIONAL_ID_WEIGHTS[i % 5] for i in range(10))
    check = total % 11
    return (0 if check == 10 else check) == digits[10]


def validate_national_id(value: str) -> None:
    if not re.fullmatch(r"\d{11}", value or ""):
        raise ValidationError(_("A national ID has exactly 11 digits."), code="national_id_length")
    if not is_valid_national_id(value):
        raise ValidationError(
            _("This national ID fails its check digit; please check it."), code="national_id_check"
        )


def is_valid_sheba(value: str) -> bool:
    """An Iranian IBAN (Sheba): IR + 24 digits, ISO 13616 mod-97 check."""
    if not re.fullmatch(r"IR\d{24}", value or ""):
        return False
    rearranged = value[4:] + "1827" + value[2:4]  # I=18, R=27
    return int(rearranged) % 97 == 1


def normalize_sheba(value: str | None) -> str:
    return clean_digits(value).upper()


def validate_sheba(value: str) -> None:
    if not re.fullmatch(r"IR\d{24}", value or ""):
        raise ValidationError(_("A Sheba number is IR followed by 24 digits."), code="sheba_format")
    if not is_valid_sheba(value):
        raise ValidationError(
            _("This Sheba number fails its check digits; please check it."), code="sheba_check"
        )


def validate_economic_code(value: str) -> None:
    if not re.fullmatch(r"\d{11,14}", value or ""):
        raise ValidationError(
            _("An economic code has 11 to 14 digits."), code="economic_code_format"
        )


def validate_postal_code(value: str) -> None:
    if not _POSTAL_RE.match(value or ""):
        raise ValidationError(_("This is not a valid 10-digit postal code."), code="postal_code")


def validate_phone(value: str) -> None:
    if not re.fullmatch(r"\+?\d{8,14}", value or ""):
        raise ValidationError(_("Enter a phone number of 8 to 14 digits."), code="phone")


def national_id_with_check(first_ten: str) -> str:
    """Completes 10 digits with their check digit: used by demo data and tests."""
    digits = [int(c) for c in first_ten]
    shift = digits[9] + 2
    total = sum((shift + digits[i]) * _NATIONAL_ID_WEIGHTS[i % 5] for i in range(10))
    check = total % 11
    return first_ten + str(0 if check == 10 else check)


def sheba_with_check(bank_and_account: str) -> str:
    """IR + check digits for 22 digits of bank code and account: used by demo data and tests."""
    check = 98 - int(bank_and_account + "182700") % 97
    return f"IR{check:02d}{bank_and_account}"
