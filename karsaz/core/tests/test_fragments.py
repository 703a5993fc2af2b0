"""Tables of rows are rendered once per page of rows as fetched (`core/fragments.py`)."""

from typing import Any

import pytest
from django.core.paginator import Paginator
from django.test import Client

from karsaz.registry.models import Enterprise

pytestmark = pytest.mark.django_db


class Renders:
    """A block's render function that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"<table>{self.calls}</table>"


def _page(number: int = 1) -> Any:
    rows = Enterprise.objects.select_related("province").order_by("pk")
    return Paginator(rows, 1).get_page(number)


def test_a_page_is_rendered_once_until_a_shown_row_changes(cached: Any, users: Any) -> None:
    from karsaz.core.fragments import cached_rows

    render = Renders()
    first = cached_rows("t:1", _page(), [], render)
    assert (cached_rows("t:1", _page(), [], render), render.calls) == (first, 1)
    firm = _page().object_list[0]
    Enterprise.objects.filter(pk=firm.pk).update(employees=(firm.employees or 0) + 1)
    cached_rows("t:1", _page(), [], render)
    assert render.calls == 2  # a column of the row
    firm.province.__class__.objects.filter(pk=firm.province_id).update(name_en="Renamed")
    cached_rows("t:1", _page(), [], render)
    assert render.calls == 3  # a column of a row joined to it


def test_a_prefetched_row_is_part_of_the_page(cached: Any, users: Any) -> None:
    from karsaz.core.fragments import cached_rows
    from karsaz.registry.models import Membership

    def page() -> Any:
        rows = Enterprise.objects.filter(pk=users.qazvin_sme.pk).prefetch_related("memberships")
        return Paginator(rows, 1).get_page(1)

    render = Renders()
    cached_rows("t:1", page(), [], render)
    cached_rows("t:1", page(), [], render)
    Membership.objects.filter(enterprise=users.qazvin_sme).update(title="مدیر فنی")
    cached_rows("t:1", page(), [], render)
    assert render.calls == 2


def test_place_vary_and_origin_have_their_own_copy(cached: Any, users: Any) -> None:
    from karsaz.core.fragments import cached_rows

    render = Renders()
    cached_rows("t:1", _page(), [], render)
    cached_rows("t:1", _page(2), [], render)
    cached_rows("t:1", _page(), ["q=x"], render)
    cached_rows("t:2", _page(), [], render)
    assert render.calls == 4


def test_rows_that_are_not_model_instances_are_always_rendered(cached: Any) -> None:
    from karsaz.core.fragments import cached_rows

    render = Renders()
    page = Paginator([{"id": 1}], 10).get_page(1)
    cached_rows("t:1", page, [], render)
    cached_rows("t:1", page, [], render)
    assert render.calls == 2


def test_the_registry_list_shows_a_rename_at_once(cached: Any, client: Client, users: Any) -> None:
    client.force_login(users.national)
    assert "شرکت تازه‌نام" not in client.get("/registry/").content.decode()
    Enterprise.objects.filter(pk=users.qazvin_sme.pk).update(name_fa="شرکت تازه‌نام")
    assert "شرکت تازه‌نام" in client.get("/registry/").content.decode()
