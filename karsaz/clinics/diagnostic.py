"""The structured diagnostic questionnaire, its scoring and the radar chart.

Seven areas, three five-point Likert statements each (1 = strongly disagree … 5 = strongly
agree). Some statements describe a problem, so agreeing with them lowers the score (`reverse`).
An area's score is the mean answer mapped onto 0–100 (100 = healthy); the most urgent areas are
the weakest ones under URGENT_BELOW, weakest first.
"""

import math
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from karsaz.clinics.choices import Area

LIKERT = (1, 2, 3, 4, 5)
URGENT_BELOW = 60
MAX_URGENT = 3


@dataclass(frozen=True)
class Question:
    code: str
    area: str
    text: Any  # a lazy translation
    reverse: bool = False


QUESTIONS: tuple[Question, ...] = (
    Question("strategy_plan", Area.STRATEGY, gettext_lazy("We have a written plan for the next two years that the team follows.")),  # noqa: E501
    Question("strategy_market", Area.STRATEGY, gettext_lazy("We know which customers and products bring most of our profit.")),  # noqa: E501
    Question("strategy_ad_hoc", Area.STRATEGY, gettext_lazy("Most decisions are made day to day, without reviewing targets."), reverse=True),  # noqa: E501
    Question("finance_cash", Area.FINANCE, gettext_lazy("Cash shortages have stopped purchases or wages in the past year."), reverse=True),  # noqa: E501
    Question("finance_costing", Area.FINANCE, gettext_lazy("We know the full cost price of each of our products.")),  # noqa: E501
    Question("finance_books", Area.FINANCE, gettext_lazy("Our books are up to date and audited or reviewed every year.")),  # noqa: E501
    Question("marketing_channels", Area.MARKETING, gettext_lazy("We sell through more than one channel or major customer.")),  # noqa: E501
    Question("marketing_team", Area.MARKETING, gettext_lazy("Someone is responsible for sales and follows up leads.")),  # noqa: E501
    Question("marketing_decline", Area.MARKETING, gettext_lazy("Our sales have fallen over the past two years."), reverse=True),  # noqa: E501
    Question("ops_capacity", Area.OPERATIONS, gettext_lazy("Our production lines run at a healthy share of their capacity.")),  # noqa: E501
    Question("ops_quality", Area.OPERATIONS, gettext_lazy("We measure defects and returns and act on them.")),  # noqa: E501
    Question("ops_supply", Area.OPERATIONS, gettext_lazy("Shortages of raw materials or parts often stop production."), reverse=True),  # noqa: E501
    Question("tech_equipment", Area.TECHNOLOGY, gettext_lazy("Our machinery and software are reasonably up to date.")),  # noqa: E501
    Question("tech_new", Area.TECHNOLOGY, gettext_lazy("We launched a new or improved product in the past three years.")),  # noqa: E501
    Question("tech_partners", Area.TECHNOLOGY, gettext_lazy("We work with universities, labs or technology firms.")),  # noqa: E501
    Question("people_skills", Area.PEOPLE, gettext_lazy("Our staff have the skills our work needs.")),  # noqa: E501
    Question("people_turnover", Area.PEOPLE, gettext_lazy("We lose key staff faster than we can replace them."), reverse=True),  # noqa: E501
    Question("people_training", Area.PEOPLE, gettext_lazy("We train our staff every year.")),
    Question("export_sales", Area.EXPORT, gettext_lazy("We have sold abroad in the past three years.")),  # noqa: E501
    Question("export_standards", Area.EXPORT, gettext_lazy("Our products meet the standards our target export markets ask for.")),  # noqa: E501
    Question("export_knowhow", Area.EXPORT, gettext_lazy("We know the customs, payment and shipping steps of exporting.")),  # noqa: E501
)  # fmt: skip
QUESTION_CODES = tuple(q.code for q in QUESTIONS)


def questions_by_area() -> list[tuple[str, str, list[Question]]]:
    return [
        (area.value, str(area.label), [q for q in QUESTIONS if q.area == area.value])
        for area in Area
    ]


def validate_answers(answers: Any) -> dict[str, int]:
    """Every question answered with an integer 1–5; nothing else. Raises ValidationError."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": [_("Answer the questionnaire.")]})
    unknown = set(answers) - set(QUESTION_CODES)
    if unknown:
        raise ValidationError(
            {"answers": [_("Unknown questions: {codes}").format(codes=", ".join(sorted(unknown)))]}
        )
    clean: dict[str, int] = {}
    missing = []
    for code in QUESTION_CODES:
        value = answers.get(code)
        try:
            number = int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            number = None
        if number is None or number not in LIKERT or isinstance(value, bool | float):
            missing.append(code)
        else:
            clean[code] = number
    if missing:
        raise ValidationError({"answers": [_("Answer every question with a number from 1 to 5.")]})
    return clean


def area_scores(answers: dict[str, int]) -> dict[str, int]:
    """0–100 per area, 100 the healthiest; answers must already be valid."""
    scores: dict[str, int] = {}
    for area in Area:
        points = []
        for q in QUESTIONS:
            if q.area != area.value:
                continue
            value = answers[q.code]
            points.append(6 - value if q.reverse else value)
        mean = sum(points) / len(points)
        scores[area.value] = round((mean - 1) / 4 * 100)
    return scores


def urgent_areas(scores: dict[str, int]) -> list[str]:
    """The weakest areas under URGENT_BELOW, weakest first (ties in the questionnaire's order)."""
    order = {area.value: i for i, area in enumerate(Area)}
    weak = [a for a, s in scores.items() if s < URGENT_BELOW]
    weak.sort(key=lambda a: (scores[a], order[a]))
    return weak[:MAX_URGENT]


def radar_svg(scores: dict[str, int], *, size: int = 300, title: str = "") -> str:
    """A radar chart of the area scores as inline SVG (no JavaScript, no external assets)."""
    areas = list(Area)
    n = len(areas)
    width = size + 180  # room for the area names on both sides
    cx, cy = width / 2, size / 2
    radius = size / 2 - 40

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * value / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" viewBox="0 0 {width} {size}" '
        f'width="{width}" height="{size}" direction="ltr" role="img" aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for ring in (25, 50, 75, 100):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon class="radar-ring" points="{pts}" />')
    for i, area in enumerate(areas):
        x, y = point(i, 100)
        parts.append(
            f'<line class="radar-axis" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" />'
        )
        lx, ly = point(i, 116)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        parts.append(
            f'<text class="radar-label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" '
            f'dominant-baseline="middle">{escape(str(area.label))}</text>'
        )
    shape = " ".join(
        f"{x:.1f},{y:.1f}"
        for x, y in (point(i, scores.get(a.value, 0)) for i, a in enumerate(areas))
    )
    parts.append(f'<polygon class="radar-shape" points="{shape}" data-testid="radar-shape" />')
    for i, area in enumerate(areas):
        x, y = point(i, scores.get(area.value, 0))
        parts.append(
            f'<circle class="radar-dot" cx="{x:.1f}" cy="{y:.1f}" r="3">'
            f"<title>{escape(str(area.label))}: {scores.get(area.value, 0)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)
