"""Every page a user can reach, rendered in Persian: no Latin digit in Persian running text.

A small world from each module's test helpers (a need and capabilities, a clinic case with a
session, a financed invoice, an event with delegates, a campaign, an admission filing), then a
crawl from the home page as national staff, one page per URL shape.
"""

import re
from urllib.parse import urlparse

import pytest

from karsaz.accounts.choices import AgencyRole
from karsaz.core.persian import persian_text_digits
from karsaz.testing.factories import UserFactory
from karsaz.testing.factories_capital_campaigns import campaign_world
from karsaz.testing.factories_capital_dossier import dossier_world, engaged_filing
from karsaz.testing.factories_clinics import clinic_world, working_case
from karsaz.testing.factories_events import make_delegate, make_event
from karsaz.testing.factories_finance import finance_world, financed
from karsaz.testing.factories_technology import tech_world
from karsaz.testing.pagetext import latin_digits

SKIP = re.compile(
    r"^/(admin|api|static|media|accounts/logout)|\.(csv|xlsx|pdf|ics|json)$|export|download|/file"
)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("<p>۲ روز</p>", []),
        ("<p>2 روز</p>", ["2 روز"]),
        ("<p>x</p>", []),
        ('<p>فاکتور <span dir="ltr">12</span></p>', []),
        ("<p>فاکتور INV-2-REP-022 و ISO 9001</p>", []),
        ("<p>Alborz Steel 2</p>", []),
        ("<code>42</code><script>var a = 1;</script>", []),
        ('<select><option value="1">1</option></select>', ["1"]),
    ],
)
def test_the_reader_flags_latin_digits_in_persian_text(text, flagged):
    assert latin_digits(f"<html><body>{text}</body></html>") == flagged


def test_the_title_is_read_too():
    html = "<html><head><title>پرونده 11</title></head><body><p>x</p></body></html>"
    assert latin_digits(html) == ["پرونده 11"]


def test_the_text_filter_and_the_reader_agree():
    assert persian_text_digits("پلاک 66، ISO 9001، INV-2") == "پلاک ۶۶، ISO 9001، INV-2"


def _world() -> None:
    tech_world()
    clinics = clinic_world()
    working_case(clinics)
    financed(finance_world())
    organizer = UserFactory(username="pd-organizer", agency_role=AgencyRole.NATIONAL_STAFF)
    event = make_event(organizer=organizer)
    for n in range(2):
        make_delegate(event, username=f"pd-delegate{n}")
    campaign_world()
    engaged_filing(dossier_world())


@pytest.mark.django_db
def test_persian_pages_write_numbers_in_persian_digits(client):
    _world()
    client.force_login(UserFactory(username="pd-staff", agency_role=AgencyRole.NATIONAL_STAFF))
    queue, shapes, visited, found, failed = ["/"], set(), 0, {}, []
    while queue and visited < 150:
        path = queue.pop(0)
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="fa")
        visited += 1
        if response.status_code >= 500:
            failed.append(path)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if digits := latin_digits(html):
            found[path] = digits[:3]
        for href in re.findall(r'href="(/[^"#?]*)', html):
            shape = re.sub(r"/\d+", "/N", href)
            if shape not in shapes and not SKIP.search(urlparse(href).path):
                shapes.add(shape)
                queue.append(href)
    assert failed == []
    assert visited > 40  # the crawl reached the modules' pages, not just the home page
    assert found == {}
