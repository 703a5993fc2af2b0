import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from karsaz.registry.services import enterprise_search_text
from karsaz.technology import selectors, services
from karsaz.technology.choices import ProposalState as S
from karsaz.testing.factories_technology import make_need

pytestmark = pytest.mark.django_db
SECRET = "خودروساز محرمانه"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_browse_search_and_facets(world: Any) -> None:
    client = _client(world.outsider)
    page = client.get("/technology/")
    assert page.status_code == 200 and world.need.title in page.content.decode()
    hits = client.get("/technology/capabilities/", {"q": "injection moulding"}).content.decode()
    assert world.capability.title in hits and world.lab_capability.title not in hits
    typed = client.get("/technology/capabilities/", {"q": "قالبهاي تزريق"}).content.decode()
    assert world.capability.title in typed
    sector = client.get("/technology/capabilities/", {"sector": "10"}).content.decode()
    assert world.lab_capability.title in sector and world.capability.title not in sector
    facets = client.get("/technology/capabilities/").context["facets"]
    assert {(r["code"], r["n"]) for r in facets["sectors"]} == {("22", 1), ("10", 1)}
    partial = client.get("/technology/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "record-table" in partial
    # With a search, the facets count the records listed, and their links keep the search.
    searched = client.get("/technology/capabilities/", {"q": "قالب تزریق", "page": "1"})
    assert {(r["code"], r["n"]) for r in searched.context["facets"]["sectors"]} == {("22", 1)}
    html = searched.content.decode()
    assert "q=%D9%82%D8%A7%D9%84%D8%A8" in html and "sector=22" in html
    assert "page=1" not in html.split('data-testid="facets"')[1].split("</section>")[0]


@pytest.mark.parametrize(
    ("who", "sees"),
    [("sme_user", True), ("national", True), ("firm_user", False), ("outsider", False)],
)
def test_confidential_details_in_pages(world: Any, who: str, sees: bool) -> None:
    html = _client(getattr(world, who)).get(f"/technology/needs/{world.need.pk}/").content.decode()
    assert (SECRET in html) is sees
    panel = _client(getattr(world, who)).get(
        f"/technology/suggestions/capability/{world.capability.pk}/"
    )
    assert SECRET not in panel.content.decode()


def test_suggested_partners_panel(world: Any) -> None:
    html = _client(world.sme_user).get(f"/technology/suggestions/need/{world.need.pk}/").content
    text = html.decode()
    assert world.capability.title in text and "same sector" not in text  # Persian page
    assert "هم‌بخش" in text or "بخش" in text


def test_post_a_need_and_edit_it(world: Any) -> None:
    client = _client(world.sme_user)
    form = client.get("/technology/needs/new/")
    assert form.status_code == 200
    response = client.post(
        "/technology/needs/new/",
        {
            "enterprise": world.sme.pk,
            "title": "کاهش ضایعات جوشکاری",
            "summary": "جوش‌های شاسی ترک می‌خورند",
            "target_trl": 6,
            "status": "open",
            "budget_min": "100",
            "budget_max": "50",
        },
    )
    assert response.status_code == 200 and 'data-field="budget_max"' in response.content.decode()
    response = client.post(
        "/technology/needs/new/",
        {
            "enterprise": world.sme.pk,
            "title": "کاهش ضایعات جوشکاری",
            "summary": "جوش‌های شاسی ترک می‌خورند",
            "target_trl": 6,
            "status": "open",
            "deadline": "1405/10/01",
        },
    )
    assert response.status_code == 302
    assert _client(world.firm_user).get(f"{response.url}edit/").status_code == 403
    assert _client(world.outsider).get("/technology/needs/new/").status_code == 403


def test_proposal_pages_and_pipeline(world: Any) -> None:
    firm = _client(world.firm_user)
    response = firm.post(
        f"/technology/needs/{world.need.pk}/propose/",
        {"capability": world.capability.pk, "pitch": "قالب جدید با راهگاه گرم"},
    )
    assert response.status_code == 302
    url = response.url
    owner = _client(world.sme_user)
    assert "move-negotiation" in owner.get(url).content.decode()
    assert "move-negotiation" not in firm.get(url).content.decode()
    owner.post(url, {"action": S.NEGOTIATION})
    bad = owner.post(url, {"action": S.SIGNED, "agreement_type": "licensing"})
    assert 'data-field="agreement_value"' in bad.content.decode()
    owner.post(
        url,
        {
            "action": S.SIGNED,
            "agreement_type": "licensing",
            "agreement_value": "30000000000",
            "agreement_date": "1405/07/01",
        },
    )
    owner.post(url, {"action": "message", "body": "قرارداد امضا شد"})
    page = firm.get(url).content.decode()
    assert "قرارداد امضا شد" in page and SECRET in page  # the accepted partner sees the details
    assert _client(world.outsider).get(url).status_code == 404
    board = _client(world.national).get("/technology/pipeline/").content.decode()
    assert _signed_value(board) == "۳۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال"
    assert _client(world.firm_user).get("/technology/pipeline/").status_code == 403
    isfahan = _client(world.isfahan_officer).get("/technology/pipeline/").content.decode()
    assert world.need.title not in isfahan


def _signed_value(board: str) -> str:
    """The board's headline «total signed value» figure (not a card's own value)."""
    found = re.findall(r'data-testid="signed-value">([^<]*)<', board)
    assert len(found) == 1
    return found[0]


def test_pipeline_totals_are_exact(world: Any) -> None:
    w = world
    other_need = make_need(user=w.sme_user, enterprise=w.sme, title="نیاز به آزمون ماندگاری")

    def proposal(capability: Any, need: Any, *steps: str, value: int = 0) -> None:
        p = services.proposal_create(
            user=capability.enterprise.memberships.first().user,
            need=need,
            capability=capability,
            pitch="راهکار ما",
        )
        for step in steps:
            extra = (
                {
                    "agreement_type": "licensing",
                    "agreement_value": value,
                    "agreement_date": dt.date(2026, 1, 5),
                }
                if step == S.SIGNED
                else {}
            )
            p = services.proposal_transition(user=w.sme_user, proposal=p, to_state=step, **extra)

    proposal(w.capability, w.need, S.NEGOTIATION, S.SIGNED, S.DELIVERED, value=25_000_000_000)
    proposal(w.lab_capability, w.need, S.NEGOTIATION, S.SIGNED, value=1_234_567_890)
    proposal(w.capability, other_need, S.NEGOTIATION)
    proposal(w.lab_capability, other_need, S.DECLINED)

    board = selectors.pipeline(user=w.national)
    assert (board["total"], board["signed_count"]) == (4, 2)
    assert board["signed_value"] == 26_234_567_890  # delivered + signed, to the rial
    assert {c["state"]: c["count"] for c in board["columns"] if c["count"]} == {
        S.DELIVERED: 1,
        S.SIGNED: 1,
        S.NEGOTIATION: 1,
        S.DECLINED: 1,
    }
    page = _client(w.national).get("/technology/pipeline/").content.decode()
    assert _signed_value(page) == "۲۶٬۲۳۴٬۵۶۷٬۸۹۰ ریال"
    # The Qazvin officer's province holds the need's side: the same figure; Isfahan none.
    assert selectors.pipeline(user=w.qazvin_officer)["signed_value"] == 26_234_567_890
    isfahan = _client(w.isfahan_officer).get("/technology/pipeline/").content.decode()
    assert _signed_value(isfahan) == "۰ ریال"


def test_english_pages(world: Any) -> None:
    client = _client(world.sme_user)
    client.cookies["karsaz_language"] = "en"
    html = client.get(f"/technology/suggestions/need/{world.need.pk}/").content.decode()
    assert "same sector" in html
    services.proposal_create(
        user=world.firm_user, need=world.need, capability=world.capability, pitch="x"
    )
    assert "Proposed" in client.get("/technology/proposals/").content.decode()


def test_the_proposal_list_pages_with_the_shared_pager(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("karsaz.technology.views.PAGE_SIZE", 1)
    services.proposal_create(
        user=world.firm_user, need=world.need, capability=world.capability, pitch="x"
    )
    services.proposal_create(
        user=world.lab_user, need=world.need, capability=world.lab_capability, pitch="y"
    )
    client = _client(world.sme_user)
    html = client.get("/technology/proposals/?state=proposed").content.decode()
    assert 'hx-get="?state=proposed&page=2"' in html and 'id="results"' in html
    second = client.get("/technology/proposals/?state=proposed&page=2", HTTP_HX_REQUEST="true")
    body = second.content.decode()
    assert "<html" not in body and body.count('href="/technology/proposals/') == 1


def test_search_says_nothing_found_and_finds_a_firm_by_its_name(world: Any) -> None:
    client = _client(world.outsider)
    for nonsense in ("فوتبال", "xqzvw"):
        page = client.get("/technology/", {"q": nonsense})
        assert list(page.context["page"].object_list) == []
        assert f"برای «{nonsense}» چیزی یافت نشد." in page.content.decode()
    # The firm's own name (typed with Arabic ي/ك and no ZWNJ) lists its need.
    world.sme.name_fa = "صنایع پلاستیک‌سازان کویر"
    world.sme.search_text = enterprise_search_text(world.sme)
    world.sme.save(update_fields=["name_fa", "search_text"])
    named = client.get("/technology/", {"q": "پلاستيکسازان كوير"})
    assert [r.pk for r in named.context["page"].object_list] == [world.need.pk]


def test_suggestions_show_a_score_and_invite_the_partner(world: Any) -> None:
    url = f"/technology/suggestions/need/{world.need.pk}/"
    owner = _client(world.sme_user)
    panel = owner.get(url)
    item = panel.context["items"][0]
    assert item.record == world.capability
    assert item.score == round(100 * item.match.score / selectors.BEST_SCORE)
    text = panel.content.decode()
    assert f"{item.score}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) + "٪ تطابق" in text
    assert 'data-testid="invite"' in text
    # Only the need's side is offered the invitation.
    assert 'data-testid="invite"' not in _client(world.outsider).get(url).content.decode()
    invite = f"/technology/needs/{world.need.pk}/invite/{world.capability.pk}/"
    done = owner.post(invite, follow=True)
    assert done.redirect_chain[-1][0] == f"/technology/needs/{world.need.pk}/"
    messages = [str(m) for m in done.context["messages"]]
    assert messages == [f"از {world.firm} دعوت شد «{world.capability.title}» را پیشنهاد کند."]
    assert 'data-testid="invited"' in owner.get(url).content.decode()
    # The capability's side sees the invitation on the need, its capability preselected.
    need_page = _client(world.firm_user).get(f"/technology/needs/{world.need.pk}/")
    assert 'data-testid="invitation"' in need_page.content.decode()
    assert need_page.context["proposal_form"].initial == {"capability": world.capability.pk}
    cap_page = _client(world.firm_user).get(f"/technology/capabilities/{world.capability.pk}/")
    assert [i.need for i in cap_page.context["invitations"]] == [world.need]
    other = _client(world.lab_user).get(f"/technology/capabilities/{world.capability.pk}/")
    assert list(other.context["invitations"]) == []
    # Someone else's need: refused, nothing written.
    assert _client(world.firm_user).post(invite).status_code == 403
    assert world.need.invitations.count() == 1
