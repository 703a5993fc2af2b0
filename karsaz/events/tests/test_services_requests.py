import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from karsaz.events import services
from karsaz.events.choices import ParticipantStatus, Priority, RequestStatus
from karsaz.events.models import Meeting, Participant
from karsaz.notifications.models import Notification
from karsaz.registry.choices import MembershipRole
from karsaz.testing.factories import MembershipFactory, UserFactory
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db


def test_event_create_generates_slots_around_breaks(users):
    event = make_event(
        organizer=users.qazvin_officer,
        day_end=dt.time(12, 0),
        breaks=[["10:00", "10:30"]],
        days=2,
    )
    starts = [timezone.localtime(s.starts_at).strftime("%H:%M") for s in event.slots.all()]
    # 09:00-12:00 in 30-minute slots, minus the 10:00 break, on two days.
    assert starts == ["09:00", "09:30", "10:30", "11:00", "11:30"] * 2
    assert str(timezone.localtime(event.slots.first().starts_at).tzinfo) == "Asia/Tehran"
    assert event.tables.count() == 3
    assert event.organizers.filter(pk=users.qazvin_officer.pk).exists()


def test_event_create_is_for_staff_and_validates(users):
    with pytest.raises(PermissionDenied):
        make_event(organizer=users.sme_owner)
    with pytest.raises(ValidationError) as caught:
        make_event(organizer=users.national, day_start=dt.time(12), day_end=dt.time(9))
    assert "day_end" in caught.value.message_dict


def test_registration_needs_a_manager_and_member_delegates(users):
    event = make_event(organizer=users.qazvin_officer)
    with pytest.raises(PermissionDenied):
        services.participant_register(
            user=users.tehran_member,  # an employee, not a manager
            event=event,
            enterprise=users.tehran_sme,
            delegates=[users.tehran_member],
        )
    with pytest.raises(ValidationError) as caught:
        services.participant_register(
            user=users.sme_owner,
            event=event,
            enterprise=users.qazvin_sme,
            delegates=[users.outsider],
        )
    assert "delegates" in caught.value.message_dict
    participant = services.participant_register(
        user=users.sme_owner,
        event=event,
        enterprise=users.qazvin_sme,
        delegates=[users.sme_owner],
        looking_for="فناوری بسته‌بندی",
    )
    assert participant.status == ParticipantStatus.PENDING
    with pytest.raises(ValidationError):
        services.participant_register(
            user=users.sme_owner,
            event=event,
            enterprise=users.qazvin_sme,
            delegates=[users.sme_owner],
        )


def test_only_organizers_approve_and_delegates_are_told(users, django_capture_on_commit_callbacks):
    event = make_event(organizer=users.qazvin_officer)
    participant = services.participant_register(
        user=users.sme_owner, event=event, enterprise=users.qazvin_sme, delegates=[users.sme_owner]
    )
    with pytest.raises(PermissionDenied):
        services.participant_decide(
            user=users.tehran_officer, participant=participant, approve=True
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_decide(
            user=users.qazvin_officer, participant=participant, approve=True
        )
    assert Participant.objects.get(pk=participant.pk).status == ParticipantStatus.APPROVED
    assert Notification.objects.filter(recipient=users.sme_owner).count() == 1
    assert mail.outbox and users.sme_owner.email in mail.outbox[-1].to
    # In the owner's language (Persian), naming the event.
    assert mail.outbox[-1].subject == "ثبت‌نام شما تأیید شد."
    assert "نمایشگاه آزمایشی فناوری" in mail.outbox[-1].body


def test_request_accept_creates_a_meeting_and_notifies(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="a")
    b = make_delegate(event, username="b")
    req = services.request_create(
        user=a.user, event=event, recipient=b, priority=Priority.MUST, message="سلام"
    )
    assert req.weight == 3
    assert Notification.objects.filter(recipient=b.user).exists()
    with pytest.raises(PermissionDenied):
        services.request_answer(user=a.user, request=req, accept=True)
    services.request_answer(user=b.user, request=req, accept=True)
    req.refresh_from_db()
    assert req.status == RequestStatus.ACCEPTED
    assert Meeting.objects.filter(request=req).exists()
    with pytest.raises(ValidationError):
        services.request_answer(user=b.user, request=req, accept=False)


def test_one_live_request_per_pair_either_way(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="a")
    b = make_delegate(event, username="b")
    services.request_create(user=a.user, event=event, recipient=b)
    with pytest.raises(ValidationError):
        services.request_create(user=a.user, event=event, recipient=b)
    with pytest.raises(ValidationError):
        services.request_create(user=b.user, event=event, recipient=a)


def test_requests_need_approval_other_enterprise_and_open_window(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="a")
    pending = make_delegate(event, username="p", approved=False)
    colleague_user = UserFactory(username="colleague")
    MembershipFactory(
        user=colleague_user, enterprise=a.participant.enterprise, role=MembershipRole.EMPLOYEE
    )
    colleague = a.participant.delegates.create(event=event, user=colleague_user)
    for recipient in (pending, colleague):
        with pytest.raises(ValidationError) as caught:
            services.request_create(user=a.user, event=event, recipient=recipient)
        assert "recipient" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.request_create(user=pending.user, event=event, recipient=a)
    event.requests_close = timezone.now() - dt.timedelta(minutes=1)
    event.save()
    b = make_delegate(event, username="b")
    with pytest.raises(ValidationError) as caught:
        services.request_create(user=a.user, event=event, recipient=b)
    assert "event" in caught.value.message_dict


def test_unanswered_requests_expire(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="a")
    b = make_delegate(event, username="b")
    req = services.request_create(user=a.user, event=event, recipient=b)
    assert req.expires_at <= timezone.now() + dt.timedelta(hours=48, seconds=5)
    req.expires_at = timezone.now() - dt.timedelta(seconds=1)
    req.save()
    with pytest.raises(ValidationError) as caught:
        services.request_answer(user=b.user, request=req, accept=True)
    assert "status" in caught.value.message_dict
    req.refresh_from_db()
    assert req.status == RequestStatus.EXPIRED
    # An expired request no longer blocks a new one.
    services.request_create(user=b.user, event=event, recipient=a)


def test_delegate_settings(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="a")
    slot = event.slots.first()
    services.delegate_update(user=a.user, delegate=a, max_meetings=2, unavailable=[slot])
    assert list(a.unavailable.all()) == [slot]
    with pytest.raises(PermissionDenied):
        services.delegate_update(user=users.outsider, delegate=a, max_meetings=2, unavailable=[])
    with pytest.raises(ValidationError):
        services.delegate_update(user=a.user, delegate=a, max_meetings=-1, unavailable=[])
