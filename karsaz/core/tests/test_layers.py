"""Layer rules import-linter cannot see, checked over the source tree's AST (after Zulip's
`tools/linter_lib/custom_check.py`).

- `orm-in-view`: no `Model.objects` nor queryset-building call in views (`<app>/views.py`,
  `<app>/views/*.py`, `<app>/api/views.py`): reads go through selectors, writes through services.
- `services-in-selectors`: a selector never imports services (selectors never write).
- `private-import`: no `from x import _name`: a private name stays in its module.
- `role-string`: the raw roles "owner" / "manager" only in accounts/scope.py and
  registry/choices.py (code compares with `EDITOR_ROLES` or `MembershipRole`).

`KNOWN` lists today's violations. The test fails when a new one appears AND when a listed one
is gone, so the list only shrinks and stays true: delete the entry when you fix it.
"""

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the karsaz package
QUERY_CALLS = frozenset(
    {
        "filter", "exclude", "annotate", "aggregate", "select_related", "prefetch_related",
        "values_list", "order_by", "get_or_create", "update_or_create", "bulk_create",
    }
)  # fmt: skip
ROLE_HOMES = {"accounts/scope.py", "registry/choices.py"}

KNOWN: dict[tuple[str, str], int] = {}


def _is_view(rel: str) -> bool:
    parts = rel.split("/")
    return (
        (len(parts) == 2 and parts[1] == "views.py")
        or (len(parts) == 3 and parts[1] == "views")
        or rel.endswith("/api/views.py")
    )


def _is_selector(rel: str) -> bool:
    parts = rel.split("/")
    return (len(parts) == 2 and parts[1] == "selectors.py") or (
        len(parts) == 3 and parts[1] == "selectors"
    )


def _violations(rel: str, tree: ast.AST) -> Counter[str]:
    found: Counter[str] = Counter()
    view, selector = _is_view(rel), _is_selector(rel)
    roles = rel not in ROLE_HOMES and not rel.endswith("/demo.py")
    for node in ast.walk(tree):
        if view and isinstance(node, ast.Attribute) and node.attr == "objects":
            found["orm-in-view"] += 1
        elif view and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in QUERY_CALLS:
                found["orm-in-view"] += 1
        elif isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names]
            module = node.module or ""
            if selector and (
                module.split(".")[-1] == "services" or ".services." in module or "services" in names
            ):
                found["services-in-selectors"] += 1
            found["private-import"] += sum(
                name.startswith("_") and not name.startswith("__") for name in names
            )
        elif roles:
            found["role-string"] += _role_strings(node)
    return found


def _role_strings(node: ast.AST) -> int:
    """Raw roles where a role is tested: compared (`role in ("owner", "manager")`) or passed as a
    role keyword (`role__in=[...]`). A field that happens to be named "owner" is not a role."""
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
    elif isinstance(node, ast.keyword) and node.arg and "role" in node.arg:
        operands = [node.value]
    else:
        return 0
    return sum(
        isinstance(sub, ast.Constant) and sub.value in ("owner", "manager")
        for operand in operands
        for sub in ast.walk(operand)
    )


def scan() -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/migrations/" in rel or "/tests/" in rel or rel.startswith("testing/"):
            continue
        for rule, count in _violations(rel, ast.parse(path.read_text(), rel)).items():
            if count:
                counts[(rel, rule)] = count
    return counts


def test_no_new_layer_violations_and_the_known_list_is_true() -> None:
    counts = scan()
    new = {key: n for key, n in counts.items() if n > KNOWN.get(key, 0)}
    gone = {key: n for key, n in KNOWN.items() if counts.get(key, 0) < n}
    assert not new, f"New layer violations (fix them; see this file's docstring): {new}"
    assert not gone, f"Fixed, so shrink KNOWN to the counts now found: {gone} -> " + str(
        {key: counts.get(key, 0) for key in gone}
    )


def test_the_rules_bite() -> None:
    view = "from karsaz.x.models import Thing\nrows = Thing.objects.all().filter(a=1)\n"
    assert +_violations("x/views.py", ast.parse(view)) == Counter({"orm-in-view": 2})
    assert _violations("x/api/views.py", ast.parse(view))["orm-in-view"] == 2
    assert _violations("x/views/pages.py", ast.parse(view))["orm-in-view"] == 2
    assert +_violations("x/selectors.py", ast.parse(view)) == Counter()
    selector = "from karsaz.x import services\nfrom karsaz.x.services.a import b\n"
    assert +_violations("x/selectors.py", ast.parse(selector)) == Counter(
        {"services-in-selectors": 2}
    )
    private = "from karsaz.x.services import _helper, public, __all__\n"
    assert +_violations("y/forms.py", ast.parse(private)) == Counter({"private-import": 1})
    role = "if m.role == 'owner' or m.role in ('manager',): pass\n"
    assert +_violations("y/views.py", ast.parse(role)) == Counter({"role-string": 2})
    assert +_violations("accounts/scope.py", ast.parse(role)) == Counter()
    query = "Membership.objects.filter(role__in=['owner']); fields = ['owner', 'title']\n"
    assert +_violations("y/services.py", ast.parse(query)) == Counter({"role-string": 1})
