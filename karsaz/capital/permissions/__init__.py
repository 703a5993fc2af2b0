"""Who may see and do what in the capital programme: one scope, built from one rule class per
area (readiness, dossier, campaigns), on the shared `ActorScope`."""

from karsaz.accounts.scope import ActorScope


class CapitalScope(ActorScope):
    """The user's capital-programme rights (firm editor, adviser, platform, investor, staff)."""
