"""The desks read their side's invoices on that side's column (`selectors.party_invoices`), not
through the scope's union: exactly the scope's rows narrowed to the side, for a user on every
side at once."""

from typing import Any

import pytest

from karsaz.accounts.models import User
from karsaz.finance import selectors
from karsaz.testing import factories_finance as ff
from karsaz.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_each_side_reads_the_scope_narrowed_to_it(world: Any) -> None:
    awaiting = ff.submit(world)
    elsewhere = ff.submit(world, supplier=world.other_supplier)
    held = ff.financed(world)
    auction = ff.in_auction(world)  # open to both financiers, held by neither
    rival = ff.financed(world, financier=1)
    for firm in (world.buyer, world.financiers[0]):
        MembershipFactory(user=world.supplier_user, enterprise=firm)
    user = User.objects.get(pk=world.supplier_user.pk)  # its memberships read afresh
    expected = {
        "supplier": {awaiting.pk, held.pk, auction.pk, rival.pk},
        "buyer": {awaiting.pk, elsewhere.pk, held.pk, auction.pk, rival.pk},
        "financier": {held.pk},
    }
    ids = {"supplier": [world.supplier.pk], "buyer": [world.buyer.pk]}
    ids["financier"] = [world.financiers[0].pk]
    for side, rows in expected.items():
        desk = selectors.party_invoices(user=user, side=side)  # type: ignore[arg-type]
        scoped = selectors.invoice_list(user=user).filter(**{f"{side}_id__in": ids[side]})
        assert {i.pk for i in desk} == rows, side
        assert {i.pk for i in scoped} == rows, side


def test_a_financier_desk_lists_its_own_maturities_only(world: Any) -> None:
    held = ff.financed(world)
    ff.financed(world, financier=1)
    ff.in_auction(world)
    desk = selectors.workspace_financier(user=world.financier_users[0])
    assert [i.pk for i in desk["maturities"]] == [held.pk]
    assert desk["portfolio"]["n"] == 1


def test_a_buyer_desk_lists_what_awaits_it_oldest_first(world: Any) -> None:
    first, second = ff.submit(world), ff.submit(world, supplier=world.other_supplier)
    ff.accepted(world)
    desk = selectors.workspace_buyer(user=world.maker)
    assert [i.pk for i in desk["to_accept"]] == [first.pk, second.pk]
