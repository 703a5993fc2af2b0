"""Intake: an SME or supervising staff ask for help with the questionnaire."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.clinics import diagnostic
from karsaz.clinics.choices import (
    CaseState,
)
from karsaz.clinics.errors import ClinicsErrorCode
from karsaz.clinics.models import (
    Case,
)
from karsaz.clinics.permissions import ClinicScope
from karsaz.clinics.services.common import clean_text
from karsaz.core.errors import field_error
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise


@transaction.atomic
def case_request(*, user: Any, enterprise: Enterprise, problem: str, answers: Any) -> Case:
    """An SME (owner or manager) or supervising staff asks for help with the questionnaire."""
    scope = ClinicScope(user)
    require(
        scope.can_request_for(enterprise),
        _("You may request help only for your own enterprise or one you supervise."),
    )
    errors: dict[str, list[Any]] = {}
    try:
        text = clean_text(problem, "problem")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        clean = diagnostic.validate_answers(answers)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if enterprise.kind in (EnterpriseKind.CONSULTANCY, EnterpriseKind.FINANCIER):
        errors.setdefault("enterprise", []).append(
            _("Clinics serve producing enterprises, not consultancies or financiers.")
        )
    if errors:
        raise ValidationError(errors)
    if Case.objects.filter(enterprise=enterprise, state__in=(
        CaseState.REQUESTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS
    )).exists():  # fmt: skip
        raise field_error(
            "enterprise",
            _("This enterprise already has an open case."),
            ClinicsErrorCode.OPEN_CASE_EXISTS,
        )
    scores = diagnostic.area_scores(clean)
    try:
        with transaction.atomic():  # a concurrent request for the same enterprise loses here
            return Case.objects.create(
                enterprise=enterprise,
                province_id=enterprise.province_id,
                problem=text,
                answers=clean,
                scores=scores,
                urgent_areas=diagnostic.urgent_areas(scores),
                requested_by=user,
            )
    except IntegrityError as exc:
        raise field_error(
            "enterprise",
            _("This enterprise already has an open case."),
            ClinicsErrorCode.OPEN_CASE_EXISTS,
        ) from exc
