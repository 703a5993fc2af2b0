"""Mutation testing, one module at a time: ``python scripts/mutation.py [MODULE ...]``.

mutmut reads its settings from ``pyproject.toml`` in the folder it runs in, and keeps its state in
``mutants/`` there. So each module runs in its own folder ``var/mutation/<module>/``: a link to
``karsaz``, ``conftest.py`` and ``manage.py``, and a ``pyproject.toml`` holding the project's own
pytest settings plus a ``[tool.mutmut]`` narrowed to that module and its test files (the table
``[tool.mutmut.modules]`` of the project's ``pyproject.toml``, module → tests). Modules run one
after another and keep their results: ``cd var/mutation/<module> && mutmut results`` lists the
survivors. No argument runs every module of the table. ``MUTATION_TESTS="a.py b.py"`` runs other
test files instead of the table's (to measure a baseline before new tests).
"""

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHILDREN = os.environ.get("MUTATION_CHILDREN", "1")


def toml_value(value: object) -> str:
    """The TOML spelling of the values the generated file needs (JSON happens to match)."""
    return json.dumps(value, ensure_ascii=False)


def config_for(module: str, tests: list[str], project: dict) -> str:
    pytest_options = project["tool"]["pytest"]["ini_options"]
    mutmut = project["tool"]["mutmut"]
    extra = mutmut.get("pytest_add_cli_args", [])
    lines = ["[tool.pytest.ini_options]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in pytest_options.items()]
    lines += [
        "",
        "[tool.mutmut]",
        f"source_paths = {toml_value(mutmut['source_paths'])}",
        f"only_mutate = {toml_value([module])}",
        f"also_copy = {toml_value(mutmut['also_copy'])}",
        # The test database in a file, built once by the first (stats) run and reused by every
        # mutant's fork (see scripts/mutation_settings.py).
        "pytest_add_cli_args = "
        + toml_value(["-p", "mutation_caches", "--ds=mutation_settings", "--reuse-db", *extra]),
        f"pytest_add_cli_args_test_selection = {toml_value(tests)}",
    ]
    return "\n".join(lines) + "\n"


def run(module: str, tests: list[str], project: dict) -> dict:
    slug = module.removeprefix("karsaz/").removesuffix(".py").strip("/*").replace("/", ".")
    folder = ROOT / "var" / "mutation" / slug
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("karsaz", "conftest.py", "manage.py"):
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name)
    (folder / "pyproject.toml").write_text(config_for(module, tests, project), "utf-8")
    subprocess.run(["rm", "-rf", str(folder / "mutants")], check=True)  # noqa: S603, S607
    mutmut = str(BIN / "mutmut")
    # scripts/ on the path: the plugin that empties Karsaz's caches before each test.
    test_db = folder / "test.sqlite3"
    test_db.unlink(missing_ok=True)  # built afresh for this run, then reused by every mutant
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "scripts"),
        "MUTATION_TEST_DB": str(test_db),
    }
    env.pop("DATABASE_URL", None)
    run_mutmut = [mutmut, "run", "--max-children", CHILDREN]
    subprocess.run(run_mutmut, cwd=folder, env=env, check=True)  # noqa: S603
    subprocess.run([mutmut, "export-cicd-stats"], cwd=folder, env=env, check=True)  # noqa: S603
    stats = json.loads((folder / "mutants" / "mutmut-cicd-stats.json").read_text())
    stats["module"] = module
    return stats


def main(selected: list[str]) -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    table: dict[str, list[str]] = project["tool"]["mutmut"]["modules"]
    modules = selected or list(table)
    unknown = [m for m in modules if m not in table]
    if unknown:
        print(f"not in [tool.mutmut.modules]: {', '.join(unknown)}", file=sys.stderr)
        return 2
    override = os.environ.get("MUTATION_TESTS", "").split()
    rows = [run(module, override or table[module], project) for module in modules]
    # mutmut's own score: killed (timeouts count as killed) over every mutant not skipped; a
    # mutant no test reaches ("no tests") counts as a survivor.
    head = ("mutants", "killed", "survived", "no tests", "score")
    print("\n" + f"{'module':40}" + "".join(f" {h:>8}" for h in head))
    for row in rows:
        killed = row["killed"] + row["timeout"]
        tested = row["total"] - row["skipped"]
        score = 100 * killed / tested if tested else 100.0
        print(
            f"{row['module']:40} {row['total']:>8} {killed:>8} {row['survived']:>8}"
            f" {row['no_tests']:>8} {score:>7.1f}%"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
