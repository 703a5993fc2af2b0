"""The technology exchange on the home page: a firm's needs and proposals, exact figures, and
nothing of another firm's needs."""

from typing import Any

import pytest

from karsaz.core.panels import Panel
from karsaz.technology import services
from karsaz.technology.choices import ProposalState, RecordStatus
from karsaz.technology.home_panels import panels
from karsaz.testing.factories_technology import make_need, tech_world

pytestmark = pytest.mark.django_db


def by_key(user: Any) -> dict[str, Panel]:
    return {p.key: p for p in panels(user=user)}


def figures(panel: Panel) -> dict[str, Any]:
    return {f.key: f.value for f in panel.figures if f.key}


@pytest.fixture
def world(provinces, match_index):
    w = tech_world()
    make_need(user=w.sme_user, enterprise=w.sme, title="نیاز دوم")
    make_need(user=w.sme_user, enterprise=w.sme, title="نیاز بسته", status=RecordStatus.CLOSED)
    w.firm_need = make_need(user=w.firm_user, enterprise=w.firm, title="نیاز شرکت")
    services.proposal_create(user=w.firm_user, need=w.need, capability=w.capability, pitch="الف")
    lab = services.proposal_create(
        user=w.lab_user, need=w.need, capability=w.lab_capability, pitch="ب"
    )
    services.proposal_transition(user=w.sme_user, proposal=lab, to_state=ProposalState.SHORTLISTED)
    services.proposal_create(
        user=w.lab_user, need=w.firm_need, capability=w.lab_capability, pitch="ج"
    )
    return w


def test_the_sme_sees_its_needs_and_proposals(world):
    found = by_key(world.sme_user)
    assert set(found) == {"technology-needs", "technology-proposals"}
    needs = found["technology-needs"]
    assert figures(needs) == {"needs-open": 2, "needs-proposals": 2}
    titles = sorted(row.cells[0].value for row in needs.rows)
    assert titles == sorted([world.need.title, "نیاز دوم", "نیاز بسته"])
    assert "نیاز شرکت" not in titles  # another firm's need
    assert {row.cells[0].value: row.cells[3].value for row in needs.rows}[world.need.title] == 2
    proposals = found["technology-proposals"]
    assert figures(proposals) == {
        "proposals-received": 2,
        "proposals-sent": 0,
        "proposals-waiting": 1,
    }
    assert [(p.label, p.value) for p in proposals.chart.points] == [
        (str(ProposalState.PROPOSED.label), 1),
        (str(ProposalState.SHORTLISTED.label), 1),
    ]


def test_the_answering_firm_sees_its_side_only(world):
    found = by_key(world.firm_user)
    assert figures(found["technology-needs"]) == {"needs-open": 1, "needs-proposals": 1}
    assert [row.cells[0].value for row in found["technology-needs"].rows] == ["نیاز شرکت"]
    assert figures(found["technology-proposals"]) == {
        "proposals-received": 1,
        "proposals-sent": 1,
        "proposals-waiting": 1,
    }


def test_users_without_a_firm_have_no_technology_panel(world):
    assert panels(user=world.outsider) == []
    assert panels(user=world.national) == []
