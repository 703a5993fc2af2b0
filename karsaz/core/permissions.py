"""Who may use the platform-wide pages of core."""

from typing import Any

from karsaz.accounts.choices import AgencyRole


def can_manage_task_queues(user: Any) -> bool:
    """The task queues (every module's background work, with its arguments and errors) are for
    superusers and national administrators only."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or getattr(user, "agency_role", "") == AgencyRole.NATIONAL_ADMIN)
    )
