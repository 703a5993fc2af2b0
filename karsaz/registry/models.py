from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from karsaz.accounts.scope import forget_memberships
from karsaz.core.i18n import page_digits, page_language
from karsaz.core.validators import (
    validate_economic_code,
    validate_national_id,
    validate_phone,
    validate_postal_code,
    validate_sheba,
)
from karsaz.registry.choices import EnterpriseKind, IsicLevel, MembershipRole, ParkKind
from karsaz.registry.sizing import size_class_for


class Province(models.Model):
    """One of Iran's 31 provinces, keyed by the Statistical Centre's two-digit code."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=64)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name_fa


class City(models.Model):
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="cities")
    name_fa = models.CharField(_("Persian name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=64)
    is_capital = models.BooleanField(_("provincial capital"), default=False)

    class Meta:
        ordering = ["province__code", "-is_capital", "name_fa"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.UniqueConstraint(fields=["province", "name_fa"], name="city_unique_in_province")
        ]

    def __str__(self) -> str:
        return self.name_fa


class IndustrialPark(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="parks")
    name_fa = models.CharField(_("Persian name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=16, choices=ParkKind.choices)
    city_en = models.CharField(_("city"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["province__code", "name_fa"]
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")
        constraints = [
            models.UniqueConstraint(fields=["province", "name_fa"], name="park_unique_in_province")
        ]

    def __str__(self) -> str:
        return self.name_fa


class IsicActivity(models.Model):
    """ISIC Rev.4: sections, divisions and (for manufacturing) four-digit classes."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.CharField(_("level"), max_length=8, choices=IsicLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    title_fa = models.CharField(_("Persian title"), max_length=255)
    title_en = models.CharField(_("English title"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISIC activity")
        verbose_name_plural = _("ISIC activities")

    def __str__(self) -> str:
        if page_language() == "fa":
            return f"{page_digits(self.code)} {self.title_fa}"
        return f"{self.code} {self.title_en or self.title_fa}"


class Enterprise(models.Model):
    """An organisation in the agency's registry. Fields below `private` show only to its scope."""

    name_fa = models.CharField(_("Persian name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    # The normalizer's search key of every name and ID: what search compares against.
    search_text = models.TextField(editable=False, default="", db_index=False)
    kind = models.CharField(_("kind"), max_length=20, choices=EnterpriseKind.choices)
    national_id = models.CharField(
        _("national ID"), max_length=11, unique=True, validators=[validate_national_id]
    )
    economic_code = models.CharField(
        _("economic code"), max_length=14, blank=True, validators=[validate_economic_code]
    )
    employees = models.PositiveIntegerField(_("employees"), default=0)
    isic = models.ForeignKey(
        IsicActivity,
        verbose_name=_("ISIC activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        limit_choices_to=~Q(level=IsicLevel.SECTION),
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="enterprises"
    )
    city = models.CharField(_("city"), max_length=64, blank=True)
    park = models.ForeignKey(
        IndustrialPark,
        verbose_name=_("industrial park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    kb_certificate_no = models.CharField(
        _("knowledge-based certificate"), max_length=32, blank=True
    )
    kb_certificate_expires = models.DateField(_("certificate expires"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=10, blank=True, validators=[validate_postal_code]
    )
    sheba = models.CharField(_("Sheba"), max_length=26, blank=True, validators=[validate_sheba])
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        ordering = ["name_fa", "id"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [
            # The list's ORDER BY name_fa, id LIMIT 25 walks this index instead of sorting
            # every row (a million, at national scale).
            models.Index(fields=["name_fa", "id"], name="enterprise_list_order_idx"),
            models.Index(fields=["province", "kind"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["employees"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="enterprise_certificate_has_expiry",
                condition=Q(kb_certificate_no="") | Q(kb_certificate_expires__isnull=False),
                violation_error_message=_("A knowledge-based certificate needs its expiry date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_fa

    @property
    def size_class(self) -> str:
        return size_class_for(self.employees).value

    @property
    def size_label(self) -> str:
        return str(size_class_for(self.employees).label)

    @property
    def kb_certificate_valid(self) -> bool:
        return bool(
            self.kb_certificate_no
            and self.kb_certificate_expires
            and self.kb_certificate_expires >= timezone.localdate()
        )


class Membership(models.Model):
    """A person's role in an enterprise: what lets them act for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices)
    title = models.CharField(_("job title"), max_length=128, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        forget_memberships(self._state.fields_cache.get("user"))

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        forget_memberships(self._state.fields_cache.get("user"))
        return super().delete(*args, **kwargs)
