"""One firm rule for readiness and the dossier (`permissions/firms.py`): for every kind of user,
the one-firm answer and the filter agree, readiness and the dossier differ only in that a firm's
plain member (not owner or manager) sees its readiness but not its filings, and revoking the
adviser's engagement ends its access to both."""

import pytest
from django.db.models import Q

from karsaz.capital import services
from karsaz.capital.models import Filing
from karsaz.capital.permissions import CapitalScope
from karsaz.registry.models import Enterprise
from karsaz.testing.factories_capital_dossier import engage, open_filing

pytestmark = pytest.mark.django_db

# user: (roles to the firm for readiness, roles for the dossier)
EXPECTED = {
    "owner": ({"firm"}, {"firm"}),
    "employee": ({"firm"}, set()),
    "adviser": ({"adviser"}, {"adviser"}),
    "adviser2": (set(), set()),
    "qazvin_officer": ({"staff"}, {"staff"}),
    "tehran_officer": (set(), set()),
    "national": ({"staff"}, {"staff"}),
    "other_owner": (set(), set()),
    "outsider": (set(), set()),
}


def sees(dw, name: str) -> tuple[set[str], set[str], bool, bool, bool, bool]:
    scope = CapitalScope(getattr(dw, name))
    filing = Filing.objects.get(enterprise=dw.firm)
    return (
        set(scope.firm_roles(dw.firm.pk, dw.firm.province_id, editors_only=False)),
        set(scope.filing_parties(filing)),
        scope.can_view_readiness(dw.firm),
        Enterprise.objects.filter(scope.readiness_q(), pk=dw.firm.pk).exists(),
        scope.can_see_filing(filing),
        Filing.objects.filter(scope.filing_q() or Q(), pk=filing.pk).exists(),
    )


def test_one_rule_for_readiness_and_the_dossier(dw):
    open_filing(dw)
    engagement = engage(dw)
    for name, (readiness, dossier) in EXPECTED.items():
        r, d, view, listed, see, filed = sees(dw, name)
        assert (r, d) == (readiness, dossier), name
        assert view is listed is bool(readiness), name
        assert see is filed is bool(dossier), name
    services.engagement_revoke(user=dw.owner, engagement=engagement)
    assert sees(dw, "adviser") == (set(), set(), False, False, False, False)
