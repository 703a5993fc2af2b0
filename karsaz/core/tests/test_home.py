"""The home page: each role sees its own panels, drawn from every module's `home_panels`."""

import pytest
from django.urls import reverse


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who", ["admin", "national", "qazvin_officer", "sme_owner", "tehran_member", "outsider"]
)
def test_every_role_gets_a_page(client, users, who):
    client.force_login(getattr(users, who))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
