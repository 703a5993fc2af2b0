"""Background work of the technology exchange: dense vectors as records change, on the
`matching` queue (its own worker, so encoding never delays money, schedules or mail)."""

from django_tasks import task

from karsaz.technology import indexing
from karsaz.technology.choices import RecordKind, RecordStatus
from karsaz.technology.models import RecordVector, record_model


@task(queue_name="matching")
def encode_record(*, kind: str, record_id: int) -> bool:
    """Encodes one record's public text with the dense model (skipped when unchanged)."""
    return indexing.store_vector(kind, record_id)


@task(queue_name="matching")
def encode_missing(*, limit: int = 5000) -> int:
    """Encodes every open record that has no vector yet (after a seed or an import), and every
    indexed word that has no term vector."""
    done = 0
    encoded_before: dict[str, list[int]] = {}
    for kind in RecordKind:
        model = record_model(kind)
        have = set(RecordVector.objects.filter(kind=kind).values_list("record_id", flat=True))
        ids = list(model.objects.filter(status=RecordStatus.OPEN).values_list("pk", flat=True))
        encoded_before[kind] = [i for i in ids if i in have]
        for record_id in ids:
            if done >= limit:
                return done
            if record_id not in have and indexing.store_vector(kind, record_id):
                done += 1  # store_vector also stored the record's new words
    # Records encoded before term vectors existed (or by an older model) bring their words now.
    for name, before in encoded_before.items():
        indexing.store_missing_terms(name, before)
    return done


@task(queue_name="matching")
def compact_match_index() -> None:
    """Saves compacted indexes under var/ and prunes the change log (run periodically)."""
    for kind in RecordKind.values:
        indexing.compact_and_save(kind)
