"""The codes of capital's service errors: the API answers `{"field": [{"message", "code"}]}`,
so a client branches on these, never on the translated text."""

from django.db import models


class CapitalErrorCode(models.TextChoices):
    INVALID = "invalid"  # a value the field does not accept
    REQUIRED = "required"
    INVALID_STATE = "invalid_state"  # the record is not in a state for this action
    ALREADY_EXISTS = "already_exists"  # e.g. a fiscal year entered twice
    NOT_ENGAGED = "not_engaged"  # the adviser has no active engagement with the firm
    WRONG_KIND = "wrong_kind"  # an enterprise of the wrong kind (adviser, platform)
    DOCUMENT_TYPE = "document_type"  # an upload whose content is not an accepted type
    DOCUMENT_SIZE = "document_size"  # an upload over the size limit
    CAP_EXCEEDED = "cap_exceeded"  # a pledge over a per-person or per-year cap
    OVERSUBSCRIBED = "oversubscribed"  # a pledge past the campaign's target
    CAMPAIGN_CLOSED = "campaign_closed"  # the campaign is not open for pledges
    TOO_LATE = "too_late"  # cancellation less than 48 hours before the close
    OWN_CONTRIBUTION = "own_contribution"  # the firm's own share below the rule set's minimum
    DURATION = "duration"  # a campaign longer than the rule set allows
    # Admission dossier and pipeline.
    NOT_ALLOWED = "not_allowed"  # a stage move the filing's table does not have
    DOSSIER_INCOMPLETE = "dossier_incomplete"  # a required document not yet accepted
