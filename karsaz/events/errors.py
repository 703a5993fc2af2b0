"""Error codes of the events services, for clients that branch on them (the API answers
`{"field": [{"message": ..., "code": ...}]}`)."""

from django.db import models


class EventsErrorCode(models.TextChoices):
    INVALID_STATE = "invalid_state"  # the record's state forbids the action
    EXPIRED = "expired"  # the request passed its deadline
    ALREADY_DONE = "already_done"  # answered, confirmed or reported already
    CLOSED = "closed"  # registration or requests are closed
    NOT_STARTED = "not_started"  # the meeting has not started yet
    SLOT_TAKEN = "slot_taken"  # the table or a delegate is busy in that slot
    UNAVAILABLE = "unavailable"  # a delegate marked the slot unavailable
    DUPLICATE = "duplicate"  # a live request or meeting already joins the two
    IN_PROGRESS = "in_progress"  # a scheduling run is already going
    INVALID_BADGE = "invalid_badge"  # the scanned text is not a genuine badge token
    OTHER_EVENT = "other_event"  # the badge belongs to another event
    NOT_APPROVED = "not_approved"  # the delegate's enterprise is not approved at the event
