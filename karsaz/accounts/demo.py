"""Demo users for every agency role. Passwords are printed and listed in the README."""

from typing import Any

from karsaz.accounts.choices import AgencyRole
from karsaz.accounts.models import User
from karsaz.registry.models import Province

DEMO_PASSWORD = "karsaz-demo-1405"  # noqa: S105 - demo data only, printed for the user

STAFF = (
    # username, first, last, role, province code, description
    (
        "admin",
        "مریم",
        "رضایی",
        AgencyRole.NATIONAL_ADMIN,
        None,
        "national administrator (superuser)",
    ),
    ("national", "علی", "احمدی", AgencyRole.NATIONAL_STAFF, None, "national officer"),
    ("qazvin", "سارا", "کریمی", AgencyRole.PROVINCIAL_STAFF, "26", "provincial officer, Qazvin"),
    ("tehran", "حسین", "موسوی", AgencyRole.PROVINCIAL_STAFF, "23", "provincial officer, Tehran"),
)


def demo_user(username: str, **fields: Any) -> User:
    user, created = User.objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    credentials = []
    for username, first, last, role, province_code, description in STAFF:
        province = Province.objects.get(code=province_code) if province_code else None
        demo_user(
            username,
            first_name=first,
            last_name=last,
            email=f"{username}@karsaz.example",
            agency_role=role,
            province=province,
            is_staff=role in (AgencyRole.NATIONAL_ADMIN, AgencyRole.NATIONAL_STAFF),
            is_superuser=role == AgencyRole.NATIONAL_ADMIN,
        )
        credentials.append((username, DEMO_PASSWORD, description))
    return credentials
