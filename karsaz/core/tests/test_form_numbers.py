"""Numbers typed on a Persian keyboard: every form reads them, keeps what was typed, and says
what is wrong in the page's digits."""

import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

import karsaz
from karsaz.core.forms import DecimalField, IntegerField


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for info in pkgutil.walk_packages(karsaz.__path__, "karsaz."):
        if ".forms" not in info.name or ".tests" in info.name:
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_no_form_renders_a_number_box():
    # A number box drops Persian digits without a word and cannot show what was typed.
    classes = _form_classes()
    assert len(classes) > 40
    number_boxes = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if getattr(field.widget, "input_type", None) == "number"
    ]
    assert number_boxes == []


@pytest.mark.parametrize(
    ("typed", "value"),
    [("۱۲", 12), ("١٢", 12), ("12", 12), (" ۱\u200c۲ ", 12), ("۱ ۲۰۰", 1200), ("\u2212۳", -3)],
)
def test_integer_reads_every_digit_script(typed, value):
    assert IntegerField().clean(typed) == value


def test_integer_limits_in_the_pages_digits_with_their_codes():
    field = IntegerField(min_value=1, max_value=600)
    with translation.override("fa"), pytest.raises(ValidationError) as high:
        field.clean("۶۰۱")
    assert high.value.messages == ["مطمئن شوید این مقدار کوچکتر و یا مساوی ۶۰۰ است."]
    assert [e.code for e in high.value.error_list] == ["max_value"]
    with translation.override("en"):
        with pytest.raises(ValidationError) as low:
            field.clean("0")
        assert low.value.messages == ["Ensure this value is greater than or equal to 1."]
    assert [e.code for e in low.value.error_list] == ["min_value"]


def test_integer_refuses_letters_and_fractions():
    with pytest.raises(ValidationError) as exc:
        IntegerField().clean("۱۲a")
    assert [e.code for e in exc.value.error_list] == ["invalid"]
    with pytest.raises(ValidationError):
        IntegerField().clean("۱٫۵")


def test_number_boxes_are_text_with_the_numeric_keyboard_and_their_limits():
    html = IntegerField(min_value=0, max_value=100).widget.render("n", None)
    assert 'type="text"' in html
    assert 'inputmode="numeric"' in html
    assert 'data-min="0"' in html and 'data-max="100"' in html
    assert 'inputmode="decimal"' in DecimalField().widget.render("d", None)


@pytest.mark.parametrize("typed", ["۱۸٫۵", "18/5", "18.5", "۱۸,۵", "١٨٫٥"])
def test_decimal_reads_every_decimal_mark(typed):
    assert DecimalField(max_digits=5, decimal_places=2).clean(typed) == Decimal("18.5")


def test_decimal_keeps_the_minus_so_min_value_refuses_it():
    with pytest.raises(ValidationError) as exc:
        DecimalField(min_value=0).clean("-۳")
    assert [e.code for e in exc.value.error_list] == ["min_value"]


def test_a_bad_number_is_shown_again_as_typed():
    class Form(forms.Form):
        employees = IntegerField(min_value=0)

    form = Form(data={"employees": "۱۲x"})
    assert not form.is_valid()
    assert 'value="۱۲x"' in str(form["employees"])


def test_the_limits_hint_shows_only_beside_numbers_with_limits():
    from django.template import Context, Template

    class Form(forms.Form):
        seconds = IntegerField(min_value=1, max_value=600)
        most = IntegerField(max_value=9)
        free = IntegerField()
        kind = forms.ChoiceField(choices=[("a", "A")])

    template = Template("{% load karsaz %}{% for f in form %}[{{ f|number_hint }}]{% endfor %}")
    with translation.override("fa"):
        assert template.render(Context({"form": Form()})) == "[از ۱ تا ۶۰۰][حداکثر ۹][][]"
    with translation.override("en"):
        assert template.render(Context({"form": Form()})) == "[From 1 to 600][At most 9][][]"
