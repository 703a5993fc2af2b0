"""Every fact the installed modules declare through the `insight_facts` hook, by code."""

from functools import cache

from karsaz.core import modules
from karsaz.core.facts import Fact


@cache
def facts() -> dict[str, Fact]:
    """{code: fact} across modules, in the modules' order; a code declared twice is an error."""
    found: dict[str, Fact] = {}
    for label, provide in modules.hooks("insight_facts").items():
        for fact in provide():
            if not fact.code.startswith(f"{label}."):
                raise ValueError(f"{label} declares fact {fact.code!r} outside its prefix")
            if fact.code in found:
                raise ValueError(f"fact {fact.code!r} declared twice")
            found[fact.code] = fact
    return found


def fact(code: str) -> Fact | None:
    return facts().get(code)
