import io
import random

import pytest
from django.db.models import Q, Sum

from karsaz.events import demo, selectors
from karsaz.events.choices import MeetingStatus
from karsaz.events.models import Delegate, Event, Meeting
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_past_and_an_upcoming_event_once(users, provinces):
    UserFactory(username="qazvin", province=provinces.qazvin, agency_role="provincial_staff")
    for username, kind in (
        ("sme", EnterpriseKind.SME),
        ("techfirm", EnterpriseKind.KNOWLEDGE_BASED),
        ("lab", EnterpriseKind.UNIVERSITY),
        ("buyer", EnterpriseKind.ANCHOR_BUYER),
    ):
        MembershipFactory(
            user=UserFactory(username=username),
            enterprise=EnterpriseFactory(kind=kind, province=provinces.qazvin),
            role=MembershipRole.MANAGER,
        )
    for kind in (EnterpriseKind.SME, EnterpriseKind.KNOWLEDGE_BASED) * 4:
        EnterpriseFactory(kind=kind, province=provinces.qazvin)
    out = io.StringIO()
    demo.seed(rng=random.Random(1), stdout=out)
    past = Event.objects.get(name_fa=demo.PAST_NAME)
    upcoming = Event.objects.get(name_fa=demo.UPCOMING_NAME)
    assert past.meetings.filter(status=MeetingStatus.HELD).exists()
    assert past.deals.aggregate(total=Sum("value_rials"))["total"] == 33_000_000_000
    assert upcoming.requests_open and upcoming.registration_open
    assert upcoming.requests.filter(recipient__user__username="sme", status="pending").exists()
    # The past event's overview and report agree, and whoever met checked in at the desk.
    figures = selectors.meeting_figures(past)
    report = selectors.event_report(user=users.national, event=past)
    assert figures["held"] == report["held"] == past.meetings.filter(status="held").count() > 0
    assert selectors.event_counts(event=past)["scheduled"] == report["scheduled"] > 0
    met = Delegate.objects.filter(
        Q(sent_requests__meeting__status="held") | Q(received_requests__meeting__status="held"),
        event=past,
    ).distinct()
    assert met.exists() and not met.filter(checked_in_at__isnull=True).exists()
    count = Meeting.objects.count()
    demo.seed(rng=random.Random(1), stdout=out)  # idempotent
    assert Meeting.objects.count() == count and Event.objects.count() == 2
