import pytest
from django.core.exceptions import ValidationError

from karsaz.core import validators as v


class TestNationalId:
    @pytest.mark.parametrize(
        "value",
        [
            "10380284790",
            v.national_id_with_check("1410000123"),
            v.national_id_with_check("1086012345"),
        ],
    )
    def test_valid(self, value: str) -> None:
        assert v.is_valid_national_id(value)
        v.validate_national_id(value)

    @pytest.mark.parametrize(
        "value",
        [
            "11111111111",
            "10380284791",
            "1038028479",
            "103802847900",
            "10300000000",
            "abcdefghijk",
            "",
        ],
    )
    def test_invalid(self, value: str) -> None:
        assert not v.is_valid_national_id(value)
        with pytest.raises(ValidationError):
            v.validate_national_id(value)

    def test_every_wrong_check_digit_is_refused(self) -> None:
        valid = "10380284790"
        for digit in "123456789":
            assert not v.is_valid_national_id(valid[:10] + digit)

    def test_clean_digits_folds_persian_digits_and_separators(self) -> None:
        assert v.clean_digits("۱۰۳۸-۰۲۸ ۴۷۹۰") == "10380284790"
        assert v.is_valid_national_id(v.clean_digits("۱۰۳۸۰۲۸۴۷۹۰"))


class TestSheba:
    def test_known_valid(self) -> None:
        assert v.is_valid_sheba("IR062960000000100324200001")

    def test_generated_check_digits(self) -> None:
        sheba = v.sheba_with_check("0170000000123456789012")
        assert len(sheba) == 26 and v.is_valid_sheba(sheba)

    @pytest.mark.parametrize(
        "value",
        [
            "IR062960000000100324200002",
            "IR06296000000010032420000",
            "DE062960000000100324200001",
            "062960000000100324200001",
        ],
    )
    def test_invalid(self, value: str) -> None:
        assert not v.is_valid_sheba(value)
        with pytest.raises(ValidationError):
            v.validate_sheba(value)

    def test_normalize_accepts_persian_digits_lowercase_and_spaces(self) -> None:
        assert v.normalize_sheba("ir۰۶ ۲۹۶۰ ۰۰۰۰ ۰۰۱۰ ۰۳۲۴ ۲۰۰۰ ۰۱") == "IR062960000000100324200001"


@pytest.mark.parametrize(
    ("value", "ok"),
    [("3414753986", True), ("0123456789", False), ("1111156789", False), ("34147", False)],
)
def test_postal_code(value: str, ok: bool) -> None:
    if ok:
        v.validate_postal_code(value)
    else:
        with pytest.raises(ValidationError):
            v.validate_postal_code(value)


def test_economic_code_and_phone() -> None:
    v.validate_economic_code("411111111111")
    v.validate_phone("+982833334444")
    with pytest.raises(ValidationError):
        v.validate_economic_code("12345")
    with pytest.raises(ValidationError):
        v.validate_phone("12-34")
