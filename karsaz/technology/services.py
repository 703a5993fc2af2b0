"""Writes of the technology exchange. Each runs in one transaction, validates fully, records who
acted, and logs the change for the matcher (so every web process sees it within seconds)."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from karsaz.accounts.scope import EDITOR_ROLES, require
from karsaz.core.errors import field_error
from karsaz.core.money import MAX_RIALS, rial_error
from karsaz.core.persian import normalize
from karsaz.core.services import model_update
from karsaz.core.textlimits import TEXT_MAX, check_length, check_lengths, model_text_limits
from karsaz.notifications import services as notifications
from karsaz.notifications.choices import Kind
from karsaz.notifications.models import bilingual
from karsaz.registry.choices import EnterpriseKind, IsicLevel
from karsaz.registry.models import Enterprise, Membership
from karsaz.technology import sync
from karsaz.technology.choices import AgreementType, ProposalState, RecordKind, RecordStatus
from karsaz.technology.errors import TechnologyErrorCode as Code
from karsaz.technology.models import (
    Capability,
    Proposal,
    ProposalEvent,
    ProposalInvitation,
    ProposalMessage,
    TechnologyNeed,
)
from karsaz.technology.permissions import TRANSITIONS, TechScope

NEED_FIELDS = (
    "enterprise", "title", "summary", "desired_outcome", "confidential_details", "isic",
    "target_trl", "budget_min", "budget_max", "deadline", "province", "status",
)  # fmt: skip
CAPABILITY_FIELDS = (
    "enterprise", "title", "description", "trl", "keywords", "ip_status", "references", "status",
)  # fmt: skip
_TEXT = (
    "title", "summary", "desired_outcome", "confidential_details", "description", "keywords",
    "references",
)  # fmt: skip
CAPABILITY_KINDS = (EnterpriseKind.KNOWLEDGE_BASED, EnterpriseKind.UNIVERSITY)
MAX_VALUE = MAX_RIALS  # the one rial bound of core.money


def _clean(data: dict[str, Any], model: type[TechnologyNeed | Capability]) -> dict[str, Any]:
    # Lengths first, on the raw text: a 1 MiB summary is refused before the normalizer runs.
    check_lengths(data, model_text_limits(model))
    cleaned = dict(data)
    for name in _TEXT:
        if name in cleaned:
            cleaned[name] = normalize(cleaned[name] or "")
    if "keywords" in cleaned:
        words = [w.strip() for w in cleaned["keywords"].replace("،", ",").split(",")]
        cleaned["keywords"] = "، ".join(w for w in words if w)
    return cleaned


def _full_clean(obj: Any, errors: dict[str, list[str]], exclude: tuple[str, ...] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _validate_need(need: TechnologyNeed) -> None:
    errors: dict[str, list[str]] = {}
    if need.isic is not None and need.isic.level == IsicLevel.SECTION:
        errors["isic"] = [_("Choose a division or class, not a whole section.")]
    low, high = need.budget_min, need.budget_max
    for name, value in (("budget_min", low), ("budget_max", high)):
        if value is not None and (error := rial_error(value)):
            errors[name] = [error]
    if low is not None and high is not None and high < low:
        errors["budget_max"] = [_("The upper budget must not be below the lower one.")]
    _full_clean(need, errors, exclude=("created_by",))


@transaction.atomic
def need_create(*, user: Any, data: dict[str, Any]) -> TechnologyNeed:
    data = _clean(data, TechnologyNeed)
    enterprise = data.get("enterprise")
    if not isinstance(enterprise, Enterprise):
        raise ValidationError({"enterprise": [_("Choose the enterprise this need is for.")]})
    require(
        TechScope(user).can_post_for(enterprise),
        _("You may post needs only for an enterprise you manage."),
    )
    data.setdefault("province", enterprise.province)
    need = TechnologyNeed(**{k: v for k, v in data.items() if k in NEED_FIELDS}, created_by=user)
    _validate_need(need)
    need.save()
    sync.record_changed(RecordKind.NEED, need.pk)
    return need


@transaction.atomic
def need_from_clinic_referral(
    *, user: Any, enterprise: Enterprise, description: str, case_id: int
) -> TechnologyNeed:
    """A business-clinic consultant refers the client SME to the exchange: the referral becomes
    a *closed* need of the enterprise (a draft nobody outside sees or matches), titled by the
    description's first line, for its owner or the staff to complete and open. The clinic has
    checked that ``user`` works the case; the case number is kept in the confidential details."""
    check_length(description, "description", TEXT_MAX)
    text = normalize(description or "").strip()
    if not text:
        raise ValidationError({"description": [_("Describe the technical problem.")]})
    first = text.splitlines()[0].strip()
    title = first if len(first) <= 120 else first[:120].rsplit(" ", 1)[0] + "…"
    isic = enterprise.isic
    need = TechnologyNeed(
        enterprise=enterprise,
        title=title,
        summary=text,
        confidential_details=_("Referred by business clinic case #%(case)s.") % {"case": case_id},
        isic=isic if isic is not None and isic.level != IsicLevel.SECTION else None,
        province=enterprise.province,
        status=RecordStatus.CLOSED,
        created_by=user,
    )
    _validate_need(need)
    need.save()  # closed, so not indexed: opening it (need_update) logs the change
    return need


@transaction.atomic
def need_update(*, user: Any, need: TechnologyNeed, data: dict[str, Any]) -> TechnologyNeed:
    scope = TechScope(user)
    require(scope.can_change(need))
    need = TechnologyNeed.objects.select_for_update().get(pk=need.pk)
    data = _clean(data, TechnologyNeed)
    if "enterprise" in data and data["enterprise"] != need.enterprise:
        require(scope.can_post_for(data["enterprise"]))
    model_update(instance=need, fields=NEED_FIELDS, data=data)
    _validate_need(need)
    need.save()
    sync.record_changed(RecordKind.NEED, need.pk)
    return need


def _validate_capability(cap: Capability) -> None:
    errors: dict[str, list[str]] = {}
    if cap.enterprise_id and cap.enterprise.kind not in CAPABILITY_KINDS:
        errors["enterprise"] = [
            _("Capabilities are offered by knowledge-based firms, universities and labs.")
        ]
    _full_clean(cap, errors, exclude=("created_by",))


def _set_sectors(cap: Capability, sectors: Any) -> None:
    if sectors is None:
        return
    sectors = list(sectors)
    if any(s.level == IsicLevel.SECTION for s in sectors):
        raise ValidationError({"sectors": [_("Choose divisions or classes, not whole sections.")]})
    cap.sectors.set(sectors)


@transaction.atomic
def capability_create(*, user: Any, data: dict[str, Any]) -> Capability:
    data = _clean(data, Capability)
    enterprise = data.get("enterprise")
    if not isinstance(enterprise, Enterprise):
        raise ValidationError({"enterprise": [_("Choose the enterprise offering this.")]})
    require(
        TechScope(user).can_post_for(enterprise),
        _("You may post capabilities only for an enterprise you manage."),
    )
    cap = Capability(**{k: v for k, v in data.items() if k in CAPABILITY_FIELDS}, created_by=user)
    _validate_capability(cap)
    cap.save()
    _set_sectors(cap, data.get("sectors"))
    sync.record_changed(RecordKind.CAPABILITY, cap.pk)
    return cap


@transaction.atomic
def capability_update(*, user: Any, capability: Capability, data: dict[str, Any]) -> Capability:
    scope = TechScope(user)
    require(scope.can_change(capability))
    cap = Capability.objects.select_for_update().get(pk=capability.pk)
    data = _clean(data, Capability)
    if "enterprise" in data and data["enterprise"] != cap.enterprise:
        require(scope.can_post_for(data["enterprise"]))
    model_update(instance=cap, fields=CAPABILITY_FIELDS, data=data)
    _validate_capability(cap)
    cap.save()
    _set_sectors(cap, data.get("sectors"))
    sync.record_changed(RecordKind.CAPABILITY, cap.pk)
    return cap


@transaction.atomic
def _pair_errors(need: TechnologyNeed, capability: Capability) -> dict[str, list[ValidationError]]:
    """Why this capability may not answer this need (a proposal, or an invitation to one); the
    last reason found about the capability is the one reported."""
    errors: dict[str, list[ValidationError]] = {}
    if need.status != RecordStatus.OPEN:
        errors["need"] = [ValidationError(_("This need is closed."), code=Code.NEED_CLOSED)]
    if capability.status != RecordStatus.OPEN:
        message = _("This capability is closed.")
        errors["capability"] = [ValidationError(message, code=Code.CAPABILITY_CLOSED)]
    if need.enterprise_id == capability.enterprise_id:
        message = _("An enterprise cannot answer its own need.")
        errors["capability"] = [ValidationError(message, code=Code.OWN_NEED)]
    if Proposal.objects.filter(need=need, capability=capability).exists():
        message = _("This capability has already been proposed for this need.")
        errors["capability"] = [ValidationError(message, code=Code.ALREADY_PROPOSED)]
    return errors


def proposal_create(
    *, user: Any, need: TechnologyNeed, capability: Capability, pitch: str
) -> Proposal:
    """The capability's side offers it for a need."""
    scope = TechScope(user)
    require(
        scope.edits(capability.enterprise_id),
        _("Only the capability's enterprise may propose it."),
    )
    check_length(pitch, "pitch", TEXT_MAX)
    errors: dict[str, list[ValidationError]] = {}
    pitch = normalize(pitch or "")
    if not pitch:
        errors["pitch"] = [ValidationError(_("Say briefly how you would solve this need."))]
    errors.update(_pair_errors(need, capability))
    if errors:
        raise ValidationError(errors)
    proposal = Proposal.objects.create(
        need=need, capability=capability, pitch=pitch, created_by=user
    )
    ProposalEvent.objects.create(proposal=proposal, to_state=ProposalState.PROPOSED, actor=user)
    firm = capability.enterprise
    _tell_side(
        need.enterprise_id,
        proposal,
        title=gettext_noop("{firm} proposes «{capability}» for your need «{need}»"),
        params={
            "firm": bilingual(firm.name_fa, firm.name_en),
            "capability": capability.title,
            "need": need.title,
        },
        exclude=user,
    )
    return proposal


