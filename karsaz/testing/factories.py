"""factory_boy factories for tests and benchmarks (a test dependency, never imported by the app)."""

import itertools
from typing import Any

import factory

from karsaz.accounts.models import User
from karsaz.core.persian import to_persian_digits
from karsaz.core.validators import national_id_with_check
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Enterprise, Membership, Province
from karsaz.registry.services import enterprise_search_text

# Not 10_000_000: «1410000000x» has six zeros in the middle, which no valid national ID has.
_ids = itertools.count(10_100_000)


def fresh_national_id() -> str:
    return national_id_with_check(f"14{next(_ids):08d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.ir")
    first_name = "کاربر"
    last_name = factory.Sequence(lambda n: f"آزمایشی {to_persian_digits(n)}")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234-word")

    @factory.post_generation
    def _save(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name_fa = factory.Sequence(lambda n: f"شرکت صنایع آزمون {to_persian_digits(n)}")
    name_en = factory.Sequence(lambda n: f"Test Industries {n}")
    kind = EnterpriseKind.SME
    national_id = factory.LazyFunction(fresh_national_id)
    employees = 25
    province = factory.LazyFunction(lambda: Province.objects.get(code="26"))
    city = "قزوین"
    phone = "02833334444"
    email = "info@example.ir"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Enterprise:
        enterprise = model_class(*args, **kwargs)
        enterprise.search_text = enterprise_search_text(enterprise)
        enterprise.save()
        return enterprise


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    role = MembershipRole.OWNER
