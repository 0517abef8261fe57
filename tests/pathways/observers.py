"""How the permission-matrix test observes each pathways action through the API.

tests/core/test_permission_matrix.py calls `PATHWAYS_OBSERVERS[action](client, actor, world)`
and expects the Scope the API actually granted. Each area keeps its observers in its own
module (observe_catalog, observe_reviews, observe_credentials, observe_programs).
"""

from tests.pathways import (
    observe_catalog,
    observe_credentials,
    observe_programs,
    observe_reviews,
    observe_submissions,
)

PATHWAYS_OBSERVERS = {
    **observe_catalog.OBSERVERS,
    **observe_reviews.OBSERVERS,
    **observe_credentials.OBSERVERS,
    **observe_programs.OBSERVERS,
    **observe_submissions.OBSERVERS,
}
