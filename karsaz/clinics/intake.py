"""The `clinic_intake` hook: another module (capital readiness) asks a clinic to help a firm.

It opens a case request through clinics' own intake service, so the same rights and checks
apply (the firm's editor or supervising staff; one open case per firm). The questionnaire is
the firm's latest one when it answered one before; otherwise neutral answers (3 of 5), which
the consultant revisits at the first session, as the problem text says.
"""

from typing import Any

from django.utils.translation import gettext as _

from karsaz.clinics.diagnostic import QUESTION_CODES
from karsaz.clinics.models import Case
from karsaz.clinics.services.intake import case_request
from karsaz.registry.models import Enterprise

NEUTRAL = 3


def request_case(*, user: Any, enterprise: Enterprise, description: str) -> int:
    """Opens a case request for `enterprise`; returns the case's id (raises ValidationError)."""
    previous = Case.objects.filter(enterprise=enterprise).order_by("-created_at", "-id").first()
    if previous is not None and previous.answers:
        answers = dict(previous.answers)
    else:
        answers = {code: NEUTRAL for code in QUESTION_CODES}
        description = "{text}\n{note}".format(
            text=description,
            note=_("The diagnostic questionnaire has not been answered yet."),
        )
    return case_request(user=user, enterprise=enterprise, problem=description, answers=answers).pk
