"""Codes of the technology exchange's service errors a client may branch on (the API answers
``{"field": [{"message": ..., "code": ...}]}``); raised with ``core.errors.field_error``."""

from django.db import models


class TechnologyErrorCode(models.TextChoices):
    INVALID_STATE = "invalid_state"  # the proposal cannot make this move from its state
    NEED_CLOSED = "need_closed"
    CAPABILITY_CLOSED = "capability_closed"
    OWN_NEED = "own_need"  # an enterprise proposing for its own need
    ALREADY_PROPOSED = "already_proposed"
    ALREADY_INVITED = "already_invited"  # the need's owner asked this capability once already
