"""Every capital API operation's contract, gathered from the areas' API tests (the core test
checks that together they cover the schema)."""

from karsaz.capital.tests.test_campaigns_api import CONTRACT_OPERATIONS as CAMPAIGNS

CONTRACT_OPERATIONS = frozenset(CAMPAIGNS)
