"""The module contract: what the real modules declare, and what the checks report."""

import types
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from karsaz.core import checks, modules
from karsaz.core.management_seed import demo_seeders
from karsaz.core.navigation import NavItem, staff_only
from karsaz.core.periodic import periodic_modules
from karsaz.technology.referrals import create_from_clinic_referral

APPS = ["registry", "accounts", "technology", "events", "clinics", "finance", "capital", "insights"]
# The shared notifications: pages and API, no demo of their own (the programmes' demos notify).
SHARED = ["notifications"]


def test_every_module_is_registered_in_settings_order() -> None:
    assert list(modules.registry["modules"]) == ["core", *APPS, *SHARED]


def test_navigation_items_in_order() -> None:
    assert [(i.url_name, i.order) for i in modules.registry["nav_items"]] == [
        ("core:home", 0),
        ("core:task_queues", 1),
        ("registry:enterprise_list", 10),
        ("technology:need_list", 20),
        ("technology:capability_list", 21),
        ("technology:proposal_list", 22),
        ("technology:pipeline", 23),
        ("events:event_list", 30),
        ("clinics:case_list", 40),
        ("clinics:dashboard", 41),
        ("finance:workspace", 50),
        ("capital:home", 60),
        ("capital:filing_list", 64),
        ("capital:advisers", 65),
        ("capital:pipeline", 66),
        ("insights:home", 70),
        ("open:index", 71),
        ("registry:import", 90),
    ]


def test_jobs_demo_and_urls() -> None:
    registry = modules.registry
    with_jobs = ("registry", "technology", "events", "clinics", "finance", "capital", "insights")
    assert dict(registry["jobs"]) == {label: f"karsaz.{label}.periodic" for label in with_jobs}
    # seed_demo runs them in this order: every module's data points at the registry's.
    assert dict(registry["demo"]) == {label: f"karsaz.{label}.demo.seed" for label in APPS}
    assert [seeder.__module__ for seeder in demo_seeders()] == [f"karsaz.{a}.demo" for a in APPS]
    assert periodic_modules() == [f"karsaz.{label}.periodic" for label in with_jobs]
    assert dict(registry["urls"]) == {label: f"karsaz.{label}.urls" for label in APPS + SHARED}
    assert dict(registry["api_urls"]) == {
        label: f"karsaz.{label}.api.urls" for label in APPS + SHARED
    }


def test_hooks() -> None:
    assert modules.hooks("clinic_referral") == {"technology": create_from_clinic_referral}
    assert modules.hooks("no_such_hook") == {}
    # Every programme tells insights what it counts; insights itself declares no fact.
    assert sorted(modules.hooks("insight_facts")) == [
        "capital", "clinics", "events", "finance", "registry", "technology",
    ]  # fmt: skip


def test_the_registry_is_frozen_once_read() -> None:
    with pytest.raises(ImproperlyConfigured):
        modules.registry.register(modules.registry["modules"]["finance"])
    with pytest.raises(TypeError):
        modules.registry["jobs"]["x"] = "y"  # type: ignore[index]


def test_staff_only() -> None:
    assert staff_only(types.SimpleNamespace(is_agency_staff=True)) is True
    assert staff_only(types.SimpleNamespace(is_agency_staff=False)) is False
    assert staff_only(object()) is False


def test_the_real_tree_passes_the_contract_checks() -> None:
    assert checks.module_contract() == []


def _fake_module(tmp_path: Path, **declared: object) -> modules.KarsazModule:
    """A module `fake` on disk with the whole file set, minus what the test deletes."""
    for name in checks.FILE_SET:
        target = tmp_path / (name if name in ("locale", "README.md") else f"{name}.py")
        target.parent.mkdir(parents=True, exist_ok=True)
        if name == "locale":
            target.mkdir()
        else:
            target.write_text("")
    config_class = type("FakeConfig", (modules.KarsazModule,), {"label": "fake", **declared})
    package = types.ModuleType("fake")
    package.__path__ = [str(tmp_path)]
    return config_class("fake", package)


def test_a_complete_module_passes(tmp_path: Path) -> None:
    assert checks.file_set_messages(_fake_module(tmp_path)) == []


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    module = _fake_module(tmp_path)
    (tmp_path / "selectors.py").unlink()
    messages = checks.file_set_messages(module)
    assert [(m.id, m.msg) for m in messages] == [
        ("karsaz.W001", "Module 'fake' has no selectors (the module contract's file set).")
    ]


def test_a_package_counts_and_declared_jobs_replace_periodic(tmp_path: Path) -> None:
    module = _fake_module(tmp_path, jobs="fake.jobs")
    (tmp_path / "services.py").unlink()
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "__init__.py").write_text("")
    (tmp_path / "periodic.py").unlink()
    assert checks.file_set_messages(module) == []


def test_a_declared_exception_silences_and_a_stale_one_is_reported(tmp_path: Path) -> None:
    module = _fake_module(tmp_path, file_set_exceptions={"filters": "none", "admin": "none"})
    (tmp_path / "filters.py").unlink()
    messages = checks.file_set_messages(module)
    assert [(m.id, m.msg) for m in messages] == [
        ("karsaz.W002", "Module 'fake' declares 'admin' missing but has it.")
    ]


def test_a_duplicate_nav_order_is_reported() -> None:
    items = [
        NavItem(label="A", url_name="a:x", order=40),
        NavItem(label="B", url_name="b:x", order=41),
        NavItem(label="C", url_name="c:x", order=40),
    ]
    messages = checks.nav_order_messages(items)
    assert [(m.id, m.msg) for m in messages] == [
        ("karsaz.E001", "Navigation items 'a:x' and 'c:x' share order 40.")
    ]


def test_a_declared_path_that_does_not_import_is_reported(tmp_path: Path) -> None:
    module = _fake_module(
        tmp_path, demo="karsaz.nowhere.seed", hooks={"h": "karsaz.core.modules.STORES"}
    )
    messages = checks.path_messages(module)
    assert [m.id for m in messages] == ["karsaz.E002", "karsaz.E002"]
    assert "demo = 'karsaz.nowhere.seed'" in messages[0].msg
    assert "hooks['h']" in messages[1].msg
