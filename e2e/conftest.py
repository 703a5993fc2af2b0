"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server."""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still
# plain synchronous code, so Django's async-safety guard would stop them for no reason.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("KARSAZ_CHROMIUM", "/usr/bin/chromium")
# The password of every user the factories make (karsaz.testing.factories.UserFactory).
PASSWORD = "pass-1234-word"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)  # transactional tests start from an empty database
    context = browser.new_context(
        base_url=live_server.url, locale="fa-IR", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    # The pages run under the production Content-Security-Policy (DEBUG=0): a journey fails if
    # the browser refused any script or style of ours.
    refused: list[str] = []
    page.on(
        "console",
        lambda msg: (
            refused.append(f"{page.url} {msg.location}: {msg.text}")
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page
    context.close()
    assert not refused, refused


def sign_in(  # type: ignore[no-untyped-def]
    page, username: str, password: str = PASSWORD, next: str = "/"
) -> None:
    """Sign ``username`` in through the login form (any earlier session is dropped first) and
    wait until the form has sent the browser on to ``next`` (a path)."""
    page.context.clear_cookies()
    page.goto(f"/accounts/login/?next={quote(next)}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(next) + "$"))


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def provinces_e2e(page):  # type: ignore[no-untyped-def]
    from karsaz.registry.models import Province

    return {p.code: p for p in Province.objects.all()}
