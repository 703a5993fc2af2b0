"""The registry's home panels: the firm's own records for its members, the registry's figures
for agency staff (the whole country, or the officer's province)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from karsaz.core.charts import Point
from karsaz.core.i18n import page_language
from karsaz.core.panels import ROWS, Cell, Chart, Figure, Panel, Row, bilingual
from karsaz.registry import selectors
from karsaz.registry.permissions import RegistryScope


def panels(*, user: Any) -> list[Panel]:
    scope = RegistryScope(user)
    found = []
    if scope.national:
        found.append(_national(user))
    elif scope.province_id is not None:
        found.append(_province(user, scope.province_id))
    if scope.member_of:
        found.append(_own(user))
    return found


def _list(**query: Any) -> str:
    url = reverse("registry:enterprise_list")
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else url


def _detail(pk: int) -> str:
    return reverse("registry:enterprise_detail", args=[pk])


def _national(user: Any) -> Panel:
    stats = selectors.registry_overview(user=user)
    return Panel(
        key="registry-national",
        title=_("The national registry"),
        order=90,
        figures=(
            Figure(_("Enterprises in the registry"), stats["total"], _list(), key="enterprises"),
            Figure(_("Provinces"), stats["provinces"]),
            Figure(_("Industrial parks"), stats["parks"]),
        ),
        headers=(_("Kind"), _("Enterprises")),
        rows=tuple(
            Row((Cell(row["label"], href=_list(kind=row["kind"])), Cell(row["n"], "num")))
            for row in stats["by_kind"]
        ),
        chart=Chart(
            title=_("Top provinces"),
            points=tuple(
                Point(
                    _province_name(row),
                    row["n"],
                    _list(province=row["province__code"]),
                )
                for row in stats["by_province"]
            ),
            label_header=_("Province"),
            value_header=_("Enterprises"),
        ),
        empty=_("The registry is empty."),
    )


def _province(user: Any, province_id: int) -> Panel:
    stats = selectors.registry_overview(user=user, province_id=province_id)
    code = stats["by_province"][0]["province__code"] if stats["by_province"] else ""
    return Panel(
        key="registry-province",
        title=_("Your province's registry"),
        order=90,
        figures=(
            Figure(
                _("Enterprises in your province"),
                stats["total"],
                _list(province=code) if code else _list(),
                key="province-enterprises",
            ),
        ),
        headers=(_("Kind"), _("Enterprises")),
        rows=tuple(
            Row(
                (
                    Cell(row["label"], href=_list(kind=row["kind"], province=code)),
                    Cell(row["n"], "num"),
                )
            )
            for row in stats["by_kind"]
        ),
        chart=Chart(
            title=_("Enterprises by kind"),
            points=tuple(Point(str(row["label"]), row["n"]) for row in stats["by_kind"]),
            label_header=_("Kind"),
            value_header=_("Enterprises"),
        ),
        empty=_("No enterprise of your province is in the registry yet."),
    )


def _own(user: Any) -> Panel:
    firms = list(selectors.enterprises_of(user=user)[: ROWS + 1])
    return Panel(
        key="registry-own",
        title=_("Your enterprises"),
        order=1,
        headers=(_("Enterprise"), _("Kind"), _("Province")),
        rows=tuple(
            Row(
                (
                    Cell(bilingual(firm), href=_detail(firm.pk)),
                    Cell(firm.get_kind_display()),
                    Cell(bilingual(firm.province)),
                )
            )
            for firm in firms[:ROWS]
        ),
        more=(_("All enterprises"), _list()) if len(firms) > ROWS else None,
    )


def _province_name(row: dict[str, Any]) -> str:
    if page_language() == "fa":
        return str(row["province__name_fa"])
    return str(row["province__name_en"] or row["province__name_fa"])
