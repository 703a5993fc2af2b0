from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from karsaz.accounts.choices import AgencyRole, CurrencyUnit, Language


class User(AbstractUser):
    """A person who signs in. Agency staff carry a scope: national, or one province."""

    agency_role = models.CharField(
        _("agency role"), max_length=20, choices=AgencyRole.choices, default=AgencyRole.NONE
    )
    province = models.ForeignKey(
        "registry.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("The province a provincial officer serves."),
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FA
    )
    currency_unit = models.CharField(
        _("amounts in"), max_length=5, choices=CurrencyUnit.choices, default=CurrencyUnit.RIAL
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="provincial_staff_has_province",
                condition=~Q(agency_role=AgencyRole.PROVINCIAL_STAFF) | Q(province__isnull=False),
            )
        ]

    @property
    def is_agency_staff(self) -> bool:
        return self.is_superuser or self.agency_role != AgencyRole.NONE

    @property
    def is_national(self) -> bool:
        return self.is_superuser or self.agency_role in (
            AgencyRole.NATIONAL_ADMIN,
            AgencyRole.NATIONAL_STAFF,
        )

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
