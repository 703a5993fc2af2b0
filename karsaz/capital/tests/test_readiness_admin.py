"""The rule-set admin: unknown fact keys refused; a used rule set is read-only; the publish
action copies it as a new version."""

import pytest
from django.urls import reverse

from karsaz.capital import services
from karsaz.capital.admin import CriterionForm
from karsaz.capital.models import RuleSet
from karsaz.testing.factories_capital_readiness import readiness_world

pytestmark = pytest.mark.django_db


def test_a_criterion_on_an_unknown_fact_is_refused():
    rule_set = RuleSet.objects.get(market="novafarin", version=1)
    data = {"rule_set": rule_set.pk, "key": "vibes", "kind": "true", "weight": 1, "order": 9,
            "title_fa": "x", "title_en": "x"}  # fmt: skip
    form = CriterionForm(data)
    assert not form.is_valid() and list(form.errors) == ["key"]
    form = CriterionForm({**data, "key": "employees", "kind": "at_least", "threshold": 5})
    assert form.is_valid(), form.errors


def test_used_rule_sets_are_read_only_and_published_as_a_new_version(client, users):
    w = readiness_world()
    client.force_login(users.admin)
    v1 = RuleSet.objects.get(market="crowdfunding", version=1)
    url = reverse("admin:capital_ruleset_change", args=[v1.pk])
    assert client.get(url).status_code == 200
    data_before = client.get(url).content.decode()
    assert 'name="title_fa"' in data_before  # editable while unused
    services.assess(user=w.owner, enterprise=w.firm)
    assert 'name="title_fa"' not in client.get(url).content.decode()
    response = client.post(
        reverse("admin:capital_ruleset_changelist"),
        {"action": "publish_new_version", "_selected_action": [v1.pk]},
    )
    assert response.status_code == 302
    v2 = RuleSet.objects.get(market="crowdfunding", version=2)
    assert v2.active and not RuleSet.objects.get(pk=v1.pk).active
    assert list(v2.criteria.values_list("key", flat=True)) == list(
        v1.criteria.values_list("key", flat=True)
    )
