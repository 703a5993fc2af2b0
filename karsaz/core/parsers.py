"""The API's JSON parser: a body nested too deeply is a 400, never a RecursionError 500."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No Karsaz payload nests beyond a handful of levels; deeper input is refused before any
# serializer (or deepcopy of it) walks it recursively.
MAX_DEPTH = 32


def depth_exceeds(data: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether `data` nests lists or objects more than `limit` levels (iterative: no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        message = _("The JSON body is nested too deeply (at most {limit} levels).").format(
            limit=MAX_DEPTH
        )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(message) from exc
        if depth_exceeds(data):
            raise ParseError(message)
        return data
