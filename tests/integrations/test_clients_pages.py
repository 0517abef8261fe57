"""The page /integrations/clients/: list, create (secret shown once), rotate, revoke."""

import pytest

from core.roles import Role
from integrations.models import IntegrationClient
from integrations.services import integration_client_create
from tests.factories import person
from tests.support import assert_queries, get, page_queries, post, signed_in

pytestmark = pytest.mark.django_db
PAGE = "/integrations/clients/"


@pytest.fixture
def admin_page(client):
    return signed_in(client, person(Role.DISTRICT_ADMIN))


def test_create_shows_the_secret_once(admin_page):
    response = post(
        admin_page,
        PAGE,
        {
            "name": "Data warehouse",
            "scopes": ["assessments:aggregate", "frameworks:read"],
            "allowed_networks": "",
        },
    )
    assert response.status_code == 200
    created = IntegrationClient.objects.get()
    secret = response.context["issued"].secret
    page = response.content.decode()
    assert secret in page and created.client_id in page
    assert "copy the secret now" in page
    again = get(admin_page, PAGE).content.decode()
    assert "Data warehouse" in again and created.client_id in again
    assert secret not in again
    assert response["Cache-Control"].startswith("max-age=0")


def test_bad_input_is_shown_next_to_the_field(admin_page):
    response = post(
        admin_page, PAGE, {"name": "X", "scopes": ["roster:read"], "allowed_networks": "not-an-ip"}
    )
    assert response.status_code == 200
    assert "is not an IP address or network" in response.content.decode()
    assert not IntegrationClient.objects.exists()


def test_rotate_shows_the_new_secret_once(admin_page):
    issued = integration_client_create(actor=None, name="SIS", scopes=["roster:read"])
    response = post(admin_page, f"{PAGE}{issued.client.pk}/rotate/")
    assert response.status_code == 200
    new = response.context["issued"].secret
    assert new != issued.secret and new in response.content.decode()
    assert "The old secret and its tokens no longer work" in response.content.decode()
    assert new not in get(admin_page, PAGE).content.decode()


def test_revoke_marks_it_revoked(admin_page):
    issued = integration_client_create(actor=None, name="SIS", scopes=["roster:read"])
    response = post(admin_page, f"{PAGE}{issued.client.pk}/revoke/")
    assert response.status_code == 302
    page = get(admin_page, PAGE).content.decode()
    assert "revoked" in page and "Rotate secret" not in page


@pytest.mark.parametrize("role", [Role.TEACHER, Role.CENTRAL_OFFICE])
def test_others_are_refused(client, role):
    signed_in(client, person(role))
    assert get(client, PAGE).status_code == 403
    issued = integration_client_create(actor=None, name="SIS", scopes=["roster:read"])
    assert post(client, f"{PAGE}{issued.client.pk}/revoke/").status_code == 403
    assert IntegrationClient.objects.get().revoked_at is None


@pytest.mark.parametrize("rows", [1, 50])
def test_the_page_runs_a_fixed_number_of_queries(admin_page, rows):
    for n in range(rows):
        integration_client_create(actor=None, name=f"Client {n}", scopes=["roster:read"])
    _count, captured = page_queries(admin_page, PAGE, warm=True)
    # district (3), session, user, roles, the menu's unread count, the clients with their creators
    assert_queries(captured, 8, "The page must not grow a query per client")
