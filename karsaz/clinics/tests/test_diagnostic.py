import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from karsaz.clinics import diagnostic
from karsaz.clinics.choices import Area
from karsaz.clinics.models import add_months
from karsaz.testing.factories_clinics import answers


def test_every_area_has_questions_and_codes_are_unique():
    assert len(set(diagnostic.QUESTION_CODES)) == len(diagnostic.QUESTIONS)
    for area in Area:
        assert len([q for q in diagnostic.QUESTIONS if q.area == area.value]) >= 3


def test_best_and_worst_answers_score_100_and_0_with_reversed_statements():
    best = {q.code: (1 if q.reverse else 5) for q in diagnostic.QUESTIONS}
    worst = {q.code: (5 if q.reverse else 1) for q in diagnostic.QUESTIONS}
    assert set(diagnostic.area_scores(best).values()) == {100}
    assert set(diagnostic.area_scores(worst).values()) == {0}
    # Neutral everywhere is 50, whichever way a statement is phrased.
    assert set(diagnostic.area_scores(dict.fromkeys(diagnostic.QUESTION_CODES, 3)).values()) == {50}


def test_area_score_is_the_mean_answer_on_0_to_100():
    a = dict.fromkeys(diagnostic.QUESTION_CODES, 3)
    # finance: cash (reverse) answered 5 → 1, costing 4, books 2 → mean 7/3 → 33
    a.update(finance_cash=5, finance_costing=4, finance_books=2)
    assert diagnostic.area_scores(a)["finance"] == round((7 / 3 - 1) / 4 * 100)


def test_urgent_areas_are_the_weakest_below_the_threshold_weakest_first():
    scores = {
        "strategy": 90, "finance": 10, "marketing": 55, "operations": 10,
        "technology": 40, "people": 60, "export": 75,
    }  # fmt: skip
    # Ties keep the questionnaire's order; at most three; 60 is not urgent.
    assert diagnostic.urgent_areas(scores) == ["finance", "operations", "technology"]
    assert diagnostic.urgent_areas(dict.fromkeys(Area.values, 80)) == []


def test_weak_answers_make_their_areas_urgent():
    scores = diagnostic.area_scores(answers(("export", "people")))
    assert scores["export"] == 0 and scores["people"] == 0 and scores["strategy"] == 75
    assert diagnostic.urgent_areas(scores) == ["people", "export"]


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [],
        {},
        {**answers(), "strategy_plan": 6},
        {**answers(), "strategy_plan": 0},
        {**answers(), "strategy_plan": "x"},
        {**answers(), "strategy_plan": 2.5},
        {**answers(), "strategy_plan": True},
        {**answers(), "unknown_question": 3},
        {k: v for k, v in answers().items() if k != "export_knowhow"},
    ],
)
def test_bad_answers_are_rejected_with_a_field_error(bad):
    with pytest.raises(ValidationError) as exc:
        diagnostic.validate_answers(bad)
    assert "answers" in exc.value.message_dict


def test_answers_given_as_strings_from_a_form_are_accepted():
    clean = diagnostic.validate_answers({k: str(v) for k, v in answers().items()})
    assert clean == answers()


def test_radar_is_inline_svg_with_one_vertex_per_area_and_escaped_labels():
    svg = diagnostic.radar_svg(dict.fromkeys(Area.values, 100), title="<b>x</b>")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    shape = svg.split('class="radar-shape" points="')[1].split('"')[0]
    assert len(shape.split()) == len(Area)
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # A score of zero puts the vertex at the centre.
    zero = diagnostic.radar_svg(dict.fromkeys(Area.values, 0))
    points = zero.split('class="radar-shape" points="')[1].split('"')[0].split()
    assert len(set(points)) == 1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 15), 6, dt.date(2026, 7, 15)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 31), 12, dt.date(2027, 12, 31)),
        (dt.date(2026, 7, 31), 12, dt.date(2027, 7, 31)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected
