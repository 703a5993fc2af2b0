from django.utils.translation import gettext_lazy as _

from karsaz.core import modules
from karsaz.core.navigation import NavItem, staff_only


class ClinicsConfig(modules.KarsazModule):
    name = "karsaz.clinics"
    label = "clinics"
    verbose_name = _("Business clinics")
    nav_items = (
        NavItem(label=_("Business clinics"), url_name="clinics:case_list", order=40),
        NavItem(
            label=_("Clinic oversight"), url_name="clinics:dashboard", order=41, visible=staff_only
        ),
    )
    jobs = "karsaz.clinics.periodic"
    demo = "karsaz.clinics.demo.seed"
    urls = "karsaz.clinics.urls"
    api_urls = "karsaz.clinics.api.urls"
    hooks = {
        "insight_facts": "karsaz.clinics.insight_facts.facts",
        "firm_record": "karsaz.clinics.record.firm_record",
        "clinic_intake": "karsaz.clinics.intake.request_case",
        "firm_timeline": "karsaz.clinics.timeline.firm_timeline",
        "clinic_clients": "karsaz.clinics.cohorts.clinic_clients",
        "home_panels": "karsaz.clinics.home_panels.panels",
    }

    def ready(self) -> None:
        super().ready()
        from django.contrib.auth import get_user_model

        from karsaz.clinics.models import Clinic, Consultant
        from karsaz.core.fragments import FILTER_CHOICES
        from karsaz.core.panelcache import drop_on_write
        from karsaz.registry.models import Enterprise

        # The case filter's clinics (named by their enterprise) and consultants (by their user).
        drop_on_write(FILTER_CHOICES, (Clinic, Consultant, Enterprise, get_user_model()))
