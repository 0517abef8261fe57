"""A real receiver for the whole session, and endpoints pointing at it."""

import itertools

import pytest

from core.roles import Role
from tests.factories import person
from tests.webhooks.receiver import start_receiver
from webhooks import services

_names = itertools.count()


@pytest.fixture(scope="session")
def receiver():
    running = start_receiver()
    yield running
    running.server.shutdown()


@pytest.fixture
def admin(db):
    return person(Role.DISTRICT_ADMIN)


@pytest.fixture
def settings_fast(settings):
    """Short timeouts, so that a hanging receiver costs the test under a second."""
    settings.WEBHOOKS_CONNECT_TIMEOUT = 1.0
    settings.WEBHOOKS_READ_TIMEOUT = 0.5
    return settings


@pytest.fixture
def endpoint(admin, receiver):
    """`endpoint("ok", event_types=[...])` -> an endpoint at a fresh path of that kind of
    receiver, whose secret the receiver verifies with."""

    def make(kind="ok", *, event_types=None, auth=None, **fields):
        name = f"e{next(_names)}"
        created = services.endpoint_create(
            actor=admin, url=receiver.url(kind, name), event_types=event_types, auth=auth, **fields
        )
        receiver.secrets[f"/{kind}/{name}"] = created.secret
        receiver.secrets[f"/ok/{name}-target"] = created.secret
        created.receiver_path = (kind, name)
        return created

    return make
