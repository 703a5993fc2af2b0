"""Choices of records named in both languages (a province, a park) are labelled in the page's
language: their `str` is the Persian name, which English filter forms and forms used to show."""

import re

import pytest
from django.test import Client

from karsaz.registry.models import IndustrialPark

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


@pytest.mark.parametrize(
    ("language", "qazvin", "park"),
    [("fa", "قزوین", "شهرک صنعتی لیا ۲"), ("en", "Qazvin", "Liya Industrial Estate 2")],
)
def test_filter_choices_are_named_in_the_page_language(users, language, qazvin, park):
    lia = IndustrialPark.objects.create(
        province=users.qazvin_sme.province, name_fa="شهرک صنعتی لیا 2", name_en=park
    )
    client = Client()
    client.force_login(users.national)
    client.cookies["karsaz_language"] = language
    html = client.get("/registry/").content.decode()
    assert _options(html, "province")["26"] == qazvin
    assert _options(html, "park")[str(lia.pk)] == park
    clinics = client.get("/clinics/").content.decode()
    assert _options(clinics, "province")["26"] == qazvin
    form = client.get("/registry/new/").content.decode()  # a form's choices, not a filter's
    assert _options(form, "province")[str(users.qazvin_sme.province.pk)] == qazvin
    assert _options(form, "park")[str(lia.pk)] == f"{qazvin} — {park}"
