from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from karsaz.technology import selectors
from karsaz.technology.choices import RecordKind


class Command(BaseCommand):
    help = 'Ranks capabilities (or needs) for a free-text query: match --text "قالب تزریق"'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--text", required=True)
        parser.add_argument("--kind", choices=["capability", "need"], default="capability")
        parser.add_argument("--limit", type=int, default=10)

    def handle(self, *args: Any, **options: Any) -> None:
        kind = RecordKind.NEED if options["kind"] == "need" else RecordKind.CAPABILITY
        items = selectors.match_text(kind=kind, text=options["text"], limit=options["limit"])
        if not items:
            self.stdout.write("no match")
        for rank, item in enumerate(items, start=1):
            m = item.match
            why = (
                ", ".join([*m.terms, *(f"≈{c}" for c in m.concepts), *m.signals])
                or "dense similarity"
            )
            self.stdout.write(
                f"{rank:>2}. #{item.record.pk} {item.record.title} — {item.record.enterprise}"
                f"  [{m.score:.4f}; lexical {m.lexical_rank or '-'}, dense {m.dense_rank or '-'}]"
                f"\n    {why}"
            )
