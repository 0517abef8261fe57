"""The submissions list (API) and "My micro-credentials" (page) answer in a fixed number of
queries, whatever the number of attempts: a person's attempts, and an administrator's view
of everyone's, grow every year; a count that grows with the rows is an N+1."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from pathways.models import Submission, SubmissionStatus
from tests.factories import person
from tests.pathways.factories import micro_credential

pytestmark = pytest.mark.django_db

# Every API request: two search-path switches, the domain, the token and the actor's roles
# = 5. The list then reads the policy (max attempts, shown on each row) and one page of
# attempts with their micro-credential and person joined in: no COUNT (cursor pages).
API_LIST = 7
# An administrator's list also writes one INSERT of audit rows for the others' attempts.
API_LIST_FOR_ADMIN = 8
# The page: two search-path switches, the domain, the session and the user; the attempts
# (their micro-credential joined) and the policy; then the base template's navigation (the
# actor's roles) and unread badge.
PAGE = 9


def make(teacher, n):
    """`n` attempts of `teacher`, all of one micro-credential (every one but the last not yet)."""
    mc = micro_credential()
    for attempt in range(1, n + 1):
        status = SubmissionStatus.IN_PROGRESS if attempt == n else SubmissionStatus.NOT_YET
        Submission.objects.create(micro_credential=mc, person=teacher, attempt=attempt, status=status)


def captured(client, path, **params):
    client.get(path)  # the first request stamps the token's last use and warms the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response, queries


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("who", ["owner", "admin"])
def test_the_list_endpoint_costs_the_same_at_1_and_50_rows(api, rows, who):
    teacher = person(Role.TEACHER)
    make(teacher, rows)
    actor = teacher if who == "owner" else person(Role.DISTRICT_ADMIN)
    response, queries = captured(api(actor), "/api/v1/submissions/", page_size=100)
    assert len(response.json()["results"]) == rows
    expected = API_LIST if who == "owner" else API_LIST_FOR_ADMIN
    assert len(queries) == expected, (
        f"{rows} rows as {who} took {len(queries)} queries, expected {expected}:\n"
        + "\n".join(q["sql"] for q in queries)
    )


@pytest.mark.parametrize("rows", [1, 50])
def test_my_micro_credentials_page_costs_the_same_at_1_and_50_rows(api, rows):
    teacher = person(Role.TEACHER)
    make(teacher, rows)
    response, queries = captured(api(teacher, session=True), "/my/micro-credentials/")
    assert response.content.decode().count("Attempt ") == rows
    assert len(queries) == PAGE, f"{rows} rows took {len(queries)} queries, expected {PAGE}:\n" + "\n".join(
        q["sql"] for q in queries
    )
