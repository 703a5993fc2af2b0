"""Writes to the registry. Each runs in one transaction, validates fully and records who acted."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.core.errors import ConflictError
from karsaz.core.persian import normalize, search_key
from karsaz.core.validators import clean_digits, normalize_sheba
from karsaz.registry.choices import IsicLevel
from karsaz.registry.errors import RegistryErrorCode
from karsaz.registry.models import Enterprise
from karsaz.registry.permissions import RegistryScope

ENTERPRISE_FIELDS = (
    "name_fa", "name_en", "kind", "national_id", "economic_code", "employees", "isic",
    "province", "city", "park", "kb_certificate_no", "kb_certificate_expires", "phone",
    "email", "website", "address", "postal_code", "sheba",
)  # fmt: skip
# What the agency vouches for: the kind (it decides finance scope, the exchange's certificate boost
# and badge), the legal identity and the knowledge-based certificate. Only staff in scope set them;
# an owner or manager who sends a changed value gets a field error (API 400, form, import alike).
STAFF_FIELDS = ("kind", "national_id", "kb_certificate_no", "kb_certificate_expires")
_TEXT_FIELDS = ("name_fa", "name_en", "city", "address", "kb_certificate_no")
_DIGIT_FIELDS = ("national_id", "economic_code", "postal_code", "phone")


def clean_enterprise_input(data: dict[str, Any]) -> dict[str, Any]:
    """Normalizes what people type: Persian text, Persian/Arabic digits, spaces in IDs."""
    cleaned = dict(data)
    for name in _TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = normalize(cleaned[name] or "")
    for name in _DIGIT_FIELDS:
        if name in cleaned:
            value = clean_digits(cleaned[name])
            cleaned[name] = ("+" + value[1:].lstrip("+")) if value.startswith("+") else value
    if "sheba" in cleaned:
        cleaned["sheba"] = normalize_sheba(cleaned["sheba"])
    if "email" in cleaned:
        cleaned["email"] = (cleaned["email"] or "").strip().lower()
    return cleaned


def enterprise_search_text(enterprise: Enterprise) -> str:
    parts = [enterprise.name_fa, enterprise.name_en, enterprise.national_id, enterprise.city]
    return " " + search_key(" ".join(p for p in parts if p)) + " "


def _validate_enterprise(enterprise: Enterprise) -> None:
    errors: dict[str, list[str]] = {}
    park, isic = enterprise.park, enterprise.isic
    if park is not None and enterprise.province_id and park.province_id != enterprise.province_id:
        errors["park"] = [_("This industrial park is not in the chosen province.")]
    if isic is not None and isic.level == IsicLevel.SECTION:
        errors["isic"] = [_("Choose a division or class, not a whole section.")]
    try:
        enterprise.full_clean()
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save(enterprise: Enterprise, *, user: Any, reason: str) -> Enterprise:
    _validate_enterprise(enterprise)
    enterprise.search_text = enterprise_search_text(enterprise)
    enterprise._history_user = user  # type: ignore[attr-defined]
    enterprise._change_reason = reason  # type: ignore[attr-defined]
    enterprise.save()
    return enterprise


@transaction.atomic
def enterprise_create(*, user: Any, data: dict[str, Any], reason: str = "") -> Enterprise:
    scope = RegistryScope(user)
    data = clean_enterprise_input(data)
    province = data.get("province")
    require(
        scope.can_create_in(getattr(province, "pk", None)),
        _("You may register enterprises only in your own province."),
    )
    enterprise = Enterprise(**{k: v for k, v in data.items() if k in ENTERPRISE_FIELDS})
    return _save(enterprise, user=user, reason=reason or _("Registered"))


@transaction.atomic
def enterprise_update(
    *, user: Any, enterprise: Enterprise, data: dict[str, Any], reason: str = ""
) -> Enterprise:
    scope = RegistryScope(user)
    require(scope.can_change(enterprise))
    # Lock the row so two editors never overwrite each other's fields silently.
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    data = clean_enterprise_input(data)
    if "province" in data and data["province"] != enterprise.province:
        require(
            scope.national or scope.can_create_in(getattr(data["province"], "pk", None)),
            _("You may not move an enterprise to another province."),
        )
    if not scope.can_certify(enterprise):
        changed = [
            key for key in STAFF_FIELDS if key in data and data[key] != getattr(enterprise, key)
        ]
        if changed:
            message = _("Only agency staff may change this; ask your provincial office.")
            raise ValidationError(
                {
                    key: [ValidationError(message, code=RegistryErrorCode.STAFF_ONLY)]
                    for key in changed
                }
            )
    for key, value in data.items():
        if key in ENTERPRISE_FIELDS:
            setattr(enterprise, key, value)
    return _save(enterprise, user=user, reason=reason or _("Edited"))


@transaction.atomic
def enterprise_delete(*, user: Any, enterprise: Enterprise) -> None:
    require(RegistryScope(user).can_delete)
    enterprise._history_user = user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            enterprise.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise ConflictError(
            _(
                "This enterprise cannot be deleted: it has finance or event records "
                "that must be kept."
            ),
            code=RegistryErrorCode.PROTECTED,
        ) from exc
