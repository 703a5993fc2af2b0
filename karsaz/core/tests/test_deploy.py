"""Finding 16: DEBUG never starts outside a developer's machine; production sends a CSP."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from karsaz.core.deploy import debug_refusal

ROOT = Path(__file__).resolve().parents[3]
SQLITE = {"ENGINE": "django.db.backends.sqlite3"}
POSTGRES = {"ENGINE": "django.db.backends.postgresql"}


@pytest.mark.parametrize(
    ("hosts", "database", "refused"),
    [
        (["127.0.0.1", "localhost", "[::1]"], SQLITE, False),  # make run
        (["karsaz.example.ir"], SQLITE, True),
        (["*"], SQLITE, True),
        (["localhost"], POSTGRES, True),
    ],
)
def test_debug_refusal(hosts, database, refused):
    assert (debug_refusal(hosts, database) is not None) is refused


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"ALLOWED_HOSTS", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "karsaz.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_refuse_debug_on_a_deployment(tmp_path):
    refused = _start(DEBUG="1", ALLOWED_HOSTS="karsaz.example.ir", KARSAZ_VAR_DIR=str(tmp_path))
    assert refused.returncode != 0 and "DEBUG=1 is for a developer" in refused.stderr
    on_postgres = _start(
        DEBUG="1", DATABASE_URL="postgres://karsaz@db/karsaz", KARSAZ_VAR_DIR=str(tmp_path)
    )
    assert on_postgres.returncode != 0 and "SQLite" in on_postgres.stderr
    laptop = _start(DEBUG="1", KARSAZ_VAR_DIR=str(tmp_path))  # what `make run` does
    assert laptop.returncode == 0, laptop.stderr


@pytest.mark.django_db
def test_pages_send_a_content_security_policy(client, users):
    client.force_login(users.national)
    for url in ("/", "/accounts/login/", "/api/docs/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    docs = client.get("/api/docs/").content.decode()
    assert "<style>" not in docs and re.search(r'<script src="/api/docs/\?[^"]*script', docs)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|\{#(?:(?!#\}).)*$",  # (or a {# on 2 lines)
    re.IGNORECASE | re.MULTILINE,
)


def test_no_template_has_inline_script_handlers_or_styles():
    """The CSP forbids them: behaviour goes to static/karsaz/js/karsaz.js, looks to CSS."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "karsaz").glob("*/templates/**/*.html")
        if INLINE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
