"""The edges of core.money that the mutation run found unguarded: exact messages in both
languages, the boundaries of every comparison, the form widget, and the exact database sums."""

import pytest
from django.utils import translation

from karsaz.core.money import (
    MAX_BALANCE,
    MAX_RIALS,
    RialField,
    RialFormField,
    RialSerializerField,
    exact_sum,
    exact_sums,
    format_amount,
    parse_rials,
    rial_check,
    rial_error,
)


def test_zero_and_negative_amounts_are_signed_correctly():
    assert format_amount(0, lang="en") == "0 rials"
    assert format_amount(0) == "۰ ریال"
    assert format_amount(-1, lang="en") == "-1 rials"
    assert format_amount(-15, unit="toman", lang="en") == "-1.5 toman"


def test_refusals_say_why():
    with pytest.raises(TypeError, match=r"^money must be an integer number of rials$"):
        format_amount(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError) as caught:
        parse_rials("1.5")
    assert caught.value.args == ("1.5",)


def test_bounds_are_inclusive_and_worded_in_the_page_language():
    assert rial_error(100, minimum=100) is None
    assert rial_error(MAX_RIALS) is None
    with translation.override("en"):
        assert rial_error(99, minimum=100) == "The amount may not be below 100 rials."
        assert rial_error(MAX_RIALS + 1) == (
            "The amount may be at most 1,000,000,000,000,000 rials."
        )
    with translation.override("fa"):
        assert rial_error(99, minimum=100) == "مبلغ نمی‌تواند کمتر از ۱۰۰ ریال باشد."
        assert rial_error(-1) == "مبلغ نمی‌تواند منفی باشد."
        assert rial_error(MAX_RIALS + 1) == ("مبلغ حداکثر می‌تواند ۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال باشد.")


def test_form_field_widget_takes_digits_left_to_right():
    assert RialFormField().widget.attrs == {"inputmode": "numeric", "dir": "ltr"}


def test_form_field_reads_empty_ints_and_refuses_booleans():
    field = RialFormField(min_value=100, max_value=1000, required=False)
    assert field.to_python(None) is None
    assert field.to_python(5) == 5
    assert field.clean("100") == 100
    assert field.clean("۱٬۰۰۰") == 1000
    with pytest.raises(Exception) as caught:
        field.to_python(True)
    assert caught.value.code == "invalid"  # type: ignore[attr-defined]
    with translation.override("en"):
        with pytest.raises(Exception) as caught:
            field.clean("99")
        assert caught.value.messages == ["The amount may not be below 100 rials."]  # type: ignore[attr-defined]


def test_model_field_hands_its_bounds_to_the_form():
    field = RialField(signed=True, bound=500).formfield()
    assert (field.min_value, field.max_value) == (-500, 500)


def test_serializer_field_messages_name_its_own_bounds():
    field = RialSerializerField(signed=True, bound=500)
    with translation.override("en"):
        assert str(field.error_messages["min_value"]) == "The amount may not be below -500 rials."
        assert str(field.error_messages["max_value"]) == "The amount may be at most 500 rials."


def test_rial_check_conditions():
    plain = rial_check("c", "amount")
    assert plain.condition.children == [("amount__gte", 0), ("amount__lte", MAX_RIALS)]
    empty = rial_check("c", "amount", nullable=True)
    assert empty.condition.connector == "OR"
    assert ("amount__isnull", True) in empty.condition.children
    assert plain.name == "c"


@pytest.mark.django_db
def test_exact_sums_add_past_64_bits_on_both_databases():
    from karsaz.finance.choices import AccountPurpose
    from karsaz.finance.models import Account
    from karsaz.testing.factories import EnterpriseFactory

    big = [EnterpriseFactory(), EnterpriseFactory()]
    Account.objects.create(
        enterprise=big[0], purpose=AccountPurpose.SUPPLIER_CASH, posted_balance=MAX_BALANCE
    )
    Account.objects.create(
        enterprise=big[1], purpose=AccountPurpose.SUPPLIER_CASH, posted_balance=MAX_BALANCE
    )
    Account.objects.create(
        enterprise=big[0], purpose=AccountPurpose.BUYER_PAYABLE, posted_balance=-7,
        pending_balance=3,
    )  # fmt: skip
    everything = Account.objects.all()
    assert exact_sum(everything, "posted_balance") == 2 * MAX_BALANCE - 7
    assert exact_sums(everything, None, "posted_balance", "pending_balance") == {
        None: (2 * MAX_BALANCE - 7, 3)
    }
    assert exact_sums(everything, "purpose", "posted_balance", "pending_balance") == {
        AccountPurpose.SUPPLIER_CASH: (2 * MAX_BALANCE, 0),
        AccountPurpose.BUYER_PAYABLE: (-7, 3),
    }
    assert exact_sums(everything, "enterprise", "posted_balance") == {
        big[0].pk: (MAX_BALANCE - 7,),
        big[1].pk: (MAX_BALANCE,),
    }
    nothing = Account.objects.none()
    assert exact_sums(nothing, None, "posted_balance", "pending_balance") == {None: (0, 0)}
    assert exact_sums(nothing, "purpose", "posted_balance") == {}


@pytest.mark.django_db
def test_python_sums_match_the_database_below_the_overflow():
    from karsaz.core.money import _database_sums, _python_sums
    from karsaz.finance.choices import AccountPurpose
    from karsaz.finance.models import Account
    from karsaz.testing.factories import EnterpriseFactory

    firms = [EnterpriseFactory() for _ in range(3)]
    for i, firm in enumerate(firms):
        Account.objects.create(
            enterprise=firm, purpose=AccountPurpose.SUPPLIER_CASH, posted_balance=10 ** (i + 1),
            pending_balance=i,
        )  # fmt: skip
    Account.objects.create(enterprise=firms[0], purpose=AccountPurpose.BUYER_PAYABLE)
    rows = Account.objects.all()
    for key in (None, "purpose", "enterprise"):
        fields = ("posted_balance", "pending_balance")
        assert _python_sums(rows, key, fields) == _database_sums(rows, key, fields)
    assert _python_sums(rows, None, ("posted_balance",)) == {None: (1110,)}
    assert _python_sums(rows, "purpose", ("pending_balance",)) == {
        AccountPurpose.SUPPLIER_CASH: (3,),
        AccountPurpose.BUYER_PAYABLE: (0,),
    }
    assert _python_sums(Account.objects.none(), None, ("posted_balance",)) == {None: (0,)}
