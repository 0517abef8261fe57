"""How the permission-matrix test observes each dashboard action through the API.

tests/core/test_permission_matrix.py calls `DASHBOARD_OBSERVERS[action](client, actor, world)`
and expects the Scope the API actually granted. Each area keeps its observers in its own
module.
"""

from tests.dashboards import observe_district, observe_roadmap, observe_school

DASHBOARD_OBSERVERS = {
    **observe_district.OBSERVERS,
    **observe_school.OBSERVERS,
    **observe_roadmap.OBSERVERS,
}