def invite_to_propose(
    *, user: Any, need: TechnologyNeed, capability: Capability
) -> ProposalInvitation:
    """The need's side asks a suggested capability's enterprise to propose it (once a pair)."""
    require(TechScope(user).can_change(need), _("Only the need's enterprise may invite proposals."))
    errors = _pair_errors(need, capability)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():  # the unique pair decides between two concurrent clicks
            return ProposalInvitation.objects.create(
                need=need, capability=capability, invited_by=user
            )
    except IntegrityError:
        message = _("This capability's enterprise has already been invited to propose it.")
        raise ValidationError(
            {"capability": [ValidationError(message, code=Code.ALREADY_INVITED)]}
        ) from None


def _tell_side(
    enterprise_id: int, proposal: Proposal, *, title: str, params: dict[str, Any], exclude: Any
) -> None:
    """The owners and managers of one side of a proposal hear of it (in-app and e-mail, each in
    their own language); the user who acted is not told of their own step."""
    people = (
        Membership.objects.filter(enterprise_id=enterprise_id, role__in=EDITOR_ROLES)
        .exclude(user_id=getattr(exclude, "pk", 0) or 0)
        .select_related("user")
    )
    for membership in people:
        notifications.notify(
            membership.user,
            Kind.TECHNOLOGY_PROPOSAL,
            title=title,
            params=params,
            link=reverse("technology:proposal_detail", args=[proposal.pk]),
            ref=f"technology.proposal:{proposal.pk}",
        )


