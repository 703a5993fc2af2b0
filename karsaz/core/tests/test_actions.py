"""The form → service → message → redirect idiom every HTML view uses."""

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from karsaz.core.actions import run_action
from karsaz.core.errors import field_error


class AmountForm(forms.Form):
    amount = forms.IntegerField(min_value=1)
    note = forms.CharField(required=False)


def _request(data: dict[str, Any] | None = None) -> Any:
    request = RequestFactory().post("/x/act/", data or {})
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _messages(request: Any) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_success_shows_the_message_and_goes_where_the_result_says() -> None:
    request = _request()
    response = run_action(request, lambda: 7, done="Done.", then=lambda pk: f"/x/{pk}/")
    assert (response.status_code, response["Location"]) == (302, "/x/7/")
    assert _messages(request) == [("success", "Done.")]


def test_no_success_message_when_done_is_none() -> None:
    request = _request()
    response = run_action(request, lambda: None, done=None, then="/x/")
    assert (response.status_code, response["Location"], _messages(request)) == (302, "/x/", [])


def test_a_refusal_without_a_form_becomes_page_messages_and_goes_back() -> None:
    request = _request()

    def refuse() -> None:
        raise ValidationError({"a": ["First."], "b": ["Second.", "Third."]})

    response = run_action(request, refuse, done="Done.", then=lambda _: "/never/", back="/x/")
    assert (response.status_code, response["Location"]) == (302, "/x/")
    assert _messages(request) == [("error", "First."), ("error", "Second."), ("error", "Third.")]


def test_a_refusal_needs_somewhere_to_go_back_to() -> None:
    def refuse() -> None:
        raise ValidationError("no")

    with pytest.raises(ValueError, match="needs back"):
        run_action(_request(), refuse, done=None, then=lambda _: "/x/")


def test_an_invalid_form_rerenders_with_400_and_never_calls_the_service() -> None:
    calls: list[int] = []
    form = AmountForm({"amount": "0"})
    response = run_action(
        _request(), lambda: calls.append(1), done="Done.", then="/x/", form=form,
        rerender=lambda status: HttpResponse(status=status),
    )  # fmt: skip
    assert (response.status_code, calls) == (400, [])
    assert list(form.errors) == ["amount"]


def test_service_errors_land_on_the_form_fields_and_unknown_keys_on_the_form() -> None:
    request = _request()
    form = AmountForm({"amount": "5"})

    def refuse() -> None:
        error = field_error("amount", "Too much.", "limit")
        raise ValidationError({**error.error_dict, "other": ["Elsewhere."]})

    response = run_action(
        request, refuse, done="Done.", then="/x/", form=form,
        rerender=lambda status: HttpResponse(status=status),
    )  # fmt: skip
    assert response.status_code == 400
    assert form.errors == {"amount": ["Too much."], "__all__": ["Elsewhere."]}
    assert form.errors.as_data()["amount"][0].code == "limit"
    assert _messages(request) == []


def test_a_form_without_rerender_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="needs rerender"):
        run_action(_request(), lambda: None, done=None, then="/x/", form=AmountForm({}))
