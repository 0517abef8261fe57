import pytest
from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


@pytest.fixture
def operator_client(client):
    """A platform operator signed in to the public host's admin with a verified second factor
    (as after the password and the code: tests/district/test_operator_sign_in.py)."""
    connection.set_schema_to_public()
    operator = User.objects.create_superuser(
        "ops@lodestar.example", "Platform-pass-1", first_name="O", last_name="P"
    )
    device = TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    client.force_login(operator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
