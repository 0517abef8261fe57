import pytest

from core.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_platform_operator_signs_in_on_the_public_host_and_lists_districts(operator_client):
    client = operator_client
    page = client.get("/admin/district/district/", HTTP_HOST="localhost").content.decode()
    assert "riverside" in page and "lakeview" in page
    domains = client.get("/admin/district/domain/", HTTP_HOST="localhost").content.decode()
    assert "riverside.localhost" in domains


def test_district_hosts_have_no_django_admin(client):
    admin = person(Role.DISTRICT_ADMIN)
    client.force_login(admin)
    assert client.get("/admin/", HTTP_HOST="riverside.localhost").status_code == 404


def test_district_people_cannot_sign_in_to_the_platform_admin(client):
    person(Role.DISTRICT_ADMIN, email="da@example.org")
    response = client.post(
        "/admin/login/",
        {"username": "da@example.org", "password": "correct-horse-battery"},
        HTTP_HOST="localhost",
    )
    # The form again, saying so: there is no such operator in the public schema.
    assert response.status_code == 200
    assert "Please enter the correct email and password for a staff account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_platform_row_is_neither_listed_nor_deletable_in_the_admin(operator_client):
    from district.models import District

    client = operator_client
    public = District.objects.get(schema_name="public")
    assert (
        client.get(f"/admin/district/district/{public.pk}/change/", HTTP_HOST="localhost").status_code == 302
    )
    riverside = District.objects.get(schema_name="riverside")
    assert (
        client.get(f"/admin/district/district/{riverside.pk}/delete/", HTTP_HOST="localhost").status_code
        == 403
    )
    with pytest.raises(ValueError, match="never dropped"):
        public.delete()
