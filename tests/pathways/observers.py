"""How the permission-matrix test observes each pathways action through the API.

tests/core/test_permission_matrix.py calls `PATHWAYS_OBSERVERS[action](client, actor, world)`
and expects the Scope the API actually granted. Each area keeps its observers in its own
folder (tests/pathways/<area>/observers.py).
"""

from tests.pathways.catalog import observers as catalog
from tests.pathways.credentials import observers as credentials
from tests.pathways.programs import observers as programs
from tests.pathways.reviews import observers as reviews
from tests.pathways.submissions import observers as submissions

PATHWAYS_OBSERVERS = {
    **catalog.OBSERVERS,
    **reviews.OBSERVERS,
    **credentials.OBSERVERS,
    **programs.OBSERVERS,
    **submissions.OBSERVERS,
}
