"""The one idiom of HTML views that change something: validate the form, call the service, show
its errors or its success, redirect. Views hold no `except ValidationError` of their own."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from karsaz.core.forms import apply_errors


def error_messages(request: HttpRequest, exc: ValidationError) -> None:
    """Every message of a service's error as a page message (for actions without a form)."""
    for message in exc.messages:
        messages.error(request, message)


def run_action(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    done: str | None,
    then: str | Callable[[Any], str],
    form: forms.Form | None = None,
    rerender: Callable[[int], HttpResponse] | None = None,
    back: str | None = None,
) -> HttpResponse:
    """Runs `call` (the service) and answers the way every Karsaz page does.

    - `form`: validated first; `call` runs only when it is valid, and reads `form.cleaned_data`.
    - `rerender(status)`: the page with the form, answered with 400 when the form or the service
      refuses (the service's field errors are put on the form's fields). Without it, the service's
      messages become page messages and the user is sent to `back` (default: `then`, when it is
      a URL).
    - `done`: the success message (None for none); `then`: where to go, a URL or a function of
      what the service returned (e.g. the created record's page).
    """
    if form is not None and not form.is_valid():
        if rerender is None:
            raise ValueError("run_action with a form needs rerender")
        return rerender(400)
    try:
        result = call()
    except ValidationError as exc:
        if form is not None and rerender is not None:
            apply_errors(form, exc)
            return rerender(400)
        error_messages(request, exc)
        target = back or (then if isinstance(then, str) else None)
        if target is None:
            raise ValueError(
                "run_action without a form needs back when then is a function"
            ) from exc
        return redirect(target)
    if done:
        messages.success(request, done)
    return redirect(then if isinstance(then, str) else then(result))
