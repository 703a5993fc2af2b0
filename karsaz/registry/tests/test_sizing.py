import pytest
from django.test import override_settings

from karsaz.registry.models import Enterprise
from karsaz.registry.sizing import size_class_for, size_q
from karsaz.testing.factories import EnterpriseFactory


@pytest.mark.parametrize(
    ("employees", "size"),
    [
        (0, "micro"),
        (9, "micro"),
        (10, "small"),
        (49, "small"),
        (50, "medium"),
        (99, "medium"),
        (100, "large"),
    ],
)
def test_default_bounds(employees: int, size: str) -> None:
    assert size_class_for(employees) == size


@override_settings(KARSAZ_SIZE_BOUNDS=(5, 20, 250))
def test_bounds_are_configurable() -> None:
    assert size_class_for(5) == "small"
    assert size_class_for(249) == "medium"


@override_settings(KARSAZ_SIZE_BOUNDS=(50, 10, 250))
def test_bad_bounds_are_refused() -> None:
    with pytest.raises(ValueError):
        size_class_for(1)


@pytest.mark.django_db
def test_size_filter_matches_the_property() -> None:
    for n in (3, 10, 60, 400):
        EnterpriseFactory(employees=n)
    for size in ("micro", "small", "medium", "large"):
        matched = Enterprise.objects.filter(size_q(size))
        assert matched.count() == 1
        assert all(e.size_class == size for e in matched)
