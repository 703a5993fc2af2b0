"""The technology exchange on the home page: the members of a firm of the exchange (an SME, a
knowledge-based firm, a university) see its needs and the proposals it received or sent
(through the module's selectors, scoped by TechScope)."""

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from karsaz.core.charts import Point
from karsaz.core.panels import ROWS, Cell, Chart, Figure, Panel, Row, bilingual
from karsaz.registry import selectors as registry_selectors
from karsaz.technology import selectors
from karsaz.technology.choices import ProposalState, RecordStatus
from karsaz.technology.permissions import proposals_of


def panels(*, user: Any) -> list[Panel]:
    if not getattr(user, "is_authenticated", False):
        return []
    firms = registry_selectors.member_firms(user=user, kinds=registry_selectors.EXCHANGE_KINDS)
    if not firms:
        return []
    return [_needs(user, firms), _proposals(user, firms)]


def _needs(user: Any, firms: list[int]) -> Panel:
    needs = selectors.need_list(user=user).filter(enterprise_id__in=firms)
    counts = needs.aggregate(
        open=Count("id", filter=Q(status=RecordStatus.OPEN), distinct=True),
        proposals=Count("proposals", distinct=True),
    )
    latest = list(
        needs.annotate(n_proposals=Count("proposals", distinct=True)).order_by(
            "-created_at", "-id"
        )[:ROWS]
    )
    return Panel(
        key="technology-needs",
        title=_("Your technology needs"),
        order=20,
        figures=(
            Figure(
                _("Open needs"),
                counts["open"],
                reverse("technology:need_list"),
                key="needs-open",
            ),
            Figure(
                _("Proposals received"),
                counts["proposals"],
                reverse("technology:proposal_list"),
                key="needs-proposals",
            ),
        ),
        headers=(_("Need"), _("Posted"), _("Status"), _("Proposals")),
        rows=tuple(
            Row(
                (
                    Cell(need.title, href=reverse("technology:need_detail", args=[need.pk])),
                    Cell(need.created_at, "date"),
                    Cell(need.get_status_display()),
                    Cell(need.n_proposals, "num"),
                )
            )
            for need in latest
        ),
        empty=_("You have not posted a technology need yet."),
        more=(_("Post a technology need"), reverse("technology:need_create")),
    )


def _proposals(user: Any, firms: list[int]) -> Panel:
    received_q = Q(need__enterprise_id__in=firms)
    proposals = selectors.proposal_list(user=user).filter(pk__in=proposals_of(firms))
    counts = proposals.aggregate(
        received=Count("id", filter=received_q),
        sent=Count("id", filter=~received_q),
        waiting=Count("id", filter=received_q & Q(state=ProposalState.PROPOSED)),
    )
    by_state = dict(proposals.order_by().values_list("state").annotate(n=Count("id")))
    latest = list(proposals.order_by("-updated_at", "-id")[:ROWS])
    list_url = reverse("technology:proposal_list")
    return Panel(
        key="technology-proposals",
        title=_("Proposals"),
        order=21,
        figures=(
            Figure(_("Received"), counts["received"], list_url, key="proposals-received"),
            Figure(_("Sent"), counts["sent"], list_url, key="proposals-sent"),
            Figure(
                _("Awaiting your answer"),
                counts["waiting"],
                f"{list_url}?state={ProposalState.PROPOSED}",
                warn=counts["waiting"] > 0,
                key="proposals-waiting",
            ),
        ),
        headers=(_("Need"), _("From"), _("State"), _("Updated")),
        rows=tuple(
            Row(
                (
                    Cell(p.need.title, href=reverse("technology:proposal_detail", args=[p.pk])),
                    Cell(bilingual(p.capability.enterprise)),
                    Cell(p.get_state_display()),
                    Cell(p.updated_at, "date"),
                )
            )
            for p in latest
        ),
        chart=Chart(
            title=_("Proposals by state"),
            points=tuple(
                Point(str(label), by_state[value], f"{list_url}?state={value}")
                for value, label in ProposalState.choices
                if by_state.get(value)
            ),
            label_header=_("State"),
            value_header=_("Proposals"),
        ),
        empty=_("No proposal yet: your needs' proposals and the ones you send appear here."),
    )
