import pytest

from core.permissions import actor_roles
from core.roles import Role
from tests.factories import person


@pytest.fixture
def pipeline_viewer():
    """Someone the leader pipeline is for (`pipeline.view`), their roles already read, as a
    request has read them before the page or the dashboard asks for the pipeline."""
    viewer = person(Role.CENTRAL_OFFICE)
    actor_roles(viewer)
    return viewer
