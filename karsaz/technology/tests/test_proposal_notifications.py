"""A proposal's other side hears of it: the need's owners of a new proposal, the proposer's of
each step the need's side takes (never the employee, never the actor)."""

import pytest
from django.core import mail

from karsaz.notifications.choices import Kind
from karsaz.notifications.models import Notification
from karsaz.technology import services
from karsaz.technology.choices import ProposalState

pytestmark = pytest.mark.django_db


def test_the_other_side_is_told(world, django_capture_on_commit_callbacks):
    w = world
    w.firm_user.language = "en"
    w.firm_user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_create(
            user=w.firm_user, need=w.need, capability=w.capability, pitch="راهکار ما"
        )
    rows = Notification.objects.filter(kind=Kind.TECHNOLOGY_PROPOSAL)
    assert [r.recipient_id for r in rows] == [w.sme_user.pk]  # the owner, not the employee
    assert rows[0].link == f"/technology/proposals/{proposal.pk}/"
    assert [m.to for m in mail.outbox] == [[w.sme_user.email]]
    assert f"«{w.need.title}»" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_transition(
            user=w.sme_user, proposal=proposal, to_state=ProposalState.SHORTLISTED
        )
    step = Notification.objects.filter(kind=Kind.TECHNOLOGY_PROPOSAL).order_by("-id")[0]
    assert step.recipient_id == w.firm_user.pk
    assert step.title_in("en") == (
        f"The proposal «{w.capability.title}» for «{w.need.title}» is now: Shortlisted"
    )
    assert [m.to for m in mail.outbox] == [[w.firm_user.email]]
    assert mail.outbox[0].subject.endswith("is now: Shortlisted")  # in the firm user's English
