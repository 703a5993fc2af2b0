"""Suggested partners at an event: technology matches between delegates first, then the
registry's signals; every suggestion says why, and nothing confidential is shown."""

from typing import Any

import pytest

from karsaz.events.suggestions import suggest_partners
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import IsicActivity
from karsaz.testing.factories_events import make_delegate, make_event
from karsaz.testing.factories_technology import make_capability, make_need

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(users: Any, match_index: None) -> Any:
    event = make_event(organizer=users.qazvin_officer)
    sme = make_delegate(event, username="ev-sme", kind=EnterpriseKind.SME)
    moulds = make_delegate(event, username="ev-moulds", kind=EnterpriseKind.KNOWLEDGE_BASED)
    dyes = make_delegate(event, username="ev-dyes", kind=EnterpriseKind.KNOWLEDGE_BASED)
    need = make_need(user=sme.user, enterprise=sme.participant.enterprise)
    make_capability(
        user=dyes.user,
        enterprise=dyes.participant.enterprise,
        title="رنگرزی پارچه با مصرف آب کم",
        description="رنگرزی پنبه و پلی‌استر.",
        keywords="رنگرزی، نساجی",
        sectors=list(IsicActivity.objects.filter(code="13")),
    )
    cap = make_capability(user=moulds.user, enterprise=moulds.participant.enterprise)
    return event, sme, moulds, dyes, need, cap


def test_a_delegate_whose_capability_answers_my_need_comes_first(fair: Any) -> None:
    _event, sme, moulds, dyes, need, cap = fair
    rows = suggest_partners(sme.participant)
    assert [r["participant"] for r in rows][:2] == [moulds.participant, dyes.participant]
    link = rows[0]["link"]
    assert link.theirs == "capability" and link.capability == cap and link.need == need
    assert rows[0]["score"] > rows[1]["score"] and rows[1]["link"] is None


def test_the_catalogue_names_both_records_and_nothing_confidential(fair: Any, client: Any) -> None:
    event, sme, _moulds, _dyes, need, cap = fair
    client.force_login(sme.user)
    html = client.get(f"/events/{event.pk}/catalogue/").content.decode()
    section = html.split('class="plain suggestions"')[1].split("</ul>")[0]
    assert cap.title in section and need.title in section and "<bdi>" in section
    assert need.confidential_details not in html


def test_the_other_side_sees_the_same_link_from_its_capability(fair: Any) -> None:
    _event, sme, moulds, _dyes, need, cap = fair
    rows = suggest_partners(moulds.participant)
    assert rows[0]["participant"] == sme.participant
    assert rows[0]["link"].theirs == "need" and rows[0]["link"].need == need
    assert rows[0]["link"].capability == cap


def test_without_records_the_registry_signals_rank_alone(users: Any, match_index: None) -> None:
    event = make_event(organizer=users.qazvin_officer)
    sme = make_delegate(event, username="ev-sme2", kind=EnterpriseKind.SME)
    firm = make_delegate(event, username="ev-firm2", kind=EnterpriseKind.KNOWLEDGE_BASED)
    rows = suggest_partners(sme.participant)
    assert [r["participant"] for r in rows] == [firm.participant]
    assert rows[0]["link"] is None and rows[0]["score"] >= 3
