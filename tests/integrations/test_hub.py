"""The Integrations area: one entry in the admin menu, a page that leads to each part."""

import pytest

from core.roles import Role
from tests.factories import person
from tests.support import get, signed_in

pytestmark = pytest.mark.django_db
HUB = "/integrations/"
PARTS = [
    "/integrations/identity/",
    "/integrations/roster/",
    "/integrations/clients/",
    "/integrations/webhooks/",
]


def test_the_admin_menu_leads_to_the_integrations_page_and_it_to_every_part(client):
    signed_in(client, person(Role.DISTRICT_ADMIN))
    assert f'href="{HUB}"' in get(client, "/").content.decode()
    page = get(client, HUB)
    assert page.status_code == 200
    for part in PARTS:
        assert f'href="{part}"' in page.content.decode()
        assert get(client, part).status_code == 200


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE])
def test_only_district_administrators_see_integrations(client, role):
    signed_in(client, person(role))
    assert f'href="{HUB}"' not in get(client, "/").content.decode()
    assert get(client, HUB).status_code == 403
    for part in PARTS:
        assert get(client, part).status_code == 403
