"""Names in exports follow the page's language, Persian when there is no English name."""

from types import SimpleNamespace

from django.utils.translation import override

from karsaz.core.exports import export_name


def test_export_name_follows_the_language() -> None:
    both = SimpleNamespace(name_fa="صنایع کویر", name_en="Kavir Industries")
    persian_only = SimpleNamespace(name_fa="صنایع کویر", name_en="")
    with override("fa"):
        assert [export_name(both), export_name(persian_only), export_name(None)] == [
            "صنایع کویر",
            "صنایع کویر",
            "",
        ]
    with override("en"):
        assert [export_name(both), export_name(persian_only)] == ["Kavir Industries", "صنایع کویر"]
