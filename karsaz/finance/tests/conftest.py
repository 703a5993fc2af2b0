from types import SimpleNamespace
from typing import Any

import pytest

from karsaz.finance.choices import AccountPurpose
from karsaz.finance.ledger import account_for
from karsaz.testing.factories_finance import finance_world


@pytest.fixture
def world(db: Any) -> SimpleNamespace:
    return finance_world()


@pytest.fixture
def accounts(world: SimpleNamespace) -> tuple[Any, Any, Any]:
    """A financier's funds, a supplier's cash and the platform's fees: three accounts to post
    between."""
    return (
        account_for(world.financiers[0], AccountPurpose.FINANCIER_FUNDS),
        account_for(world.supplier, AccountPurpose.SUPPLIER_CASH),
        account_for(None, AccountPurpose.PLATFORM_FEES),
    )
