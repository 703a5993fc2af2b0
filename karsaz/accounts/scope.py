"""Who the user is, for every module's access checks: one place for the actor, the editor roles
and the `require` that turns a refused check into a 403.

Every module's scope class subclasses `ActorScope` and adds its own `can_*()`, `*_q()`,
`allowed_actions()` and `hidden_fields()`. The membership roles live in the registry, the
agency roles here; raw role strings appear nowhere else.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from karsaz.accounts.choices import AgencyRole
from karsaz.registry.choices import MembershipRole

# Members who may act for their enterprise (edit it, post for it, sign for it).
EDITOR_ROLES = frozenset({MembershipRole.OWNER.value, MembershipRole.MANAGER.value})


def memberships_of(user: Any) -> dict[int, tuple[str, str]]:
    """{enterprise id: (membership role, enterprise kind)} of a signed-in user, read once per
    user object. A request's user is one object, so a page reads them once however many scopes
    it builds. A membership saved or deleted through its model forgets the reading of the user
    object it holds (`Membership.save`); one written by id alone shows on the next user object."""
    cached = getattr(user, "_karsaz_memberships", None)
    if cached is None:
        rows = user.memberships.values_list("enterprise_id", "role", "enterprise__kind")
        cached = {pk: (role, kind) for pk, role, kind in rows}
        user._karsaz_memberships = cached
    return cached


def forget_memberships(user: Any) -> None:
    """Drops the memberships read for this user object (a membership of theirs was written)."""
    if user is not None:
        vars(user).pop("_karsaz_memberships", None)


class ActorScope:
    """Who the user is, computed once per request: national staff, the province a provincial
    officer serves, and the enterprises the user is a member of (with the role held)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.authenticated = bool(user and user.is_authenticated)
        self.national = self.authenticated and bool(user.is_national)
        self.province_id = (
            user.province_id
            if self.authenticated and user.agency_role == AgencyRole.PROVINCIAL_STAFF
            else None
        )
        self._member_of: dict[int, str] | None = None

    @property
    def member_of(self) -> dict[int, str]:
        """{enterprise id: membership role} of the user's enterprises, read once."""
        if self._member_of is None:
            self._member_of = (
                {pk: role for pk, (role, _) in memberships_of(self.user).items()}
                if self.authenticated
                else {}
            )
        return self._member_of

    def editor_of(self) -> list[int]:
        """Enterprises where the user is an owner or manager, in id order."""
        return sorted(pk for pk, role in self.member_of.items() if role in EDITOR_ROLES)

    def edits(self, enterprise_id: int | None) -> bool:
        """Whether the user is an owner or manager of this enterprise."""
        return self.member_of.get(enterprise_id or 0) in EDITOR_ROLES

    def in_province(self, province_id: int | None) -> bool:
        """Whether the user is the provincial officer of this province."""
        return self.province_id is not None and province_id == self.province_id


def require(allowed: bool, message: str | None = None) -> None:
    """Refuses with a 403 (PermissionDenied) unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message or _("You do not have access to this record."))


def require_signed_in(user: Any) -> None:
    require(bool(user and user.is_authenticated), _("Please sign in."))
