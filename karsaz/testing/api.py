"""API contract tests: declare what an operation promises, get the tests that hold it to it.

NetBox's ``APIViewTestCases`` is the model. Each app's ``tests/test_api_contract.py`` lists one
``Contract`` per operation of its API (``"METHOD /api/v1/path/{id}/"``, spelt as in the OpenAPI
schema) and adds the generated tests to the module::

    CONTRACTS = [Contract("GET /api/v1/enterprises/{id}/", record=..., outsider="outsider"), ...]
    globals().update(contract_tests(CONTRACTS, world="registry_world"))

What a contract may declare, and the test each declaration turns on:

- ``anonymous`` (every contract): the status an anonymous caller gets (401, or 200 for the public
  reference data and sign-in);
- ``outsider``: a world user outside the record's scope gets 404 (the record's existence is not
  disclosed);
- ``denied``: world users signed in without the right get 403 on the write;
- ``bad`` + ``errors``: the bad body is a 400 whose error keys are exactly ``errors``' keys, each
  error ``{"message": str, "code": str}`` with the declared codes;
- ``idempotent`` + ``body`` + ``writes``: the same call replayed with the same ``Idempotency-Key``
  answers the same status and body and writes once (``writes`` counts the rows);
- ``budget`` + ``grow``: a GET costs ``budget`` queries after ``grow`` added N rows of every kind
  it lists, and again after two more ``grow`` (3N rows): the count must not grow with the rows
  (``karsaz.testing.queries``).

``karsaz/core/tests/test_api_contract.py`` walks the OpenAPI schema and fails on any operation
no app declared.
"""

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from rest_framework.test import APIClient

from karsaz.testing.queries import count_queries

World = Any
_keys = itertools.count()
WRITES = ("POST", "PUT", "PATCH", "DELETE")
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Contract:
    operation: str
    anonymous: int = 401
    # world → the record whose key fills the path's {id} / {code} (a model instance or a value).
    record: Callable[[World], Any] | None = None
    # The placeholder's value when the call needs no world (a public dataset's code): the
    # anonymous test then reaches a real record instead of key 1.
    key: Any = None
    # The world user the call is made as for the bad-data, idempotency and budget tests.
    user: str | None = None
    outsider: str | None = None
    denied: tuple[str, ...] = ()
    body: Callable[[World], dict[str, Any]] | None = None
    bad: Callable[[World], dict[str, Any]] | None = None
    errors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    idempotent: bool = False
    writes: Callable[[], int] | None = None
    budget: int | None = None
    grow: Callable[[World], None] | None = None

    @property
    def method(self) -> str:
        return self.operation.split(" ", 1)[0]

    @property
    def path(self) -> str:
        return self.operation.split(" ", 1)[1]

    def url(self, world: World = None) -> str:
        """The path with its placeholder filled: the record's key, or 1 without a world."""
        if "{" not in self.path:
            return self.path
        if self.record and world is not None:
            record = self.record(world)
        else:
            record = self.key if self.key is not None else 1
        key = getattr(record, "pk", record)
        head, _, rest = self.path.partition("{")
        return f"{head}{key}{rest.partition('}')[2]}"


def call(client: APIClient, contract: Contract, url: str, data: Any = None, key: str = "") -> Any:
    """One request as the contract's method; writes carry an Idempotency-Key (a fresh one unless
    given), which the finance endpoints require and the others ignore."""
    if contract.method == "GET":
        return client.get(url)
    return getattr(client, contract.method.lower())(
        url, data or {}, format="json", HTTP_IDEMPOTENCY_KEY=key or f"contract-{next(_keys)}"
    )


