"""Who may see and change what in the registry. Every view and API call asks these.

Scope: national staff see and change everything; a provincial officer the enterprises of their
province; members of an enterprise their own enterprise (owners and managers may edit it).
Everyone signed in sees the public directory card of every enterprise.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from karsaz.accounts.choices import AgencyRole
from karsaz.registry.choices import MembershipRole
from karsaz.registry.models import Enterprise

EDITOR_ROLES = (MembershipRole.OWNER, MembershipRole.MANAGER)
# Fields anyone signed in may see; the rest is the enterprise's private record.
PUBLIC_FIELDS = frozenset(
    {
        "id", "name_fa", "name_en", "kind", "national_id", "province", "city", "park", "isic",
        "size_class", "kb_certificate_valid", "website", "url",
    }
)  # fmt: skip


class ActorScope:
    """Who the user is for scope checks, computed once per request: national staff, the
    province a provincial officer serves, and the enterprises the user is a member of.
    Every module's scope class builds on this one."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.authenticated = bool(user and user.is_authenticated)
        self.national = self.authenticated and user.is_national
        self.province_id = (
            user.province_id
            if self.authenticated and user.agency_role == AgencyRole.PROVINCIAL_STAFF
            else None
        )
        self._member_of: dict[int, str] | None = None

    @property
    def member_of(self) -> dict[int, str]:
        if self._member_of is None:
            self._member_of = (
                dict(self.user.memberships.values_list("enterprise_id", "role"))
                if self.authenticated
                else {}
            )
        return self._member_of

    def editor_of(self) -> list[int]:
        """Enterprises where the user is an owner or manager."""
        return [pk for pk, role in self.member_of.items() if role in EDITOR_ROLES]


class RegistryScope(ActorScope):
    """The user's scope over enterprise records."""

    def private_q(self) -> Q:
        """The enterprises whose private record this user may see, as a filter."""
        if self.national:
            return Q()
        q = Q(id__in=list(self.member_of))
        if self.province_id:
            q |= Q(province_id=self.province_id)
        return q

    def can_view_private(self, enterprise: Enterprise) -> bool:
        return (
            self.national
            or (self.province_id is not None and enterprise.province_id == self.province_id)
            or enterprise.pk in self.member_of
        )

    def can_change(self, enterprise: Enterprise) -> bool:
        return (
            self.national
            or (self.province_id is not None and enterprise.province_id == self.province_id)
            or self.member_of.get(enterprise.pk) in EDITOR_ROLES
        )

    def can_certify(self, enterprise: Enterprise) -> bool:
        """Staff in scope set what the agency vouches for (STAFF_FIELDS); members never do."""
        return self.national or (
            self.province_id is not None and enterprise.province_id == self.province_id
        )

    def can_create_in(self, province_id: int | None) -> bool:
        return self.national or (self.province_id is not None and province_id == self.province_id)

    @property
    def can_create(self) -> bool:
        return self.national or self.province_id is not None

    @property
    def can_delete(self) -> bool:
        return self.authenticated and (
            self.user.is_superuser or self.user.agency_role == AgencyRole.NATIONAL_ADMIN
        )

    @property
    def can_import(self) -> bool:
        return self.can_create

    def can_view_history(self, enterprise: Enterprise) -> bool:
        return (
            self.authenticated and self.user.is_agency_staff and self.can_view_private(enterprise)
        )


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You do not have access to this record."))
