"""Event texts have documented caps, refused before the normalizer runs (issue 11, finding 11)."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from karsaz.core.textlimits import TEXT_MAX
from karsaz.events import services
from karsaz.events.models import Event, MeetingRequest, Participant
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db
MIB = "ب" * (1024 * 1024)


def test_event_description_and_registration_texts_are_capped(users):
    with (
        mock.patch("karsaz.events.services.events.normalize") as normalizer,
        pytest.raises(ValidationError) as caught,
    ):
        make_event(organizer=users.qazvin_officer, description=MIB)
    normalizer.assert_not_called()
    assert set(caught.value.message_dict) == {"description"}
    assert not Event.objects.exists()
    event = make_event(organizer=users.qazvin_officer, description="ا" * TEXT_MAX)
    with (
        mock.patch("karsaz.events.services.registration.normalize") as normalizer,
        pytest.raises(ValidationError) as caught,
    ):
        services.participant_register(
            user=users.sme_owner,
            event=event,
            enterprise=users.qazvin_sme,
            delegates=[users.sme_owner],
            looking_for="ا" * (TEXT_MAX + 1),
            offering=MIB,
        )
    normalizer.assert_not_called()
    assert set(caught.value.message_dict) == {"looking_for", "offering"}
    assert not Participant.objects.exists()


def test_a_meeting_request_message_is_capped_before_anything_else(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="cap-a")
    b = make_delegate(event, username="cap-b")
    with (
        mock.patch("karsaz.events.services.requests.normalize") as normalizer,
        pytest.raises(ValidationError) as caught,
    ):
        services.request_create(user=a.user, event=event, recipient=b, message=MIB)
    normalizer.assert_not_called()
    assert set(caught.value.message_dict) == {"message"}
    assert not MeetingRequest.objects.exists()
