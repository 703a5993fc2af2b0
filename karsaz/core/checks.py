"""System checks of the module contract (`core.modules`), run by `manage.py check` and `make test`.

- karsaz.W001: a module lacks a contract file and does not declare it in `file_set_exceptions`.
- karsaz.W002: a module declares an exception for a file it has (the list stays honest).
- karsaz.E001: two navigation items share an `order` (the header order would depend on luck).
- karsaz.E002: a declared dotted path (jobs, demo, urls, api_urls, hooks) does not import.
"""

from collections.abc import Iterable
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from django.core.checks import CheckMessage, Error, Warning, register
from django.utils.module_loading import import_string

from karsaz.core.modules import KarsazModule, modules
from karsaz.core.navigation import NavItem

# Every domain module has these; a name is a module (`x.py`) or a package (`x/`).
FILE_SET = (
    "models",
    "choices",
    "services",
    "selectors",
    "permissions",
    "filters",
    "admin",
    "tasks",
    "periodic",
    "api/serializers",
    "api/views",
    "api/urls",
    "locale",
    "README.md",
)


def _has(root: Path, name: str) -> bool:
    if name in ("locale", "README.md"):
        return (root / name).exists()
    return (root / f"{name}.py").is_file() or (root / name / "__init__.py").is_file()


def file_set_messages(module: KarsazModule) -> list[CheckMessage]:
    root = Path(module.path)
    declared = module.file_set_exceptions
    messages: list[CheckMessage] = []
    for name in FILE_SET:
        present = _has(root, name) or (name == "periodic" and module.jobs is not None)
        if not present and name not in declared:
            messages.append(
                Warning(
                    f"Module {module.label!r} has no {name} (the module contract's file set).",
                    hint=f"Add it, or declare {name!r} in file_set_exceptions with the reason.",
                    obj=module,
                    id="karsaz.W001",
                )
            )
        elif present and name in declared:
            messages.append(
                Warning(
                    f"Module {module.label!r} declares {name!r} missing but has it.",
                    hint="Remove it from file_set_exceptions.",
                    obj=module,
                    id="karsaz.W002",
                )
            )
    for name in sorted(set(declared) - set(FILE_SET)):
        messages.append(
            Warning(
                f"Module {module.label!r} declares an exception for {name!r}, "
                "which the file set does not list.",
                obj=module,
                id="karsaz.W002",
            )
        )
    return messages


def nav_order_messages(items: Iterable[NavItem]) -> list[CheckMessage]:
    seen: dict[int, str] = {}
    messages: list[CheckMessage] = []
    for item in items:
        if item.order in seen:
            messages.append(
                Error(
                    f"Navigation items {seen[item.order]!r} and {item.url_name!r} "
                    f"share order {item.order}.",
                    hint="Give each NavItem its own order.",
                    id="karsaz.E001",
                )
            )
        seen.setdefault(item.order, item.url_name)
    return messages


def path_messages(module: KarsazModule) -> list[CheckMessage]:
    declared: list[tuple[str, str]] = [
        (kind, path)
        for kind in ("jobs", "urls", "api_urls")
        if (path := getattr(module, kind)) is not None
    ]
    messages: list[CheckMessage] = []
    for kind, path in declared:
        if find_spec(path) is None:
            messages.append(_bad_path(module, kind, path))
    callables = [("demo", module.demo)] if module.demo else []
    callables += [(f"hooks[{name!r}]", path) for name, path in module.hooks.items()]
    for kind, path in callables:
        try:
            target = import_string(path)
        except ImportError:
            messages.append(_bad_path(module, kind, path))
            continue
        if not callable(target):
            messages.append(_bad_path(module, kind, path))
    return messages


def _bad_path(module: KarsazModule, kind: str, path: str) -> CheckMessage:
    return Error(
        f"Module {module.label!r} declares {kind} = {path!r}, which does not import.",
        obj=module,
        id="karsaz.E002",
    )


@register()
def module_contract(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    every = modules()
    for module in every:
        if module.domain:
            messages += file_set_messages(module)
        messages += path_messages(module)
    messages += nav_order_messages(item for module in every for item in module.nav_items)
    return messages
