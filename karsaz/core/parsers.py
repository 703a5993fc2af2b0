"""The API's parsers: a JSON body nested too deeply, or any body with a NUL character (which
PostgreSQL cannot store), is a 400, never a RecursionError or DataError 500."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from karsaz.core.middleware import nul_message

# No Karsaz payload nests beyond a handful of levels; deeper input is refused before any
# serializer (or deepcopy of it) walks it recursively.
MAX_DEPTH = 32


def contains_nul(data: Any) -> bool:
    """Whether any key or string inside `data` holds a NUL character (iterative)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _refuse_nul(data: Any) -> None:
    if contains_nul(data):
        raise ParseError(nul_message())


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
        _refuse_nul(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _refuse_nul(dict(data.lists()))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        result = super().parse(stream, media_type, parser_context)
        _refuse_nul(dict(result.data.lists()))
        return result