@transaction.atomic
def proposal_transition(
    *,
    user: Any,
    proposal: Proposal,
    to_state: str,
    agreement_type: str = "",
    agreement_value: int | None = None,
    agreement_date: dt.date | None = None,
) -> Proposal:
    """Moves a proposal one step, by the side the step belongs to; signing needs the agreement."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("need", "capability__enterprise")
        .get(pk=proposal.pk)
    )
    scope = TechScope(user)
    if (proposal.state, to_state) not in TRANSITIONS:
        message = _("A proposal cannot go from «{old}» to «{new}».").format(
            old=ProposalState(proposal.state).label,
            new=ProposalState(to_state).label if to_state in ProposalState.values else to_state,
        )
        raise field_error("state", message, Code.INVALID_STATE)
    if to_state not in scope.allowed_moves(proposal):
        raise PermissionDenied(_("This step belongs to the other side of the proposal."))
    if to_state == ProposalState.SIGNED:
        errors: dict[str, list[str]] = {}
        if agreement_type not in AgreementType.values:
            errors["agreement_type"] = [_("Choose the type of agreement.")]
        if agreement_value is None or not 0 <= int(agreement_value) <= MAX_VALUE:
            errors["agreement_value"] = [_("Enter the agreement's value in rials.")]
        if agreement_date is None:
            errors["agreement_date"] = [_("Enter the date the agreement was signed.")]
        elif agreement_date > timezone.localdate():
            errors["agreement_date"] = [_("The signing date cannot be in the future.")]
        if errors:
            raise ValidationError(errors)
        proposal.agreement_type = agreement_type
        proposal.agreement_value = int(agreement_value)  # type: ignore[arg-type]
        proposal.agreement_date = agreement_date
    ProposalEvent.objects.create(
        proposal=proposal, from_state=proposal.state, to_state=to_state, actor=user
    )
    proposal.state = to_state
    proposal.save()
    # The other side hears of the step: the need's owner of the proposer's steps and back.
    mine = scope.edits(proposal.capability.enterprise_id)
    other = proposal.need.enterprise_id if mine else proposal.capability.enterprise_id
    label = ProposalState(to_state).label
    with translation.override("fa"):
        state_fa = str(label)
    with translation.override("en"):
        state_en = str(label)
    _tell_side(
        other,
        proposal,
        title=gettext_noop("The proposal «{capability}» for «{need}» is now: {state}"),
        params={
            "capability": proposal.capability.title,
            "need": proposal.need.title,
            "state": bilingual(state_fa, state_en),
        },
        exclude=user,
    )
    return proposal


@transaction.atomic
def proposal_message_add(*, user: Any, proposal: Proposal, body: str) -> ProposalMessage:
    require(TechScope(user).can_message(proposal), _("Only the two sides may write here."))
    check_length(body, "body", TEXT_MAX)
    body = normalize(body or "")
    if not body:
        raise ValidationError({"body": [_("Write a message.")]})
    return ProposalMessage.objects.create(proposal=proposal, author=user, body=body)
