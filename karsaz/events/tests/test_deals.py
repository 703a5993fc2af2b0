"""A deal naming another company counts only once that company confirms it (issue 11,
finding 13): the pending state, the confirm action (service, page, API) and the report."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from karsaz.events import selectors, services
from karsaz.events.choices import DealKind, DealStatus
from karsaz.events.models import Deal
from karsaz.registry.choices import MembershipRole
from karsaz.testing.factories import MembershipFactory, UserFactory
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="deal-a")
    b = make_delegate(event, username="deal-b")
    return event, a, b


def _record(user, event, a, b, value=12_000_000_000):
    return services.deal_record(
        user=user,
        event=event,
        parties=[a.participant.enterprise, b.participant.enterprise],
        kind=DealKind.SUPPLY,
        document="contract",
        value_rials=value,
        signed_on=event.starts_on,
    )


def test_a_deal_naming_another_company_waits_for_it(users, fair):
    event, a, b = fair
    deal = _record(a.user, event, a, b)
    assert deal.status == DealStatus.PENDING
    assert set(deal.confirmed_parties.all()) == {a.participant.enterprise}
    report = selectors.event_report(user=users.qazvin_officer, event=event)
    assert (report["deals"], report["deal_value"], report["deals_pending"]) == (0, 0, 1)
    assert all(row.get("deals", 0) == 0 for row in report["by_day"])
    # Neither the recorder again, nor an outsider, nor an employee of b confirms for b.
    with pytest.raises(PermissionDenied):
        services.deal_confirm(user=users.outsider, deal=deal)
    employee = UserFactory(username="deal-b-employee")
    MembershipFactory(
        user=employee, enterprise=b.participant.enterprise, role=MembershipRole.EMPLOYEE
    )
    with pytest.raises(PermissionDenied):
        services.deal_confirm(user=employee, deal=deal)
    with pytest.raises(ValidationError) as caught:
        services.deal_confirm(user=a.user, deal=deal)
    assert set(caught.value.message_dict) == {"status"}
    deal = services.deal_confirm(user=b.user, deal=deal)
    assert deal.status == DealStatus.CONFIRMED and deal.confirmed_at is not None
    report = selectors.event_report(user=users.qazvin_officer, event=event)
    assert (report["deals"], report["deal_value"], report["deals_pending"]) == (
        1,
        12_000_000_000,
        0,
    )


def test_an_organizer_records_for_every_party(users, fair):
    event, a, b = fair
    deal = _record(users.qazvin_officer, event, a, b, value=5)
    assert deal.status == DealStatus.CONFIRMED
    assert selectors.event_report(user=users.qazvin_officer, event=event)["deal_value"] == 5


def test_the_api_lists_and_confirms(users, fair, api_as):
    event, a, b = fair
    deal = _record(a.user, event, a, b)
    other = UserFactory(username="deal-outsider")
    assert api_as(other).get("/api/v1/event-deals/").json()["count"] == 0
    assert api_as(other).post(f"/api/v1/event-deals/{deal.pk}/confirm/").status_code == 404
    assert api_as(a.user).post(f"/api/v1/event-deals/{deal.pk}/confirm/").status_code == 400
    listed = api_as(b.user).get("/api/v1/event-deals/", {"status": "pending"}).json()
    assert [row["id"] for row in listed["results"]] == [deal.pk]
    assert listed["results"][0]["confirmed_parties"] == [a.participant.enterprise.pk]
    response = api_as(b.user).post(f"/api/v1/event-deals/{deal.pk}/confirm/")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    organizer = api_as(users.qazvin_officer).get("/api/v1/event-deals/", {"event": event.pk})
    assert organizer.json()["count"] == 1


def test_the_deals_page_offers_the_confirmation(users, fair):
    event, a, b = fair
    deal = _record(a.user, event, a, b)
    recorder, named = Client(), Client()
    recorder.force_login(a.user)
    named.force_login(b.user)
    button = f'data-testid="confirm-deal-{deal.pk}"'
    staff = Client()
    staff.force_login(users.qazvin_officer)
    pending = staff.get(f"/events/{event.pk}/report/").content.decode()
    assert 'data-testid="deals-pending"' in pending
    assert button not in recorder.get(f"/events/{event.pk}/deals/").content.decode()
    assert button in named.get(f"/events/{event.pk}/deals/").content.decode()
    response = named.post(f"/events/{event.pk}/deals/{deal.pk}/confirm/")
    assert response.status_code == 302
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.CONFIRMED
    assert button not in named.get(f"/events/{event.pk}/deals/").content.decode()
    report = Client()
    report.force_login(users.qazvin_officer)
    assert (
        'data-testid="deals-pending"'
        not in report.get(f"/events/{event.pk}/report/").content.decode()
    )
