"""Every list endpoint answers in a fixed number of queries, whatever the page holds.

A count that grows with the rows is an N+1: at district scale (thousands of people) it
turns a list request into thousands of round trips.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import api_token_create
from core.roles import Role
from tests.factories import SchoolFactory, SupervisionFactory, person

pytestmark = pytest.mark.django_db

# Every request: two search-path switches (public for the host lookup, then the
# district), the domain lookup, the token lookup and the actor's roles = 5. Then the
# page's COUNT and rows, plus one prefetch of memberships for people.
EXPECTED_QUERIES = {
    "schools": 7,
    "people": 8,
    "memberships": 7,
    "supervisions": 7,
    "tokens": 6,  # your own tokens need no role lookup
}


def make_rows(resource, n, admin):
    school = SchoolFactory()
    for i in range(n):
        if resource == "schools":
            SchoolFactory()
        elif resource in ("people", "memberships"):
            person(Role.TEACHER if i % 2 else Role.COACH, school=SchoolFactory() if i % 3 else school)
        elif resource == "supervisions":
            SupervisionFactory()
        elif resource == "tokens":
            api_token_create(actor=admin, name=f"token {i}")


def queries_for_list(api, resource, n):
    admin = person(Role.DISTRICT_ADMIN)
    make_rows(resource, n, admin)
    client = api(admin)
    client.get("/api/v1/me/")  # the first request stamps the token's last use
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/{resource}/", {"page_size": 100})
    assert response.status_code == 200
    assert response.json()["count"] >= n
    return len(captured), captured


@pytest.mark.parametrize("resource", sorted(EXPECTED_QUERIES))
@pytest.mark.parametrize("rows", [1, 50])
def test_list_endpoint_query_count_does_not_grow_with_rows(resource, rows, api):
    count, captured = queries_for_list(api, resource, rows)
    assert count == EXPECTED_QUERIES[resource], (
        f"GET /api/v1/{resource}/ with {rows} rows took {count} queries, expected "
        f"{EXPECTED_QUERIES[resource]} at any size:\n" + "\n".join(q["sql"] for q in captured)
    )
