"""The admin speaks the page's language: translated titles and Jalali dates in change lists."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from karsaz.core import jalali
from karsaz.testing.factories import UserFactory
from karsaz.testing.factories_finance import finance_world, submit

pytestmark = pytest.mark.django_db


def _admin() -> Client:
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_admin_index_in_persian() -> None:
    html = _admin().get("/admin/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "مدیریت کارساز" in html and "Django administration" not in html
    assert "ثبت بنگاه‌ها" in html  # the registry's own Persian name


def test_changelist_dates_are_jalali(settings: Any) -> None:
    w = finance_world()
    invoice = submit(w, days=30)
    client = _admin()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    html = client.get("/admin/finance/invoice/").content.decode()
    due = jalali.format_date(invoice.due_date, lang="fa")
    assert due in html
    assert invoice.due_date.isoformat() not in html
    assert f"{invoice.due_date:%b.} {invoice.due_date.day}" not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/admin/finance/invoice/").content.decode()
    assert jalali.format_date(invoice.due_date, lang="en") in english
    assert isinstance(invoice.due_date, dt.date)
