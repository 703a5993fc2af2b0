"""The events layers: the run's body imports no services or tasks, selectors no services,
views and viewsets query nothing themselves, and no module imports another's private name."""

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from karsaz.core.errors import error_codes
from karsaz.events import services
from karsaz.events.models import Meeting
from karsaz.testing.factories_events import make_delegate, make_event

APP = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


@pytest.mark.parametrize("module", ["scheduling.py", "booking.py", "locks.py", "selectors.py"])
def test_lower_modules_import_no_services_or_tasks(module):
    found = {
        name
        for name in _imports(APP / module)
        if name.startswith(("karsaz.events.services", "karsaz.events.tasks"))
    }
    assert found == set()


def test_views_and_viewsets_make_no_queries_of_their_own():
    pattern = re.compile(r"\.objects\.|\.filter\(|\.update\(|\.exclude\(")
    files = [*sorted((APP / "views").glob("*.py")), APP / "api" / "views.py"]
    assert {str(f.relative_to(APP)): pattern.findall(f.read_text()) for f in files} == {
        str(f.relative_to(APP)): [] for f in files
    }


def test_no_private_name_is_imported_from_another_module():
    private = {
        f"{path.relative_to(APP)}: {name}"
        for path in APP.rglob("*.py")
        for name in _imports(path)
        if name.startswith("karsaz.")
        and name.rsplit(".", 1)[-1].startswith("_")
        and not name.rsplit(".", 1)[-1].startswith("__")
    }
    assert private == set()


@pytest.mark.django_db
def test_a_taken_place_is_refused_with_the_slot_taken_code(users):
    event = make_event(organizer=users.qazvin_officer)
    a, b, c, d = (make_delegate(event, username=f"l{n}") for n in range(4))
    slot, table = event.slots.first(), event.tables.first()
    meetings = []
    for x, y in ((a, b), (c, d)):
        req = services.request_create(user=x.user, event=event, recipient=y)
        services.request_answer(user=y.user, request=req, accept=True)
        meetings.append(Meeting.objects.get(request=req))
    services.meeting_move(user=users.qazvin_officer, meeting=meetings[0], slot=slot, table=table)
    with pytest.raises(ValidationError) as caught:
        services.meeting_move(
            user=users.qazvin_officer, meeting=meetings[1], slot=slot, table=table
        )
    assert error_codes(caught.value) == {"table": ["slot_taken"]}
    services.meeting_cancel(user=a.user, meeting=meetings[0])
    with pytest.raises(ValidationError) as caught:
        services.meeting_cancel(user=a.user, meeting=meetings[0])
    assert error_codes(caught.value) == {"status": ["invalid_state"]}


@pytest.mark.django_db
def test_registering_twice_is_refused_with_the_duplicate_code(users):
    event = make_event(organizer=users.qazvin_officer)
    make_delegate(event, username="dup")  # registers an enterprise of its own
    services.participant_register(
        user=users.sme_owner, event=event, enterprise=users.qazvin_sme, delegates=[users.sme_owner]
    )
    with pytest.raises(ValidationError) as caught:
        services.participant_register(
            user=users.sme_owner,
            event=event,
            enterprise=users.qazvin_sme,
            delegates=[users.sme_owner],
        )
    assert error_codes(caught.value)["enterprise"] == ["duplicate"]
