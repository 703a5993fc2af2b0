"""Every write of the insights module: the aggregate refresh."""

from karsaz.insights.services.refresh import refresh, refresh_fact, rollup

__all__ = ["refresh", "refresh_fact", "rollup"]
