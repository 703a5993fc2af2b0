"""Start-up guards for deployment settings (imported by settings.py: no Django models here)."""

from typing import Any

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def debug_refusal(allowed_hosts: list[str], database: dict[str, Any]) -> str | None:
    """Why DEBUG=1 must not start with these settings, or None on a developer's machine.

    DEBUG pages print settings, queries and code, so DEBUG is allowed only where nobody else can
    reach the site: loopback hosts and the local SQLite file (`make run`).
    """
    public = sorted(h for h in allowed_hosts if h not in LOOPBACK_HOSTS)
    if public:
        return (
            "DEBUG=1 is for a developer's machine only, but ALLOWED_HOSTS names "
            f"{', '.join(public)}. Set DEBUG=0 to deploy."
        )
    if database.get("ENGINE") != "django.db.backends.sqlite3":
        return (
            "DEBUG=1 is for a developer's machine only, but DATABASE_URL is not the local "
            "SQLite file. Set DEBUG=0 to deploy."
        )
    return None
