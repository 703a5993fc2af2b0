"""Every string the code and templates mark for translation reads in Persian.

`makemessages` runs on a copy of the tree (so the real catalogues are never touched), and each
string it extracts is looked up the way a page would look it up: through every catalogue Django
merges (the modules', the project's and Django's own). A string that comes back unchanged is an
English word on a Persian page.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

# Acronyms, codes, symbols and bare placeholders («{figure} ({unit})») read the same in both.
SAME_IN_BOTH = re.compile(r"^[A-Z0-9\s\W]*$")
PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sd]|%[sd]")


def _entries(po_text: str) -> list[tuple[str | None, str, str | None]]:
    """(context, msgid, plural) of each entry of a .po file."""
    entries = []
    for block in po_text.split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            match = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (\".*\")$", line)
            if match:
                key = match.group(1)
                fields[key] = eval(match.group(2))  # noqa: S307 (a C string literal of a .po file)
            elif line.startswith('"') and key:
                fields[key] += eval(line)  # noqa: S307
        if fields.get("msgid"):
            entries.append((fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural")))
    return entries


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> list[tuple[str | None, str, str | None]]:
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext (xgettext) is needed to check the catalogues")
    copy = tmp_path_factory.mktemp("tree")
    root = Path(settings.BASE_DIR)
    shutil.copytree(
        root / "karsaz",
        copy / "karsaz",
        ignore=shutil.ignore_patterns("tests", "__pycache__", "*.mo", "static"),
    )
    shutil.copy(root / "manage.py", copy / "manage.py")
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "karsaz.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fa", "--no-obsolete", "-v", "0"],
        cwd=copy, env=env, check=True, capture_output=True,
    )  # fmt: skip
    found = []
    for po in sorted(copy.glob("karsaz/**/locale/fa/LC_MESSAGES/django.po")):
        found += _entries(po.read_text(encoding="utf-8"))
    return found


def test_the_extraction_reaches_every_module(extracted):
    # A broken extraction would find nothing and let the test below pass for the wrong reason.
    msgids = {msgid for _, msgid, _ in extracted}
    assert len(msgids) > 1500
    for sample in ("Enterprises", "Technology needs", "Events", "Invoices", "Business clinics"):
        assert sample in msgids, sample


def test_every_marked_string_reads_in_persian(extracted):
    missing = []
    with translation.override("fa"):
        for context, msgid, plural in extracted:
            if SAME_IN_BOTH.match(PLACEHOLDER.sub("", msgid)):
                continue
            if plural is not None:
                text = (
                    translation.npgettext(context, msgid, plural, 2)
                    if context
                    else translation.ngettext(msgid, plural, 2)
                )
                same = text in (msgid, plural)
            else:
                text = (
                    translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                )
                same = text == msgid
            if same:
                missing.append(f"{context}|{msgid}" if context else msgid)
    missing = sorted(set(missing))
    assert missing == [], "\n".join(missing)
