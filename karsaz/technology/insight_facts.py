"""The `insight_facts` hook: what the technology exchange counts.

Every fact is placed in the province, park, sector and size of the enterprise with the need
(the SME the exchange serves), except capabilities, which belong to their provider. Nothing
here reads a need's confidential details: counts, agreement values and dates only. The exchange
does not record who viewed which match, so "matches viewed" is not a fact.
"""

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from karsaz.core.facts import Fact, days_between, local_date
from karsaz.technology.choices import AgreementType, ProposalState
from karsaz.technology.models import Capability, Proposal, TechnologyNeed

SIGNED = (ProposalState.SIGNED, ProposalState.DELIVERED)


def _agreements() -> QuerySet[Proposal]:
    return Proposal.objects.filter(state__in=SIGNED, agreement_date__isnull=False)


def facts() -> tuple[Fact, ...]:
    return (
        Fact(
            code="technology.needs",
            label=_("Technology needs posted"),
            definition=_("Technology needs posted by enterprises, by month of posting."),
            unit="count",
            rows=TechnologyNeed.objects.all,
            enterprise="enterprise",
            date="created_at",
            changed="updated_at",
        ),
        Fact(
            code="technology.capabilities",
            label=_("Capabilities posted"),
            definition=_(
                "Capabilities posted by firms, universities and labs, by month of posting, "
                "placed at the provider."
            ),
            unit="count",
            rows=Capability.objects.all,
            enterprise="enterprise",
            date="created_at",
            changed="updated_at",
        ),
        Fact(
            code="technology.proposals",
            label=_("Proposals by state"),
            definition=_(
                "Proposals of a capability to a need, by month sent and by their current state, "
                "placed at the enterprise with the need."
            ),
            unit="count",
            rows=Proposal.objects.all,
            enterprise="need__enterprise",
            date="created_at",
            series="state",
            series_labels=lambda: dict(ProposalState.choices),
            changed="updated_at",
        ),
        Fact(
            code="technology.agreements",
            label=_("Agreements signed"),
            definition=_(
                "Proposals that reached a signed agreement (signed or delivered), by month of "
                "the agreement and its type; the value is the agreement's value in rials."
            ),
            unit="rials",
            rows=_agreements,
            enterprise="need__enterprise",
            date="agreement_date",
            value=lambda: F("agreement_value"),
            series="agreement_type",
            series_labels=lambda: dict(AgreementType.choices),
            changed="updated_at",
        ),
        Fact(
            code="technology.days_to_agreement",
            label=_("Days from need to agreement"),
            definition=_(
                "Mean days from the posting of a need to the date of an agreement signed on it, "
                "over the agreements signed in the period."
            ),
            unit="days",
            rows=_agreements,
            enterprise="need__enterprise",
            date="agreement_date",
            value=lambda: days_between(local_date("need__created_at"), F("agreement_date")),
            changed="updated_at",
            mean=True,
        ),
    )
