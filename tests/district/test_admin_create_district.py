"""Platform operators create a district from the platform admin on the public host, with
the same service as `create_district` (issue 12)."""

import pytest
from django_tenants.utils import tenant_context

from accounts.models import User
from district.models import District

pytestmark = pytest.mark.django_db
PUBLIC = {"HTTP_HOST": "localhost"}
ADD = "/admin/district/district/add/"


def form(**changes):
    return {
        "slug": "harbor",
        "name": "Harbor Schools",
        "domain": "Harbor.localhost",
        "timezone": "America/Denver",
        "admin_email": "first@harbor.example.org",
        **changes,
    }


def test_the_district_list_offers_to_create_one(operator_client):
    page = operator_client.get("/admin/district/district/", **PUBLIC).content.decode()
    assert ADD in page
    assert "First administrator" in operator_client.get(ADD, **PUBLIC).content.decode()


def test_an_operator_creates_a_district_with_its_first_administrator(operator_client):
    response = operator_client.post(ADD, form(), follow=True, **PUBLIC)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/admin/district/district/"
    assert "Created Harbor Schools (harbor) in " in page and " s at http" in page
    assert "first@harbor.example.org can set a password with this one-time link: http" in page
    harbor = District.objects.get(schema_name="harbor")
    assert harbor.is_ready and harbor.timezone == "America/Denver"
    assert harbor.get_primary_domain().domain == "harbor.localhost"
    with tenant_context(harbor):
        admin = User.objects.get(email="first@harbor.example.org")
        assert [m.role for m in admin.memberships.all()] == ["district_admin"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "riverside"}, "slug", 'A district with the slug "riverside" already exists.'),
        ({"domain": "lakeview.localhost"}, "domain", 'The domain "lakeview.localhost" already belongs'),
        ({"slug": "Bad Slug"}, "slug", "is not a valid slug"),
    ],
)
def test_a_taken_slug_or_host_is_a_clear_error_on_its_field(operator_client, changes, field, message):
    response = operator_client.post(ADD, form(**changes), **PUBLIC)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not District.objects.filter(schema_name="harbor").exists()


def test_district_hosts_have_no_such_page(client):
    assert client.get(ADD, HTTP_HOST="riverside.localhost").status_code == 404