def signed_in(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(getattr(world, name))
    return client


def assert_error_body(body: Any, errors: dict[str, tuple[str, ...]]) -> None:
    """A 400 body: exactly the declared fields, each a list of {"message": str, "code": str}
    whose codes are the declared ones."""
    assert isinstance(body, dict), body
    assert set(body) == set(errors), body
    for name, items in body.items():
        assert isinstance(items, list) and items, body
        for item in items:
            assert set(item) == {"message", "code"}, item
            assert isinstance(item["message"], str) and item["message"], item
            assert isinstance(item["code"], str) and item["code"], item
        assert tuple(item["code"] for item in items) == errors[name], (name, items)


def schema_operations(client: APIClient) -> set[str]:
    """Every operation of the OpenAPI schema as "METHOD path"."""
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return {
        f"{method.upper()} {path}"
        for path, operations in response.json()["paths"].items()
        for method in operations
        if method in METHODS
    }


def contract_tests(contracts: Iterable[Contract], *, world: str) -> dict[str, Any]:
    """The contract tests of ``contracts``, as module globals; ``world`` names the fixture that
    builds the records and users they refer to."""
    contracts = list(contracts)
    ids = [c.operation for c in contracts]
    assert len(set(ids)) == len(ids), "an operation is declared twice"
    tests: dict[str, Any] = {}

    def parametrize(test: Callable[..., None], having: Callable[[Contract], bool]) -> None:
        chosen = [c for c in contracts if having(c)]
        if chosen:
            marked = pytest.mark.parametrize("contract", chosen, ids=[c.operation for c in chosen])(
                test
            )
            tests[test.__name__] = pytest.mark.django_db(marked)

    def test_contract_anonymous(contract: Contract) -> None:
        response = call(APIClient(), contract, contract.url())
        assert response.status_code == contract.anonymous, response.content

    def test_contract_outsider_gets_404(contract: Contract, request: Any) -> None:
        w = request.getfixturevalue(world)
        assert contract.outsider
        body = contract.body(w) if contract.body else None
        response = call(signed_in(w, contract.outsider), contract, contract.url(w), body)
        assert response.status_code == 404, response.content

    def test_contract_denied_roles_get_403(contract: Contract, request: Any) -> None:
        w = request.getfixturevalue(world)
        body = contract.body(w) if contract.body else None
        for name in contract.denied:
            response = call(signed_in(w, name), contract, contract.url(w), body)
            assert response.status_code == 403, (name, response.content)

    def test_contract_bad_data_gets_400(contract: Contract, request: Any) -> None:
        w = request.getfixturevalue(world)
        assert contract.bad and contract.user
        response = call(signed_in(w, contract.user), contract, contract.url(w), contract.bad(w))
        assert response.status_code == 400, response.content
        assert_error_body(response.json(), contract.errors)

    def test_contract_idempotent_replay(contract: Contract, request: Any) -> None:
        w = request.getfixturevalue(world)
        assert contract.body and contract.user and contract.writes
        client, url, body = signed_in(w, contract.user), contract.url(w), contract.body(w)
        before = contract.writes()
        key = f"replay-{next(_keys)}"
        first = call(client, contract, url, body, key)
        assert 200 <= first.status_code < 300, first.content
        after = contract.writes()
        again = call(client, contract, url, body, key)
        assert (again.status_code, again.json()) == (first.status_code, first.json())
        assert again["Idempotent-Replayed"] == "true"
        assert after == before + 1 and contract.writes() == after

    def test_contract_query_budget(contract: Contract, request: Any) -> None:
        w = request.getfixturevalue(world)
        assert contract.user and contract.grow and contract.budget is not None
        client, url = signed_in(w, contract.user), contract.url(w)
        contract.grow(w)
        few = count_queries(client, url)
        contract.grow(w)
        contract.grow(w)
        many = count_queries(client, url)
        assert (few, many) == (contract.budget, contract.budget), (
            f"{few} queries with N rows, {many} with 3N rows; budget {contract.budget}"
        )

    parametrize(test_contract_anonymous, lambda c: True)
    parametrize(test_contract_outsider_gets_404, lambda c: c.outsider is not None)
    parametrize(test_contract_denied_roles_get_403, lambda c: bool(c.denied))
    parametrize(test_contract_bad_data_gets_400, lambda c: c.bad is not None)
    parametrize(test_contract_idempotent_replay, lambda c: c.idempotent)
    parametrize(test_contract_query_budget, lambda c: c.budget is not None)
    tests["CONTRACT_OPERATIONS"] = frozenset(ids)
    return tests
