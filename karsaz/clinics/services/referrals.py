"""Referrals to the other programmes."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.clinics.choices import (
    CASE_MOVES,
    ReferralStatus,
    ReferralTarget,
)
from karsaz.clinics.errors import ClinicsErrorCode
from karsaz.clinics.models import (
    Case,
    Referral,
)
from karsaz.clinics.permissions import ClinicScope
from karsaz.clinics.services.common import clean_text, lock_case
from karsaz.core import modules
from karsaz.core.errors import field_error

# Which module (app label) makes the linked record of each programme.
REFERRAL_APPS = {
    ReferralTarget.TECHNOLOGY: "technology",
    ReferralTarget.FINANCE: "finance",
    ReferralTarget.CAPITAL: "capital",
}
REFERRAL_HOOK = "clinic_referral"


def _referral_handler(label: str) -> Callable[..., Any] | None:
    """The function module `label` declares for hook "clinic_referral", or None.

    The programmes are separate apps that may not be installed; each declares on its AppConfig
    (`hooks = {"clinic_referral": "<dotted path>"}`) the service that makes a referral's linked
    record, and is never imported here. A module not installed, or one without the hook, leaves
    the referral pending.
    """
    return modules.hooks(REFERRAL_HOOK).get(label)


def _linked_record(*, user: Any, case: Case, target: str, description: str) -> Any:
    """Asks the target programme, when it is installed, to make the linked record."""
    create = _referral_handler(REFERRAL_APPS[ReferralTarget(target)])
    if create is None:
        return None
    return create(user=user, enterprise=case.enterprise, description=description, case_id=case.pk)


@transaction.atomic
def referral_create(*, user: Any, case: Case, target: str, description: str) -> Referral:
    require(ClinicScope(user).can_work(case), _("Only the assigned consultant refers a case."))
    case = lock_case(case)
    errors: dict[str, list[Any]] = {}
    if target not in ReferralTarget.values:
        errors["target"] = [_("Choose a programme.")]
    try:
        text = clean_text(description, "description")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if case.state not in CASE_MOVES["referral"]:
        errors["state"] = [
            ValidationError(
                _("Referrals are made on cases being worked."), code=ClinicsErrorCode.INVALID_STATE
            )
        ]
    if errors:
        raise ValidationError(errors)
    linked = _linked_record(user=user, case=case, target=target, description=text)
    referral = Referral.objects.create(
        case=case,
        target=target,
        description=text,
        status=ReferralStatus.LINKED if linked is not None else ReferralStatus.PENDING,
        linked_model=linked._meta.label_lower if linked is not None else "",
        linked_id=linked.pk if linked is not None else None,
        created_by=user,
    )
    case.last_activity_at = timezone.now()
    case.save(update_fields=["last_activity_at"])
    return referral


@transaction.atomic
def referral_close(*, user: Any, referral: Referral) -> Referral:
    """Supervising staff close a pending referral once it was handled outside Karsaz."""
    require(
        ClinicScope(user).supervises(referral.case), _("Only supervising staff close referrals.")
    )
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != ReferralStatus.PENDING:
        raise field_error(
            "status", _("Only a pending referral can be closed."), ClinicsErrorCode.INVALID_STATE
        )
    referral.status = ReferralStatus.CLOSED
    referral.save(update_fields=["status"])
    return referral
