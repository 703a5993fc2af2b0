"""The B2B meeting scheduler: a pure module (no Django), also runnable on its own:

python -m karsaz.events.scheduler INSTANCE.json [--time-limit S]
        [--method auto|exact|heuristic|fcfs]
"""

from karsaz.events.scheduler.instance import (
    Instance,
    InstanceError,
    Participant,
    Request,
    parse_instance,
)
from karsaz.events.scheduler.solve import Schedule, solve, verify

__all__ = [
    "Instance",
    "InstanceError",
    "Participant",
    "Request",
    "Schedule",
    "parse_instance",
    "solve",
    "verify",
]
