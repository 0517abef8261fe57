import pytest

from core.roles import Role
from tests.factories import person


@pytest.fixture
def teacher():
    return person(Role.TEACHER)


@pytest.fixture
def as_teacher(client, teacher):
    client.force_login(teacher)
    return client
