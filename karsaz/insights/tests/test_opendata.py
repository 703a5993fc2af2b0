"""The open-data portal: datasets of public facts only, their tables (hand-computed from stored
cells), the pages, the CSV and JSON downloads and their filters."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from karsaz.insights import catalog
from karsaz.insights.opendata import tables
from karsaz.insights.opendata.datasets import SHAPES, Dataset, dataset, datasets
from karsaz.insights.opendata.tables import Selection
from karsaz.testing.factories_opendata import cell, fact, use_facts

VISITS = fact("test.visits", unit="count", nature="flow")
FIRMS = fact("test.firms", unit="count", nature="stock")
DEALS = fact("test.deals", unit="rials", nature="flow")
DAYS = fact("test.days", unit="days", nature="flow", mean=True)
SECRET = fact("test.notes", unit="count", public=False)
STATES = fact(
    "test.proposals",
    unit="count",
    series="state",
    series_labels=lambda: {"sent": "Sent", "signed": "Signed"},
)


@pytest.fixture
def facts(monkeypatch: pytest.MonkeyPatch) -> None:
    use_facts(monkeypatch, VISITS, FIRMS, DEALS, DAYS, SECRET, STATES)


@pytest.fixture
def visits(facts: None, provinces: object) -> None:
    """Visits in 1402: Tehran 4 firms in Farvardin and 3 in Ordibehesht (7 visits), Isfahan 6
    small and 4 medium firms in Farvardin, Qazvin 6 firms with 7 visits in Khordad, Fars 8 in
    Mordad."""
    cell("test.visits", 140201, "23", firms=4)
    cell("test.visits", 140202, "23", firms=3)
    cell("test.visits", 140201, "10", firms=6, size_class="small")
    cell("test.visits", 140201, "10", firms=4, size_class="medium")
    cell("test.visits", 140203, "26", firms=6, rows=7, total=7)
    cell("test.visits", 140205, "07", firms=8)


def values(table: tables.Table) -> dict[tuple[int, tuple[str, ...]], object]:
    """{(year, key): value or "withheld"} of the rows that are not zero."""
    return {
        (r.year, r.key): "withheld" if r.withheld else r.value
        for r in table.rows
        if r.withheld or r.value
    }


# ---------------------------------------------------------------- which facts are published


def test_only_public_facts_become_datasets(facts: None) -> None:
    assert [d.code for d in datasets()] == [
        "test.visits.by-province",
        "test.visits.by-size-kind",
        "test.visits.by-activity",
        "test.firms.by-province",
        "test.firms.by-size-kind",
        "test.firms.by-activity",
        "test.deals.by-province",
        "test.deals.by-size-kind",
        "test.deals.by-activity",
        "test.days.by-province",
        "test.days.by-size-kind",
        "test.days.by-activity",
        "test.proposals.by-province",
        "test.proposals.by-size-kind",
        "test.proposals.by-activity",
    ]
    assert dataset("test.notes.by-province") is None


@pytest.mark.django_db
def test_the_builder_refuses_a_fact_that_is_not_public(facts: None, provinces: object) -> None:
    cell("test.notes", 140201, "23", firms=40)
    with pytest.raises(PermissionError):
        tables.build(Dataset(fact=SECRET, shape=SHAPES[0]))


@pytest.mark.django_db
def test_no_fact_the_modules_keep_private_is_published() -> None:
    """Over the real catalog: every fact marked not public (need details, clinic notes, bank
    data, invoice-level figures) is absent, every public one present."""
    published = {d.fact.code for d in datasets()}
    for code, found in catalog.facts().items():
        assert (code in published) is found.public, code


# ---------------------------------------------------------------- tables, hand-computed


@pytest.mark.django_db
def test_a_flow_by_province_withholds_the_small_cell_and_its_complement(visits: None) -> None:
    table = tables.build(dataset("test.visits.by-province"))
    # National: 7 + 10 + 7 + 8 = 32 visits. Tehran's busiest month counts 4 firms: withheld;
    # its complement is the smallest other province, Qazvin (7).
    assert values(table) == {
        (1402, ("IR",)): 32,
        (1402, ("07",)): 8,
        (1402, ("10",)): 10,
        (1402, ("23",)): "withheld",
        (1402, ("26",)): "withheld",
    }
    # Every province has its row, the empty ones at zero (nothing to protect there).
    assert len(table.rows) == 32
    zero = next(r for r in table.rows if r.key == ("11",))
    assert (zero.value, zero.withheld) == (0, False)


@pytest.mark.django_db
def test_a_table_by_size_and_kind_keeps_every_line_safe(visits: None) -> None:
    table = tables.build(dataset("test.visits.by-size-kind"))
    shown = values(table)
    # Everything is small or sme. Small: Tehran 7, Isfahan 6, Qazvin 7, Fars 8 = 28 visits, the
    # busiest month (Farvardin) 4 + 6 = 10 firms; medium: Isfahan's 4 firms, withheld, and so
    # small (its line's only other cell with visits). Both totals stay: the national total is
    # the same as in the province table.
    assert shown == {
        (1402, ("all", "all")): 32,
        (1402, ("all", "sme")): 32,
        (1402, ("small", "all")): "withheld",
        (1402, ("small", "sme")): "withheld",
        (1402, ("medium", "all")): "withheld",
        (1402, ("medium", "sme")): "withheld",
    }
    national = tables.build(
        dataset("test.visits.by-province"), Selection(values={"province": "IR"})
    )
    assert [r.value for r in national.rows] == [32]


@pytest.mark.django_db
def test_a_table_by_economic_activity(facts: None, provinces: object, client) -> None:
    cell("test.visits", 140201, "23", firms=9, isic_division="25")
    cell("test.visits", 140201, "10", firms=8, isic_division="25")
    cell("test.visits", 140201, "10", firms=6, isic_division="")
    table = tables.build(dataset("test.visits.by-activity"))
    assert values(table) == {
        (1402, ("all",)): 23,
        (1402, ("25",)): 17,
        (1402, ("none",)): 6,
    }
    english(client)
    csv = client.get("/open/datasets/test.visits.by-activity/data.csv", {"isic_division": "25"})
    assert csv.content.decode("utf-8-sig").splitlines() == [
        "Jalali year,Economic activity (ISIC division) code,Economic activity (ISIC division),"
        "Value,Withheld",
        '1402,25,"Manufacture of fabricated metal products, except machinery and equipment",17,no',
    ]


@pytest.mark.django_db
def test_a_stock_adds_up_to_each_year_end_and_guards_small_increments(
    facts: None, provinces: object
) -> None:
    cell("test.firms", 140105, "23", firms=20)
    cell("test.firms", 140207, "23", firms=2)  # 1402 - 1401 would show Tehran's 2 newcomers
    cell("test.firms", 140103, "10", firms=9)
    cell("test.firms", 140210, "10", firms=6)
    cell("test.firms", 140112, "26", firms=7)
    table = tables.build(dataset("test.firms.by-province"))
    assert values(table) == {
        (1401, ("IR",)): 36,
        (1401, ("10",)): 9,
        (1401, ("23",)): 20,
        (1401, ("26",)): 7,
        (1402, ("IR",)): 44,
        (1402, ("10",)): 15,
        (1402, ("23",)): "withheld",
        (1402, ("26",)): "withheld",  # Tehran's complement
    }


@pytest.mark.django_db
def test_rials_are_withheld_below_three_firms(facts: None, provinces: object) -> None:
    cell("test.deals", 140201, "23", firms=2, rows=2, total=900_000)
    cell("test.deals", 140201, "10", firms=3, rows=5, total=5_000_000)
    cell("test.deals", 140201, "26", firms=4, rows=4, total=7_000_000)
    table = tables.build(dataset("test.deals.by-province"))
    assert values(table) == {
        (1402, ("IR",)): 12_900_000,
        (1402, ("10",)): "withheld",
        (1402, ("23",)): "withheld",
        (1402, ("26",)): 7_000_000,
    }


@pytest.mark.django_db
def test_a_mean_is_total_over_records(facts: None, provinces: object) -> None:
    cell("test.days", 140301, "23", firms=6, rows=10, total=125)
    cell("test.days", 140301, "10", firms=5, rows=4, total=40)
    table = tables.build(dataset("test.days.by-province"))
    assert values(table) == {
        (1403, ("IR",)): Decimal("11.8"),  # 165 / 14
        (1403, ("10",)): Decimal("10.0"),
        (1403, ("23",)): Decimal("12.5"),
    }
    empty = next(r for r in table.rows if r.key == ("11",))
    assert (empty.value, empty.withheld) == (None, False)


@pytest.mark.django_db
def test_a_series_is_one_more_dimension_with_its_total(
    facts: None, provinces: object, client
) -> None:
    cell("test.proposals", 140201, "23", firms=9, series="sent")
    cell("test.proposals", 140201, "23", firms=7, series="signed")
    cell("test.proposals", 140201, "10", firms=6, series="sent")
    cell("test.proposals", 140201, "10", firms=2, series="signed")
    found = dataset("test.proposals.by-province")
    assert found.dimensions == ("province", "series")
    shown = values(tables.build(found))
    # Isfahan's 2 signed are withheld: in Isfahan's line its sent (6) goes too, and in the
    # signed line Tehran's signed (7), then Tehran's sent (9) to close Tehran's line.
    assert shown == {
        (1402, ("IR", "all")): 24,
        (1402, ("IR", "sent")): 15,
        (1402, ("IR", "signed")): 9,
        (1402, ("10", "all")): 8,
        (1402, ("10", "sent")): "withheld",
        (1402, ("10", "signed")): "withheld",
        (1402, ("23", "all")): 16,
        (1402, ("23", "sent")): "withheld",
        (1402, ("23", "signed")): "withheld",
    }
    csv = client.get(
        "/open/datasets/test.proposals.by-province/data.csv", {"series": "signed", "province": "IR"}
    ).content.decode("utf-8-sig")
    assert csv.splitlines() == [
        "سال خورشیدی,کد استان,استان,کد زیرگروه,زیرگروه,مقدار,پنهان",
        "1402,IR,کل کشور,signed,Signed,9,خیر",
    ]


@pytest.mark.django_db
def test_the_shapes_of_a_fact_withhold_the_same_national_totals(
    monkeypatch: pytest.MonkeyPatch, provinces: object
) -> None:
    """Both shapes publish the national total of each series value. Alone, the province table
    would close its national line with «offered» (its own line already withholds Tehran) and
    the size table with «won» (its lines already withhold the knowledge-based 3): together
    they would give «lost» away. Suppressed together, they withhold the same ones."""
    bids = fact("test.bids", series="state", series_labels=lambda: {})
    use_facts(monkeypatch, bids)
    cell("test.bids", 140201, "23", firms=3, series="lost")
    cell("test.bids", 140201, "23", firms=2, series="offered")
    cell("test.bids", 140201, "10", firms=20, series="offered")
    cell("test.bids", 140201, "26", firms=6, size_class="medium", series="won")
    cell(
        "test.bids", 140201, "26", firms=3, size_class="large", kind="knowledge_based", series="won"
    )
    by_province = tables.build(
        dataset("test.bids.by-province"), Selection(values={"province": "IR"})
    )
    by_size = tables.build(
        dataset("test.bids.by-size-kind"), Selection(values={"size_class": "all", "kind": "all"})
    )
    national = {r.key[-1]: r.value for r in by_province.rows}
    assert national == {r.key[-1]: r.value for r in by_size.rows}
    assert national == {"all": 34, "lost": None, "offered": None, "won": None}


@pytest.mark.django_db
def test_filters_select_rows_of_the_suppressed_table(visits: None) -> None:
    code = "test.visits.by-province"
    whole = {(r.year, r.key): r for r in tables.build(dataset(code)).rows}
    for selection in (
        Selection(values={"province": "26"}),
        Selection(start=1402, end=1402),
        Selection(values={"province": "10"}, start=1402),
    ):
        for row in tables.build(dataset(code), selection).rows:
            assert whole[(row.year, row.key)] == row  # never recomputed, never less suppressed
    assert tables.build(dataset(code), Selection(start=1403)).rows == []


@pytest.mark.django_db
def test_the_builder_reads_only_stored_aggregates(visits: None) -> None:
    """No programme's rows: the facts' `rows` raise if called, and the only tables queried are
    the aggregate cells and the province names."""
    with CaptureQueriesContext(connection) as queries:
        tables.build(dataset("test.visits.by-province"))
        tables.build(dataset("test.visits.by-size-kind"))
    read = {
        table
        for q in queries.captured_queries
        for table in connection.introspection.table_names()
        if f'"{table}"' in q["sql"]
    }
    assert read == {"insights_cell", "registry_province", "registry_isicactivity"}
    # Per table: each of the three shapes' cells, the provinces, the ISIC divisions.
    assert len(queries.captured_queries) == 10


# ---------------------------------------------------------------- pages and downloads

PAGE = "/open/datasets/test.visits.by-province/"
CSV = "/open/datasets/test.visits.by-province/data.csv"
JSON = "/open/datasets/test.visits.by-province/data.json"


def english(client: object) -> None:
    client.cookies["karsaz_language"] = "en"  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_portal_lists_datasets_without_sign_in(client, visits: None) -> None:
    response = client.get("/open/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "test.visits به تفکیک استان و سال" in text
    assert "test.notes" not in text
    english(client)
    text = client.get("/open/").content.decode()
    assert "test.visits by province and year" in text and 'dir="ltr"' in text


@pytest.mark.django_db
def test_a_dataset_page_shows_its_metadata_and_a_preview(client, visits: None) -> None:
    response = client.get(PAGE)
    assert response.status_code == 200
    text = response.content.decode()
    for expected in (
        "سازمان صنایع کوچک و شهرک‌های صنعتی ایران",
        "CC BY 4.0",
        "روزانه",
        "۱۴۰۲/۰۱ – ۱۴۰۲/۰۵",
        "کل کشور",
        "۳۲",
        "پنهان",
    ):
        assert expected in text, expected
    english(client)
    text = client.get(PAGE).content.decode()
    for expected in (
        "Iran Small Industries",
        "Daily",
        "1402/01 – 1402/05",
        "Iran (all provinces)",
        "withheld",
    ):
        assert expected in text, expected


@pytest.mark.django_db
def test_csv_has_a_bom_and_headers_in_the_page_language(client, visits: None) -> None:
    response = client.get(CSV, {"province": "10"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="test.visits.by-province.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig").splitlines() == [
        "سال خورشیدی,کد استان,استان,مقدار,پنهان",
        "1402,10,اصفهان,10,خیر",
    ]
    english(client)
    lines = client.get(CSV, {"start": "1402", "province": "23"}).content.decode("utf-8-sig")
    assert lines.splitlines() == [
        "Jalali year,Province code,Province,Value,Withheld",
        "1402,23,Tehran,,yes",
    ]


@pytest.mark.django_db
def test_json_carries_the_metadata_and_the_rows(client, visits: None) -> None:
    english(client)
    response = client.get(JSON, {"province": "IR"})
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["dataset"] == "test.visits.by-province"
    assert body["title"] == {
        "fa": "test.visits به تفکیک استان و سال",
        "en": "test.visits by province and year",
    }
    assert body["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert body["columns"] == ["year", "province", "province_label", "value", "withheld"]
    assert body["rows"] == [
        {
            "year": 1402,
            "province": "IR",
            "province_label": "Iran (all provinces)",
            "value": 32,
            "withheld": False,
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "fa", "en"),
    [
        (
            {"start": "1402-13"},
            "ماه ۱۳ در تقویم شمسی وجود ندارد",
            "There is no month 13 in the Jalali calendar",
        ),
        ({"end": "۱۴۰۲/۰۰"}, "ماه ۰ در تقویم شمسی وجود ندارد", "There is no month 0"),
        ({"start": "soon"}, "یک سال خورشیدی مانند ۱۴۰۲", "Enter a Jalali year such as 1402"),
        (
            {"start": "1600"},
            "یک سال خورشیدی از ۱۳۰۰ تا ۱۵۰۰",
            "Enter a Jalali year from 1300 to 1500",
        ),
        (
            {"start": "1403", "end": "1402"},
            "پایان دوره پیش از آغاز آن است",
            "The end of the period comes before its start",
        ),
        (
            {"province": "99"},
            "«99» از مقدارهای این مجموعه‌داده نیست",
            "“99” is not one of this dataset’s values",
        ),
        (
            {"kind": "sme"},
            "این مجموعه‌داده تفکیکی بر اساس این فیلد ندارد",
            "This dataset has no breakdown by this field",
        ),
    ],
)
def test_bad_filters_are_a_400_in_the_users_language(
    client, visits: None, params: dict[str, str], fa: str, en: str
) -> None:
    for url in (PAGE, CSV, JSON):
        response = client.get(url, params)
        assert response.status_code == 400, url
        assert fa in response.content.decode(), url
    english(client)
    response = client.get(CSV, params)
    assert response.status_code == 400
    assert en in response.content.decode()


@pytest.mark.django_db
def test_persian_digits_are_read_in_filters(client, visits: None) -> None:
    response = client.get(CSV, {"start": "۱۴۰۲-۰۳", "province": "۲۶"})
    assert response.content.decode("utf-8-sig").splitlines()[1:] == ["1402,26,قزوین,,بله"]


@pytest.mark.django_db
def test_an_unknown_or_private_dataset_is_a_404(client, facts: None) -> None:
    for url in (
        "/open/datasets/nope/",
        "/open/datasets/test.notes.by-province/data.csv",
        "/open/datasets/test.visits.by-nothing/data.json",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_downloads_cost_the_same_queries_whatever_the_rows(
    client, visits: None, django_assert_num_queries
) -> None:
    with django_assert_num_queries(5):  # each shape's cells, the provinces, the divisions
        client.get(CSV)
    for month in (140301, 140302, 140401):
        for province in ("01", "02", "03"):
            cell("test.visits", month, province, firms=9)
    with django_assert_num_queries(5):
        client.get(CSV)


@pytest.mark.django_db
def test_pages_cost_the_same_queries_whatever_the_datasets(
    client, visits: None, django_assert_num_queries, monkeypatch: pytest.MonkeyPatch
) -> None:
    for many in (False, True):
        if many:  # twelve more public facts, each with a cell
            more = [fact(f"test.more{i}") for i in range(12)]
            use_facts(monkeypatch, VISITS, *more)
            for found in more:
                cell(found.code, 140201, "23", firms=9)
        with django_assert_num_queries(2):  # the coverage, the refreshes
            assert client.get("/open/").status_code == 200
        with django_assert_num_queries(7):  # the table (5), the coverage, the refreshes
            assert client.get(PAGE).status_code == 200
        with django_assert_num_queries(2):
            assert client.get("/open/catalog.jsonld").status_code == 200
