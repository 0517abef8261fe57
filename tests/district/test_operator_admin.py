"""The operators' admin on the public host lists only what lives in the public schema, and
every page it links to opens (accounts/admin_apps.py)."""

import re

import pytest
from django.contrib import admin
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from tests.support import totp_code

pytestmark = pytest.mark.django_db
PUBLIC = {"HTTP_HOST": "localhost", "REMOTE_ADDR": "198.51.100.31"}


@pytest.fixture
def operator_client(client):
    connection.set_schema_to_public()
    operator = User.objects.create_superuser(
        "ops@lodestar.example", "Platform-pass-1", first_name="O", last_name="P"
    )
    device = TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    signed_in = client.post(
        "/admin/login/?next=/admin/",
        {"username": operator.email, "password": "Platform-pass-1", "otp_token": totp_code(device)},
        **PUBLIC,
    )
    assert signed_in.status_code == 302
    return client


def test_only_public_schema_models_are_on_the_operators_site():
    labels = {model._meta.label for model in admin.site._registry}
    assert {"district.District", "district.Domain", "accounts.User"} <= labels
    assert not labels & {
        "integrations.IntegrationClient",
        "oauth2_provider.AccessToken",
        "socialaccount.SocialApp",
    }


def test_every_page_the_operators_index_links_to_opens(operator_client):
    index = operator_client.get("/admin/", **PUBLIC).content.decode()
    links = sorted(set(re.findall(r'href="(/admin/[a-z_]+/[a-z_]+/(?:add/)?)"', index)))
    assert "/admin/district/district/" in links
    for link in links:
        assert operator_client.get(link, **PUBLIC).status_code == 200, link
