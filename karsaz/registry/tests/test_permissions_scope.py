"""RegistryScope, user by user: exact answers for the Qazvin and the Tehran enterprise.

Pins every branch of karsaz/registry/permissions.py (docs/mutation.md).
"""

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from karsaz.accounts.choices import AgencyRole
from karsaz.registry.choices import MembershipRole
from karsaz.registry.models import Enterprise
from karsaz.registry.permissions import RegistryScope
from karsaz.testing.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# user: (view_private, change, certify, view_history) on (qazvin_sme, tehran_sme) as "10" pairs;
# create_in (Qazvin, Tehran, no province); (create, delete, import); the private_q rows.
MATRIX = {
    "admin": ("11", "11", "11", "11", "111", "111", "qt"),
    "national": ("11", "11", "11", "11", "111", "101", "qt"),
    "qazvin_officer": ("10", "10", "10", "10", "100", "101", "q"),
    "tehran_officer": ("01", "01", "01", "01", "010", "101", "t"),
    "sme_owner": ("10", "10", "00", "00", "000", "000", "q"),
    "tehran_member": ("01", "00", "00", "00", "000", "000", "t"),
    "qazvin_manager": ("10", "10", "00", "00", "000", "000", "q"),
    "outsider": ("00", "00", "00", "00", "000", "000", ""),
    "anonymous": ("00", "00", "00", "00", "000", "000", ""),
}


def _bits(values: Any) -> str:
    return "".join("1" if v else "0" for v in values)


@pytest.mark.parametrize("who", list(MATRIX))
def test_registry_scope_answers(users: SimpleNamespace, who: str) -> None:
    if who == "qazvin_manager":
        user: Any = UserFactory(username="qz-manager")
        MembershipFactory(user=user, enterprise=users.qazvin_sme, role=MembershipRole.MANAGER)
    else:
        user = AnonymousUser() if who == "anonymous" else getattr(users, who)
    scope = RegistryScope(user)
    both = (users.qazvin_sme, users.tehran_sme)
    private = set(
        Enterprise.objects.filter(scope.private_q())
        .filter(pk__in=[e.pk for e in both])
        .values_list("pk", flat=True)
    )
    got = (
        _bits(scope.can_view_private(e) for e in both),
        _bits(scope.can_change(e) for e in both),
        _bits(scope.can_certify(e) for e in both),
        _bits(scope.can_view_history(e) for e in both),
        _bits([*(scope.can_create_in(e.province_id) for e in both), scope.can_create_in(None)]),
        _bits((scope.can_create, scope.can_delete, scope.can_import)),
        "".join(tag for tag, e in zip("qt", both, strict=True) if e.pk in private),
    )
    assert got == MATRIX[who]


def test_deleting_needs_a_superuser_or_the_national_admin_role(provinces: Any) -> None:
    superuser = UserFactory(username="root", is_superuser=True)
    admin_role = UserFactory(username="na", agency_role=AgencyRole.NATIONAL_ADMIN)
    staff = UserFactory(username="ns", agency_role=AgencyRole.NATIONAL_STAFF, is_staff=True)
    assert RegistryScope(superuser).can_delete is True
    assert RegistryScope(admin_role).can_delete is True
    assert RegistryScope(staff).can_delete is False
