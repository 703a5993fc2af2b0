"""The actor every scope class builds on: who is national, provincial, member, editor."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import translation

from karsaz.accounts.scope import EDITOR_ROLES, ActorScope, require, require_signed_in
from karsaz.registry.choices import MembershipRole
from karsaz.testing.factories import MembershipFactory


def test_editor_roles_are_owner_and_manager() -> None:
    assert frozenset({"owner", "manager"}) == EDITOR_ROLES


def test_each_role_is_seen_for_what_it_is(users: SimpleNamespace) -> None:
    MembershipFactory(
        user=users.sme_owner, enterprise=users.tehran_sme, role=MembershipRole.EMPLOYEE
    )
    owner = ActorScope(users.sme_owner)
    assert (owner.authenticated, owner.national, owner.province_id) == (True, False, None)
    assert owner.member_of == {users.qazvin_sme.pk: "owner", users.tehran_sme.pk: "employee"}
    assert owner.editor_of() == [users.qazvin_sme.pk]
    assert owner.edits(users.qazvin_sme.pk) is True
    assert owner.edits(users.tehran_sme.pk) is False
    assert owner.edits(None) is False

    officer = ActorScope(users.qazvin_officer)
    assert (officer.national, officer.province_id) == (False, users.qazvin_sme.province_id)
    assert officer.in_province(users.qazvin_sme.province_id) is True
    assert officer.in_province(users.tehran_sme.province_id) is False
    assert officer.member_of == {}

    national = ActorScope(users.national)
    assert (national.national, national.province_id) == (True, None)
    assert national.in_province(users.qazvin_sme.province_id) is False

    anonymous = ActorScope(AnonymousUser())
    assert (anonymous.authenticated, anonymous.national, anonymous.member_of) == (False, False, {})
    assert ActorScope(None).authenticated is False


def test_memberships_are_read_once(users: SimpleNamespace, django_assert_num_queries) -> None:
    scope = ActorScope(users.sme_owner)
    with django_assert_num_queries(1):
        scope.editor_of()
        scope.edits(users.qazvin_sme.pk)
        assert scope.member_of


def test_require_refuses_with_the_given_or_default_message() -> None:
    require(True)
    with pytest.raises(PermissionDenied, match=r"^no$"):
        require(False, "no")
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        require(False)
    assert str(refused.value) == "You do not have access to this record."


def test_require_signed_in(users: SimpleNamespace) -> None:
    require_signed_in(users.outsider)
    with translation.override("en"), pytest.raises(PermissionDenied, match=r"^Please sign in\.$"):
        require_signed_in(AnonymousUser())
    with pytest.raises(PermissionDenied):
        require_signed_in(None)
